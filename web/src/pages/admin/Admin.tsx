/**
 * Administration for planners and admins. The tabs a role cannot use are hidden, but every
 * list and change is authorised again by the API (a 403 is shown as such).
 */
import { Card, Table, Tabs, Typography, Input, Space } from 'antd';
import { useState } from 'react';
import { audit, type AuditEntry } from '../../api/endpoints.js';
import { ApiState } from '../../components/ApiState.js';
import { useI18n } from '../../i18n/index.js';
import { navigate } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { useApi } from '../../lib/useApi.js';
import { DataSetsAdmin, FrameworksAdmin, TargetsAdmin } from './Metadata.js';
import { UsersAdmin } from './Users.js';

function AuditLog() {
  const { t, date } = useI18n();
  const [actor, setActor] = useState('');
  const [page, setPage] = useState(1);
  const entries = useApi((_s) => audit.list({ limit: 50, offset: (page - 1) * 50, ...(actor ? { actor } : {}) }), [actor, page]);
  return (
    <Card size="small" title={t('admin.audit')} extra={<Input.Search allowClear placeholder={t('admin.audit.who')} onSearch={(v) => { setActor(v.trim()); setPage(1); }} style={{ width: 200 }} />}>
      <ApiState loading={entries.loading} error={entries.error} onRetry={entries.reload}>
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          dataSource={entries.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ current: page, pageSize: 50, total: entries.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('admin.audit.when'), dataIndex: 'occurredAt', render: (d: string) => date(d, true), width: 170 },
            { title: t('admin.audit.who'), dataIndex: 'actor', width: 120 },
            { title: t('admin.audit.action'), dataIndex: 'action', width: 120 },
            { title: t('admin.audit.entity'), render: (_, e) => `${e.entity} ${e.entityKey}`, ellipsis: true },
            { title: t('admin.audit.detail'), render: (_, e) => <code style={{ fontSize: 12 }}>{e.reason ?? JSON.stringify(e.newValue ?? e.context ?? null)?.slice(0, 120)}</code>, ellipsis: true },
          ]}
        />
      </ApiState>
    </Card>
  );
}

export default function Admin({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { has } = useSession();
  const tab = params.tab ?? (has('admin') ? 'users' : 'frameworks');
  const items = [
    { key: 'frameworks', label: t('admin.frameworks'), children: <FrameworksAdmin /> },
    { key: 'targets', label: t('admin.targets'), children: <TargetsAdmin /> },
    { key: 'datasets', label: t('admin.datasets'), children: <DataSetsAdmin /> },
    { key: 'users', label: t('admin.users'), children: <UsersAdmin /> },
    { key: 'audit', label: t('admin.audit'), children: <AuditLog /> },
  ];
  return (
    <div data-testid="page-admin">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('admin.title')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Tabs activeKey={tab} onChange={(k) => navigate(`/admin/${k}${window.location.search}`)} items={items} destroyOnHidden />
      </Space>
    </div>
  );
}
