/**
 * Uniform loading, error and "not available" states. A missing endpoint says so in words
 * (the page never invents data to fill the gap).
 */
import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { NoRunError } from '../api/evaluation.js';
import { useI18n } from '../i18n/index.js';

export function errorText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof NoRunError) return t('evaluation.noRun', { year: error.query.year, region: error.query.region });
  if (error instanceof ApiError) {
    if (error.missingEndpoint) return t('app.missingApi', { endpoint: error.endpoint ?? '' });
    if (error.status === 403) return `${t('app.forbidden')} (${error.message})`;
    if (error.status === 409) return t('app.conflict');
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface ApiStateProps {
  readonly loading: boolean;
  readonly error: unknown;
  readonly empty?: boolean;
  readonly onRetry?: () => void;
  readonly children?: ReactNode;
}

/** Renders children once loaded; otherwise a spinner, an error with retry, or "no data". */
export function ApiState({ loading, error, empty, onRetry, children }: ApiStateProps) {
  const { t } = useI18n();
  if (error) {
    const missing = (error instanceof ApiError && error.missingEndpoint) || error instanceof NoRunError;
    return (
      <Alert
        role="alert"
        type={missing ? 'info' : 'error'}
        showIcon
        title={missing ? undefined : t('app.error')}
        description={errorText(error, t)}
        action={onRetry && !missing ? <Button size="small" onClick={onRetry}>{t('app.retry')}</Button> : undefined}
      />
    );
  }
  if (loading) {
    return (
      <div style={{ padding: 24, textAlign: 'center' }} aria-busy="true">
        <Spin /> <span style={{ marginInlineStart: 8 }}>{t('app.loading')}</span>
      </div>
    );
  }
  if (empty) return <Empty description={t('app.empty')} />;
  return <>{children}</>;
}
