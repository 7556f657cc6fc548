/**
 * Review inbox: what awaits me (approve or return with a reason), what was returned to me,
 * what is overdue. Each submission opens with its completeness, flagged values with their
 * explanations, comments and the change from the previous period; clean submissions can be
 * approved in bulk. Every action is checked again by the server.
 */
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { reporting, type FormView, type InboxItem, type InstanceRef } from '../api/reporting.js';
import { ApiState, errorText } from '../components/ApiState.js';
import { StatusBadge } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

const refOf = (i: InboxItem): InstanceRef => ({ dataSet: i.dataSet, region: i.region, period: i.period });
const keyOf = (i: InboxItem) => `${i.dataSet}|${i.region}|${i.period}`;

/** Completeness of a form: share of cells with a value, in percent. */
export function completeness(form: FormView): number {
  if (!form.cells.length) return 0;
  return (form.cells.filter((c) => c.value !== null).length / form.cells.length) * 100;
}

/** Clean: nothing flagged, no failing rule, no blocker. */
export function isClean(form: FormView): boolean {
  return form.blockers.length === 0 && form.cells.every((c) => c.flags.length === 0) && form.rules.every((r) => r.outcome !== 'violated');
}

export default function ReviewInbox() {
  const { t, name, tx, period: fmtPeriod, num, unit, date } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState<string>('awaiting_my_action');
  const inbox = useApi((signal) => reporting.inbox({ reason }, signal), [reason]);
  const [open, setOpen] = useState<InboxItem | null>(null);
  const detail = useApi(open ? (signal) => reporting.form(refOf(open), signal) : null, [open && keyOf(open)]);
  const [returning, setReturning] = useState<{ item: InboxItem; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (item: InboxItem, action: 'approve' | 'return', why?: string) => {
    setBusy(`${keyOf(item)}:${action}`);
    setError(null);
    try {
      await reporting.act(refOf(item), action, item.version, why);
      message.success(action === 'approve' ? t('review.approved') : t('review.returned'));
      setOpen(null);
      inbox.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const bulkApprove = async () => {
    setBusy('bulk');
    setError(null);
    try {
      // Only clean submissions: nothing flagged, no failing rule, no open blocker.
      const clean: Array<InstanceRef & { expectedVersion: number }> = [];
      for (const item of inbox.data?.items ?? []) {
        if (!item.allowedActions.mayApprove) continue;
        const form = await reporting.form(refOf(item));
        if (isClean(form)) clean.push({ ...refOf(item), expectedVersion: form.status.version });
      }
      const result = clean.length ? await reporting.bulk('approve', clean) : { results: [] };
      const failed = result.results.filter((r) => !r.ok);
      message.success(t('review.bulkDone', { n: result.results.length - failed.length }));
      if (failed.length) setError(new Error(failed.map((f) => `${f.region} ${f.period}: ${f.error?.message ?? ''}`).join('; ')));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      inbox.reload();
    }
  };

  const counts = inbox.data?.counts;
  return (
    <div data-testid="page-review">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('review.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={reason}
          onChange={(v) => setReason(String(v))}
          options={[
            { value: 'awaiting_my_action', label: `${t('review.awaiting')}${counts ? ` (${counts.awaiting_my_action})` : ''}` },
            { value: 'returned_to_me', label: `${t('review.returnedToMe')}${counts ? ` (${counts.returned_to_me})` : ''}` },
            { value: 'overdue', label: `${t('review.overdue')}${counts ? ` (${counts.overdue})` : ''}` },
          ]}
        />
        {reason === 'awaiting_my_action' ? (
          <Button icon={<CheckOutlined />} onClick={() => void bulkApprove()} loading={busy === 'bulk'} data-testid="bulk-approve">{t('review.bulkApprove')}</Button>
        ) : null}
      </Space>
      {error ? <Alert role="alert" type="error" showIcon title={errorText(error, t)} closable onClose={() => setError(null)} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <ApiState loading={inbox.loading} error={inbox.error} onRetry={inbox.reload}>
          <Table<InboxItem>
            data-testid="inbox-table"
            size="small"
            rowKey={keyOf}
            dataSource={[...(inbox.data?.items ?? [])]}
            locale={{ emptyText: t('review.none') }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            columns={[
              { title: t('review.col.dataset'), render: (_, i) => name(i.dataSetName, i.dataSet) },
              { title: t('review.col.region'), dataIndex: 'regionName', render: (v: string, i) => <span data-testid={`inbox-region-${i.region}`}>{v || i.region}</span> },
              { title: t('review.col.period'), dataIndex: 'period', render: (p: string) => fmtPeriod(p) },
              { title: t('review.col.state'), dataIndex: 'state', render: (s: string) => <Tag>{tx(`workflow.${s}`, s)}</Tag> },
              { title: t('admin.dataset.due'), dataIndex: 'dueAt', render: (d: string) => date(d), responsive: ['md'] },
              {
                title: t('review.col.actions'),
                render: (_, i) => (
                  <Space wrap>
                    <Button size="small" onClick={() => setOpen(i)} data-testid={`inbox-open-${i.region}`}>{t('common.details')}</Button>
                    {i.allowedActions.mayApprove ? (
                      <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === `${keyOf(i)}:approve`} onClick={() => void act(i, 'approve')} data-testid={`approve-${i.region}`}>
                        {t('review.approve')}
                      </Button>
                    ) : null}
                    {i.allowedActions.mayReturn ? (
                      <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning({ item: i, text: '' })} data-testid={`return-${i.region}`}>
                        {t('review.return')}
                      </Button>
                    ) : null}
                    {reason !== 'awaiting_my_action' ? <Link to={`/entry?dataset=${encodeURIComponent(i.dataSet)}&region=${i.region}&period=${i.period}`}>{t('nav.entry')}</Link> : null}
                  </Space>
                ),
              },
            ]}
          />
        </ApiState>
      </Card>

      <Drawer open={!!open} onClose={() => setOpen(null)} size="large" title={open ? `${open.regionName} · ${fmtPeriod(open.period)}` : ''} data-testid="review-drawer">
        <ApiState loading={detail.loading} error={detail.error}>
          {detail.data ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <span>{t('review.col.completeness')}: <strong>{num(completeness(detail.data), 0)}%</strong></span>
                {isClean(detail.data) ? <StatusBadge status="on_track" label={t('review.clean')} arrow={false} /> : <StatusBadge status="watch" label={t('review.flags')} arrow={false} />}
              </Space>
              <Table
                size="small"
                rowKey="element"
                pagination={false}
                dataSource={[...detail.data.cells]}
                columns={[
                  { title: t('entry.col.element'), render: (_, c) => name(c.name, c.element) },
                  { title: t('entry.col.value'), render: (_, c) => (c.value === null ? t('quality.missing') : `${num(c.value)} ${unit(c.unit)}`) },
                  { title: t('review.previous'), render: (_, c) => (c.previousValue === null ? t('quality.missing') : num(c.previousValue)) },
                  {
                    title: t('review.change'),
                    render: (_, c) => (c.value !== null && c.previousValue ? `${c.value >= c.previousValue ? '+' : ''}${num(((c.value - c.previousValue) / Math.abs(c.previousValue)) * 100, 1)}%` : t('common.noValue')),
                  },
                  {
                    title: t('review.peers'),
                    render: (_, c) => {
                      const peer = c.flags.find((f) => f.reference.kind === 'sample' && f.method === 'peer_modified_z');
                      return peer && peer.reference.kind === 'sample' ? num(peer.reference.median) : t('common.noValue');
                    },
                  },
                  {
                    title: t('review.flags'),
                    render: (_, c) =>
                      c.flags.length ? (
                        <div data-testid={`review-flag-${c.element}`}>
                          {c.flags.map((f, i) => <div key={i}><StatusBadge status="watch" label={t('entry.outlier')} arrow={false} /> {name(f.message as { zh: string; en?: string })}</div>)}
                          <div><em>{t('review.comments')}:</em> {c.explanation ?? t('common.noValue')}</div>
                        </div>
                      ) : (
                        c.comment ?? ''
                      ),
                  },
                ]}
              />
              {open && open.allowedActions.mayApprove ? (
                <Space>
                  <Button type="primary" icon={<CheckOutlined />} onClick={() => void act(open, 'approve')}>{t('review.approve')}</Button>
                  <Button danger icon={<RollbackOutlined />} onClick={() => setReturning({ item: open, text: '' })}>{t('review.return')}</Button>
                </Space>
              ) : null}
            </Space>
          ) : null}
        </ApiState>
      </Drawer>

      <Modal
        open={!!returning}
        title={t('review.return')}
        okText={t('review.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !returning?.text.trim(), id: 'return-confirm' }}
        onOk={() => returning && void act(returning.item, 'return', returning.text.trim()).then(() => setReturning(null))}
        onCancel={() => setReturning(null)}
      >
        <label htmlFor="return-reason">{t('review.reason')}</label>
        <Input.TextArea id="return-reason" data-testid="return-reason" autoSize={{ minRows: 3 }} value={returning?.text ?? ''} onChange={(e) => returning && setReturning({ ...returning, text: e.target.value })} />
        {!returning?.text.trim() ? <div style={{ color: '#873800', fontSize: 12 }}>{t('review.reasonRequired')}</div> : null}
      </Modal>
    </div>
  );
}
