/**
 * Data entry for one data set × region × period: the grid, save without leaving (Ctrl+S),
 * the Excel template and upload with a per-cell error report, evidence, and submit. What
 * the user may do comes from the server's `allowedActions`; the server checks again.
 */
import { CloudUploadOutlined, DownloadOutlined, PaperClipOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, List, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.js';
import { reporting, type FormView, type InstanceRef, type UploadReport } from '../api/reporting.js';
import { ApiState, errorText } from '../components/ApiState.js';
import { EntryGrid, type GridEdits } from '../components/EntryGrid.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { useRegions } from '../components/FilterBar.js';
import { QualityTag } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { parseNumberInput, recentPeriods } from '../lib/periods.js';
import { useQueryParam } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { useApi } from '../lib/useApi.js';

const EMPTY: GridEdits = { values: {}, explanations: {} };

export default function DataEntry() {
  const { t, name, tx, period: fmtPeriod, date } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const [dataSetParam, setDataSet] = useQueryParam('dataset');
  const [regionParam, setRegion] = useQueryParam('region');
  const [periodParam, setPeriod] = useQueryParam('period');
  const regions = useRegions();
  const dataSets = useApi(() => reporting.dataSets(), []);
  const dataSet = (dataSets.data?.find((d) => d.dataSet.code === dataSetParam) ?? dataSets.data?.[0])?.dataSet;
  const region = regionParam ?? user?.captureScope[0] ?? null;
  const periods = useMemo(() => recentPeriods(dataSet?.periodType ?? 'year'), [dataSet?.periodType]);
  const period = periodParam && periods.includes(periodParam) ? periodParam : periodParam ?? periods[1] ?? null;
  const key: InstanceRef | null = dataSet && region && period ? { dataSet: dataSet.code, region, period } : null;
  const loaded = useApi(key ? (signal) => reporting.form(key, signal) : null, [key?.dataSet, key?.region, key?.period]);
  const [form, setForm] = useState<FormView | undefined>(undefined);
  const [edits, setEdits] = useState<GridEdits>(EMPTY);
  const [busy, setBusy] = useState<string | null>(null);
  const [importReport, setImportReport] = useState<UploadReport | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  useEffect(() => {
    setForm(loaded.data);
    setEdits(EMPTY);
  }, [loaded.data]);

  const dirty = Object.keys(edits.values).length > 0 || Object.keys(edits.explanations).length > 0;
  const invalid = Object.values(edits.values).some((v) => !parseNumberInput(v).ok);
  const readOnly = !form?.allowedActions.mayEdit;

  const save = async (): Promise<FormView | undefined> => {
    if (!key || !form || !dirty) return form;
    if (invalid) {
      message.error(t('entry.notNumber'));
      return undefined;
    }
    setBusy('save');
    setActionError(null);
    try {
      const values = Object.entries(edits.values).map(([element, text]) => ({ element, value: parseNumberInput(text).value }));
      const explanations = Object.fromEntries(Object.entries(edits.explanations).map(([k, v]) => [k, v.trim() ? v : null]));
      const next = await reporting.save(key, { expectedVersion: form.status.version, values, explanations });
      setForm(next);
      setEdits(EMPTY);
      message.success(t('entry.saved'));
      return next;
    } catch (error) {
      setActionError(error);
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    if (!key) return;
    const current = dirty ? await save() : form;
    if (!current) return;
    setBusy('submit');
    setActionError(null);
    try {
      await reporting.act(key, 'submit', current.status.version);
      message.success(t('entry.submitted'));
      loaded.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const upload = async (file: File) => {
    if (!key) return;
    if (dirty) {
      message.warning(t('entry.saveFirst'));
      return;
    }
    setBusy('upload');
    setActionError(null);
    setImportReport(null);
    try {
      const report = await reporting.upload(key, file);
      setImportReport(report);
      if (report.form) setForm(report.form);
      setEdits(EMPTY);
      message.success(t('entry.uploadDone', { changed: report.counts.changed, unchanged: report.counts.unchanged }));
    } catch (error) {
      // A rejected file (422) carries the per-cell report; anything else (403, 409, 423…) is an error.
      const details = error instanceof ApiError ? (error.details as UploadReport | undefined) : undefined;
      if (error instanceof ApiError && error.code === 'VITALS_E_IMPORT_REJECTED' && details?.problems) setImportReport({ ...details, status: 'rejected' });
      else setActionError(error);
    } finally {
      setBusy(null);
    }
  };

  const attach = async (file: File) => {
    if (!key) return;
    setBusy('attach');
    try {
      await reporting.attach(key, file);
      message.success(t('entry.uploaded'));
      loaded.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="page-entry">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('entry.title')}</Typography.Title>
      <div className="filter-bar">
        <span>
          <label htmlFor="entry-dataset">{t('entry.form')}</label>
          <Select
            id="entry-dataset"
            data-testid="entry-dataset"
            style={{ minWidth: 240 }}
            loading={dataSets.loading}
            value={dataSet?.code}
            onChange={(v) => setDataSet(v)}
            options={(dataSets.data ?? []).map((d) => ({ value: d.dataSet.code, label: name(d.dataSet.name, d.dataSet.code) }))}
            popupMatchSelectWidth={false}
          />
        </span>
        <span>
          <label htmlFor="entry-region">{t('filter.region')}</label>
          <RegionCascader id="entry-region" regions={regions.data ?? []} value={region} onChange={(c) => setRegion(c)} />
        </span>
        <span>
          <label htmlFor="entry-period">{t('filter.period')}</label>
          <Select id="entry-period" data-testid="entry-period" style={{ minWidth: 150 }} value={period ?? undefined} onChange={(v) => setPeriod(v)} options={periods.map((p) => ({ value: p, label: fmtPeriod(p) }))} />
        </span>
      </div>
      {dataSets.error ? <ApiState loading={false} error={dataSets.error} /> : null}
      {!key ? (
        <Alert type="info" showIcon title={t('entry.pick')} />
      ) : (
        <ApiState loading={loaded.loading && !form} error={loaded.error} onRetry={loaded.reload}>
          {form ? (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card size="small">
                <Space wrap size="middle" style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Space wrap>
                    <span>{t('entry.state')}:</span>
                    <Tag data-testid="entry-state" data-state={form.status.state}>{tx(`workflow.${form.status.state}`, form.status.state)}</Tag>
                    {form.status.state === 'final' ? <QualityTag quality="final" /> : null}
                    <span className="muted">{t('entry.version')} {form.status.version}</span>
                    {!form.window.open ? <Tag color="warning">{t('entry.window.closed')}</Tag> : null}
                    {readOnly && form.status.state !== 'draft' && form.status.state !== 'returned' ? <Tag>{t('entry.locked', { state: tx(`workflow.${form.status.state}`, form.status.state) })}</Tag> : null}
                    {dirty ? <Tag color="processing">{t('entry.unsaved')}</Tag> : null}
                  </Space>
                  <Space wrap>
                    <Button icon={<SaveOutlined />} onClick={() => void save()} disabled={!dirty || readOnly} loading={busy === 'save'} data-testid="entry-save">{t('entry.save')}</Button>
                    <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} disabled={!form.allowedActions.maySubmit && !dirty} loading={busy === 'submit'} data-testid="entry-submit">{t('entry.submit')}</Button>
                    <Button icon={<DownloadOutlined />} onClick={() => void reporting.template(key).catch((e) => setActionError(e))} data-testid="entry-template">{t('entry.template')}</Button>
                    <span data-testid="entry-upload">
                      <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void upload(file), false)} disabled={readOnly}>
                        <Button icon={<CloudUploadOutlined />} loading={busy === 'upload'} disabled={readOnly}>{t('entry.upload')}</Button>
                      </Upload>
                    </span>
                    <Upload showUploadList={false} beforeUpload={(file) => (void attach(file), false)} disabled={readOnly}>
                      <Button icon={<PaperClipOutlined />} loading={busy === 'attach'} disabled={readOnly}>{t('entry.attach')}</Button>
                    </Upload>
                  </Space>
                </Space>
              </Card>
              {actionError ? <Alert role="alert" type="error" showIcon title={errorText(actionError, t)} closable onClose={() => setActionError(null)} data-testid="entry-error" /> : null}
              {form.status.state === 'returned' && form.history.length ? (
                <Alert type="warning" showIcon data-testid="returned-reason" title={`${t('review.returned')}: ${form.history[form.history.length - 1]?.reason ?? ''}`} />
              ) : null}
              <Card size="small">
                <EntryGrid
                  cells={form.cells}
                  edits={edits}
                  readOnly={readOnly}
                  onValues={(changes) => setEdits((e) => ({ ...e, values: { ...e.values, ...changes } }))}
                  onExplanation={(k, text) => setEdits((e) => ({ ...e, explanations: { ...e.explanations, [k]: text } }))}
                  onPasted={(n) => message.info(t('entry.pasted', { n }))}
                />
              </Card>
              {form.blockers.length ? (
                <Card size="small" title={t('entry.problems')} data-testid="entry-blockers">
                  <List
                    size="small"
                    dataSource={[...form.blockers]}
                    renderItem={(b) => (
                      <List.Item>
                        <Space orientation="vertical" style={{ width: '100%' }}>
                          <span>{name(b.message as { zh: string; en?: string })}</span>
                          {b.kind === 'unexplained_warning' ? (
                            <Input.TextArea
                              aria-label={t('entry.explain')}
                              placeholder={t('entry.explain')}
                              autoSize
                              value={edits.explanations[b.key] ?? form.explanations[b.key] ?? ''}
                              onChange={(e) => setEdits((s) => ({ ...s, explanations: { ...s.explanations, [b.key]: e.target.value } }))}
                            />
                          ) : null}
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              ) : null}
              {importReport ? (
                <Card
                  size="small"
                  title={t('entry.uploadReport')}
                  data-testid="import-report"
                  data-status={importReport.status}
                  extra={<Button size="small" onClick={() => setImportReport(null)}>{t('common.close')}</Button>}
                >
                  {importReport.status === 'rejected' ? (
                    <Alert type="error" showIcon role="alert" style={{ marginBottom: 8 }} title={t('entry.uploadRejected', { count: importReport.problems.length })} />
                  ) : (
                    <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('entry.uploadDone', { changed: importReport.counts.changed, unchanged: importReport.counts.unchanged })} />
                  )}
                  {importReport.problems.length ? (
                    <Table
                      size="small"
                      rowKey={(p) => `${p.sheet}!${p.cell}`}
                      pagination={false}
                      dataSource={[...importReport.problems]}
                      columns={[
                        { title: t('entry.report.cell'), render: (_, p) => <code data-testid={`upload-problem-${p.cell}`}>{`${p.sheet}!${p.cell}`}</code>, width: 120 },
                        { title: t('entry.report.field'), render: (_, p) => tx(`entry.field.${p.field}`, p.field), width: 110 },
                        { title: t('entry.col.element'), render: (_, p) => (p.element ? name(form.cells.find((c) => c.element === p.element)?.name, p.element) : t('common.noValue')) },
                        { title: t('common.value'), dataIndex: 'value', render: (v: string | null) => v ?? t('common.noValue'), width: 110 },
                        { title: t('entry.report.reason'), render: (_, p) => name(p.message) },
                      ]}
                    />
                  ) : null}
                </Card>
              ) : null}
              <Descriptions size="small" bordered column={1}>
                <Descriptions.Item label={t('entry.attachments')}>
                  {form.attachments.length
                    ? form.attachments.map((a) => (
                        <div key={a.id}>
                          <a href={reporting.attachmentUrl(a.id)} download={a.fileName}>{a.fileName}</a> <span className="muted">({Math.ceil(a.sizeBytes / 1024)} KB)</span>
                        </div>
                      ))
                    : t('app.empty')}
                </Descriptions.Item>
                <Descriptions.Item label={t('entry.history')}>
                  {form.history.length ? (
                    <Timeline
                      items={form.history.map((h) => ({
                        content: `${date(h.at, true)} · ${h.actor} · ${tx(`workflow.${h.to}`, h.to)}${h.reason ? ` · ${h.reason}` : ''}`,
                      }))}
                    />
                  ) : (
                    t('app.empty')
                  )}
                </Descriptions.Item>
              </Descriptions>
            </Space>
          ) : null}
        </ApiState>
      )}
    </div>
  );
}
