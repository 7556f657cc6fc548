/**
 * "Run evaluation" for planners and admins (the API decides: others get 403). A run takes
 * seconds to a minute; the button shows progress and the page reloads when it is done.
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button } from 'antd';
import { useState } from 'react';
import { evaluation } from '../api/evaluation.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../lib/session.js';
import { errorText } from './ApiState.js';

export function RunEvaluation({ framework, region, year, onDone, extra }: { framework: string; region: string; year: number; onDone: () => void; extra?: { scheme?: unknown; indexConfig?: unknown } }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { has } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!has('planner') && !has('admin')) return null;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await evaluation.run({ framework, region: region.slice(0, 2) + '0000', year, ...(extra ?? {}) });
      message.success(t('evaluation.runDone', { id: created.run.id }));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <Button icon={<PlayCircleOutlined />} loading={busy} onClick={() => void run()} data-testid="run-evaluation">
        {busy ? t('evaluation.running') : t('evaluation.run')}
      </Button>
      {error ? <Alert type="error" showIcon title={errorText(error, t)} style={{ marginTop: 8 }} /> : null}
    </span>
  );
}
