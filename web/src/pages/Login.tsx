/** Password login; SSO providers can add buttons here later (docs/security.md). */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../components/ApiState.js';
import { useI18n } from '../i18n/index.js';
import { navigate, useLocation } from '../lib/router.js';
import { useSession } from '../lib/session.js';

export default function Login() {
  const { t } = useI18n();
  const { login } = useSession();
  const { query } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
      navigate(query.get('next') ?? '/');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card style={{ maxWidth: 400, margin: '48px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('auth.loginTitle')}</Typography.Title>
      {error ? <Alert role="alert" type="error" showIcon title={t('auth.loginFailed')} description={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
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
    </Card>
  );
}
