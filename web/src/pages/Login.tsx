/**
 * Password login, then — when the account must change its password (first login with a
 * generated one) — the change form. The server refuses every other call until then
 * (VITALS_E_PASSWORD_CHANGE_REQUIRED), so App.tsx also shows this page to a flagged session
 * restored on reload; there the current password is asked for, as it is not known from a login.
 * SSO providers can add buttons here later.
 */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { auth } from '../api/endpoints.js';
import { errorText } from '../components/ApiState.js';
import { useI18n } from '../i18n/index.js';
import { navigate, useLocation } from '../lib/router.js';
import { useSession } from '../lib/session.js';

export default function Login() {
  const { t } = useI18n();
  const { login, refresh, user } = useSession();
  const { query } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [mustChange, setMustChange] = useState<string | null>(null);
  const next = query.get('next') ?? '/';
  // A flagged session from before (page reload): the password it logged in with is unknown.
  const askCurrent = mustChange === null && !!user?.mustChangePassword;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(values.username, values.password);
      if (user.mustChangePassword) setMustChange(values.password);
      else navigate(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const change = async (values: { currentPassword?: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await auth.changePassword(mustChange ?? values.currentPassword ?? '', values.newPassword);
      await refresh();
      navigate(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 420, margin: '48px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{mustChange || askCurrent ? t('auth.changePassword') : t('auth.loginTitle')}</Typography.Title>
      {error ? <Alert role="alert" type="error" showIcon title={t('auth.loginFailed')} description={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      {mustChange || askCurrent ? (
        <Form layout="vertical" onFinish={change} requiredMark={false} key="change">
          {askCurrent ? (
            <Form.Item label={t('auth.currentPassword')} name="currentPassword" rules={[{ required: true, message: t('auth.required') }]}>
              <Input.Password autoComplete="current-password" data-testid="current-password" />
            </Form.Item>
          ) : null}
          <Form.Item label={t('auth.newPassword')} name="newPassword" rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password autoComplete="new-password" data-testid="new-password" autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-password-submit">
            {t('auth.changePassword')}
          </Button>
        </Form>
      ) : (
        <Form layout="vertical" onFinish={submit} requiredMark={false} key="login">
          <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('auth.required') }]}>
            <Input autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('auth.login')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
