/** Users, roles and scopes: list and create accounts (the API enforces users.manage). */
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { users, type NewUser, type User } from '../../api/endpoints.js';
import { ApiState, errorText } from '../../components/ApiState.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { useRegions } from '../../components/FilterBar.js';
import { useI18n } from '../../i18n/index.js';
import { useApi } from '../../lib/useApi.js';

const ROLES = ['admin', 'planner', 'reporter', 'reviewer', 'analyst'];

export function UsersAdmin() {
  const { t, tx, date, name } = useI18n();
  const { message } = App.useApp();
  const list = useApi((_s) => users.list({ limit: 200 }), []);
  const regions = useRegions();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generated, setGenerated] = useState<string | null>(null);
  const [form] = Form.useForm<NewUser & { capture?: string | null; view?: string | null }>();
  // The picker's tree leaves the nation out: name it here.
  const regionName = (code: string) => (code === '000000' ? t('level.nation') : name(regions.data?.find((x) => x.code === code)?.name, code));

  const create = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const created = await users.create({
        username: v.username,
        displayName: v.displayName,
        roles: v.roles,
        ...(v.capture ? { captureScope: [v.capture] } : {}),
        ...(v.view ? { viewScope: [v.view] } : {}),
        ...(v.password ? { password: v.password } : {}),
      });
      setGenerated(created.generatedPassword ?? null);
      message.success(t('admin.user.created'));
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card size="small" title={t('admin.users')} extra={<Button type="primary" onClick={() => setOpen(true)} data-testid="new-user">{t('admin.newUser')}</Button>}>
      {generated ? <Alert type="success" showIcon closable title={`${t('admin.user.password')}: ${generated}`} style={{ marginBottom: 12 }} /> : null}
      <ApiState loading={list.loading} error={list.error} onRetry={list.reload}>
        <Table<User>
          size="small"
          rowKey="id"
          dataSource={list.data?.items ?? []}
          scroll={{ x: 800 }}
          data-testid="users-table"
          columns={[
            { title: t('admin.user.username'), dataIndex: 'username' },
            { title: t('admin.user.displayName'), dataIndex: 'displayName' },
            { title: t('admin.user.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{tx(`role.${r}`, r)}</Tag>) },
            { title: t('admin.user.captureScope'), dataIndex: 'captureScope', render: (s: string[]) => s.map(regionName).join('、') },
            { title: t('admin.user.viewScope'), dataIndex: 'viewScope', render: (s: string[]) => s.map(regionName).join('、') },
            { title: t('admin.user.active'), dataIndex: 'disabled', render: (d: boolean) => (d ? t('common.no') : t('common.yes')) },
            { title: t('admin.user.lastLogin'), dataIndex: 'lastLoginAt', render: (d: string | null) => date(d, true), responsive: ['lg'] },
          ]}
        />
      </ApiState>
      <Modal open={open} title={t('admin.newUser')} onOk={() => void create()} onCancel={() => setOpen(false)} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ id: 'user-create-ok' }} width={560}>
        {error ? <Alert role="alert" type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item name="username" label={t('admin.user.username')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input data-testid="user-username" autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.user.displayName')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input data-testid="user-displayname" autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t('admin.user.password')}>
            <Input.Password data-testid="user-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.user.roles')} rules={[{ required: true, message: t('auth.required') }]}>
            <Select mode="multiple" data-testid="user-roles" options={ROLES.map((r) => ({ value: r, label: tx(`role.${r}`, r) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="capture" label={t('admin.user.captureScope')}>
              <RegionCascader regions={regions.data ?? []} value={form.getFieldValue('capture') ?? null} onChange={(c) => form.setFieldValue('capture', c)} id="user-capture" />
            </Form.Item>
            <Form.Item name="view" label={t('admin.user.viewScope')}>
              <RegionCascader regions={regions.data ?? []} value={form.getFieldValue('view') ?? null} onChange={(c) => form.setFieldValue('view', c)} id="user-view" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{t('admin.user.scopeNote')}</Typography.Paragraph>
    </Card>
  );
}
