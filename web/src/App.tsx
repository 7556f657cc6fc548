/**
 * The application shell: language and session providers, Ant Design's locale and an
 * accessible theme, the page layout and the routes.
 */
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { ApiState } from './components/ApiState.js';
import { Shell } from './components/Shell.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { matchPath, useLocation } from './lib/router.js';
import { SessionProvider, useSession } from './lib/session.js';

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
const page = (load: () => Promise<{ default: ComponentType<{ params: Record<string, string> }> }>): Page => lazy(load);

/** Route table: pattern → page (each page is its own chunk, so the overview loads first). */
export const ROUTES: ReadonlyArray<{ pattern: string; page: Page }> = [
  { pattern: '/', page: page(() => import('./pages/Overview.js')) },
  { pattern: '/map', page: page(() => import('./pages/MapPage.js')) },
  { pattern: '/indicators', page: page(() => import('./pages/IndicatorPage.js')) },
  { pattern: '/indicators/:code', page: page(() => import('./pages/IndicatorPage.js')) },
  { pattern: '/regions', page: page(() => import('./pages/RegionProfile.js')) },
  { pattern: '/regions/:code', page: page(() => import('./pages/RegionProfile.js')) },
  { pattern: '/assessment', page: page(() => import('./pages/Assessment.js')) },
  { pattern: '/index', page: page(() => import('./pages/HealthIndex.js')) },
  { pattern: '/entry', page: page(() => import('./pages/DataEntry.js')) },
  { pattern: '/review', page: page(() => import('./pages/ReviewInbox.js')) },
  { pattern: '/admin', page: page(() => import('./pages/admin/Admin.js')) },
  { pattern: '/admin/:tab', page: page(() => import('./pages/admin/Admin.js')) },
  { pattern: '/login', page: page(() => import('./pages/Login.js')) },
];

// WCAG AA: Ant Design's default blue (#1677ff, 4.1:1 on white) and secondary grey (#8c8c8c,
// 3.4:1) fall short of 4.5:1 for text; these pass (#0958d9 6.0:1, #595959 7.0:1).
const theme = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6e6e6e',
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
  },
};

const LoginPage = ROUTES.find((r) => r.pattern === '/login')!.page;

function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  const { user } = useSession();
  // The server answers nothing else until a flagged account changes its password.
  if (user?.mustChangePassword && path !== '/login') {
    return (
      <Suspense fallback={<ApiState loading error={undefined} />}>
        <LoginPage params={{}} />
      </Suspense>
    );
  }
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      const Page = route.page;
      return (
        <Suspense fallback={<ApiState loading error={undefined} />}>
          <Page params={params} />
        </Suspense>
      );
    }
  }
  return <h1>{t('app.notFound')}</h1>;
}

function Localised() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <SessionProvider>
          <Shell>
            <Routes />
          </Shell>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}
