/**
 * Page layout: a side menu (collapses to a drawer-like zero-width sider on phones), a header
 * with the language switch and the account, a skip link for keyboard users, and the
 * big-screen mode (大屏, `?screen=big`) that hides the chrome for projectors.
 */
import {
  BarChartOutlined,
  DashboardOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FundOutlined,
  GlobalOutlined,
  InboxOutlined,
  LineChartOutlined,
  LoginOutlined,
  LogoutOutlined,
  SettingOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { navigate, useLocation, withFilters } from '../lib/router.js';
import { useSession } from '../lib/session.js';

interface NavItem {
  readonly path: string;
  readonly key: MessageKey;
  readonly icon: ReactNode;
  /** Roles that see the entry; absent = everyone. The API still checks every request. */
  readonly roles?: readonly string[];
}

const NAV: readonly NavItem[] = [
  { path: '/', key: 'nav.overview', icon: <DashboardOutlined /> },
  { path: '/map', key: 'nav.map', icon: <EnvironmentOutlined /> },
  { path: '/indicators', key: 'nav.indicator', icon: <LineChartOutlined /> },
  { path: '/regions', key: 'nav.region', icon: <FundOutlined /> },
  { path: '/assessment', key: 'nav.assessment', icon: <TrophyOutlined /> },
  { path: '/index', key: 'nav.index', icon: <BarChartOutlined /> },
  { path: '/entry', key: 'nav.entry', icon: <EditOutlined />, roles: ['reporter'] },
  { path: '/review', key: 'nav.review', icon: <InboxOutlined />, roles: ['reporter', 'reviewer'] },
  { path: '/admin', key: 'nav.admin', icon: <SettingOutlined />, roles: ['admin', 'planner'] },
];

function activeKey(path: string): string {
  const match = NAV.filter((n) => n.path !== '/' && path.startsWith(n.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return match ? match.path : '/';
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, locale, setLocale, tx } = useI18n();
  const { user, logout } = useSession();
  const { path, query } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const bigScreen = query.get('screen') === 'big';
  const items = NAV.filter((n) => !n.roles || n.roles.some((r) => user?.roles.includes(r))).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: (
      <a href={n.path} onClick={(e) => e.preventDefault()} data-testid={`nav-${n.path.slice(1) || 'overview'}`}>
        {t(n.key)}
      </a>
    ),
  }));
  const languageButton = (
    <Button
      icon={<GlobalOutlined />}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
      data-testid="language-switch"
      aria-label={`${t('app.language')}: ${t('app.language.switch')}`}
      lang={locale === 'en' ? 'zh-CN' : 'en'}
    >
      {t('app.language.switch')}
    </Button>
  );

  if (bigScreen) {
    return (
      <div className="big-screen">
        <div className="big-screen-bar">
          <Typography.Title level={1} className="big-screen-title">{t('app.title')}</Typography.Title>
          <Space>
            {languageButton}
            <Button onClick={() => navigate(path + '?' + dropScreen(query), true)} data-testid="big-screen-exit">{t('app.bigScreen.exit')}</Button>
          </Space>
        </div>
        <main id="main">{children}</main>
      </div>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} collapsed={collapsed} onCollapse={setCollapsed} width={200} theme="light" className="app-sider" aria-label={t('app.menu')}>
        <div className="app-logo">
          <span aria-hidden className="app-logo-mark">V</span> {t('app.short')}
        </div>
        <nav>
          <Menu
            mode="inline"
            selectedKeys={[activeKey(path)]}
            items={items}
            onClick={({ key }) => {
              navigate(withFilters(String(key)));
              if (window.innerWidth < 992) setCollapsed(true);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Text strong className="app-header-title">{t('app.title')}</Typography.Text>
          <Space wrap size="small" className="app-header-tools">
            {languageButton}
            {user ? (
              <>
                <span data-testid="current-user">
                  <UserOutlined aria-hidden /> {user.displayName || user.username || user.id}{' '}
                  {user.roles.map((r) => <Tag key={r} style={{ marginInlineEnd: 2 }}>{tx(`role.${r}`, r)}</Tag>)}
                </span>
                <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/login'))} data-testid="logout">
                  {t('auth.logout')}
                </Button>
              </>
            ) : (
              <Button type="primary" icon={<LoginOutlined />} onClick={() => navigate('/login')} data-testid="login-link">
                {t('auth.login')}
              </Button>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="app-content">
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function dropScreen(query: URLSearchParams): string {
  const next = new URLSearchParams(query);
  next.delete('screen');
  return next.toString();
}
