/** Frameworks with their indicators, targets (entered by their original wording), data sets. */
import { Alert, Button, Card, Descriptions, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { metadata, type ParsedWording, type Target } from '../../api/metadata.js';
import { reporting, type DataSet } from '../../api/reporting.js';
import { ApiState, errorText } from '../../components/ApiState.js';
import { useFrameworks } from '../../components/FilterBar.js';
import { useI18n } from '../../i18n/index.js';
import { useFilters } from '../../lib/filters.js';
import { useApi } from '../../lib/useApi.js';

export function FrameworksAdmin() {
  const { t, name, tx, unit } = useI18n();
  const frameworks = useFrameworks();
  const { framework, setFramework } = useFilters();
  const detail = useApi((_s) => metadata.framework(framework), [framework]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('admin.frameworks')}>
        <ApiState loading={frameworks.loading} error={frameworks.error}>
          <Table
            size="small"
            rowKey={(f) => `${f.code}@${f.version}`}
            pagination={false}
            dataSource={[...(frameworks.data ?? [])]}
            onRow={(f) => ({ onClick: () => setFramework(f.code), style: { cursor: 'pointer', background: f.code === framework ? '#e6f4ff' : undefined } })}
            columns={[
              { title: t('admin.col.code'), dataIndex: 'code' },
              { title: t('admin.col.name'), render: (_, f) => name(f.name) },
              { title: t('admin.col.version'), dataIndex: 'version' },
              { title: t('admin.col.years'), render: (_, f) => `${f.startYear ?? ''}–${f.endYear ?? ''}` },
              { title: t('filter.status'), dataIndex: 'status' },
            ]}
          />
        </ApiState>
      </Card>
      <Card size="small" title={t('admin.frameworks.indicators')}>
        <ApiState loading={detail.loading} error={detail.error}>
          <Table
            size="small"
            rowKey="indicator"
            dataSource={detail.data?.indicators ?? []}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 700 }}
            columns={[
              { title: t('admin.col.code'), dataIndex: 'indicator' },
              { title: t('admin.col.name'), render: (_, i) => name(i.indicatorName) },
              { title: t('common.unit'), render: (_, i) => unit(i.unit) },
              { title: t('filter.group'), render: (_, i) => name(detail.data?.groups.find((g) => g.code === i.group)?.name, i.group ?? '') },
              { title: t('filter.nature'), render: (_, i) => (i.nature ? tx(`nature.${i.nature}`, i.nature) : '') },
            ]}
          />
        </ApiState>
      </Card>
    </Space>
  );
}

export function TargetsAdmin() {
  const { t, name, tx, num, unit } = useI18n();
  const { framework } = useFilters();
  const detail = useApi((_s) => metadata.framework(framework), [framework]);
  const targets = useApi(async () => (await metadata.targets({ framework })) as { items: Target[] }, [framework]);
  const [indicator, setIndicator] = useState<string | null>(null);
  const [year, setYear] = useState<number>(2027);
  const [wording, setWording] = useState('');
  const [parsed, setParsed] = useState<ParsedWording | null>(null);
  const [error, setError] = useState<unknown>(null);
  const parse = async () => {
    setError(null);
    try {
      setParsed(await metadata.parseWording(wording, indicator ?? undefined, year));
    } catch (e) {
      setParsed(null);
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`${t('admin.target.wording')} → ${t('admin.target.kind')}`}>
        <Space wrap align="start">
          <Select
            aria-label={t('filter.indicator')}
            style={{ minWidth: 240 }}
            placeholder={t('filter.indicator')}
            value={indicator ?? undefined}
            onChange={setIndicator}
            showSearch={{ optionFilterProp: 'label' }}
            options={(detail.data?.indicators ?? []).map((i) => ({ value: i.indicator, label: name(i.indicatorName) }))}
          />
          <InputNumber aria-label={t('admin.target.year')} min={2000} max={2100} value={year} onChange={(v) => setYear(Number(v))} />
          <Input.TextArea aria-label={t('admin.target.wording')} data-testid="target-wording" style={{ minWidth: 320 }} autoSize placeholder={t('admin.target.wording')} value={wording} onChange={(e) => setWording(e.target.value)} />
          <Button onClick={() => void parse()} disabled={!wording.trim()} data-testid="target-parse">{t('admin.target.parse')}</Button>
        </Space>
        {error ? <Alert type="error" showIcon title={errorText(error, t)} style={{ marginTop: 12 }} /> : null}
        {parsed ? (
          <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }} data-testid="target-parsed">
            <Descriptions.Item label={t('admin.target.kind')}><Tag>{parsed.kind}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('admin.target.confidence')}>{parsed.confidence}</Descriptions.Item>
            <Descriptions.Item label="spec"><code>{JSON.stringify(parsed.spec)}</code></Descriptions.Item>
            {parsed.notes.length ? <Descriptions.Item label={t('admin.target.notes')}>{parsed.notes.join('；')}</Descriptions.Item> : null}
          </Descriptions>
        ) : null}
      </Card>
      <Card size="small" title={t('admin.targets')}>
        <ApiState loading={targets.loading} error={targets.error}>
          <Table<Target>
            size="small"
            rowKey="id"
            dataSource={targets.data?.items ?? []}
            pagination={{ pageSize: 15 }}
            scroll={{ x: 900 }}
            columns={[
              { title: t('filter.indicator'), render: (_, r) => name(r.indicatorName, r.indicator) },
              { title: t('admin.target.year'), dataIndex: 'milestoneYear' },
              { title: t('admin.target.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{k}</Tag> },
              { title: t('admin.target.value'), render: (_, r) => { const v = (r.spec as { value?: number } | null)?.value; return v === undefined ? t('common.noValue') : `${num(v)} ${unit(r.unit)}`; } },
              { title: t('admin.target.wording'), dataIndex: 'wording', width: 320 },
              { title: t('indicator.verification'), render: (_, r) => <Tag color={r.verified ? 'success' : 'warning'}>{r.verified ? t('admin.target.verified') : tx(`verification.${r.verification}`, t('admin.target.unverified'))}</Tag> },
            ]}
          />
        </ApiState>
      </Card>
    </Space>
  );
}

export function DataSetsAdmin() {
  const { t, name, tx } = useI18n();
  const sets = useApi(() => reporting.dataSets(), []);
  return (
    <Card size="small" title={t('admin.datasets')}>
      <ApiState loading={sets.loading} error={sets.error}>
        <Table<DataSet>
          size="small"
          rowKey={(d) => d.dataSet.code}
          dataSource={sets.data ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('admin.col.code'), render: (_, d) => d.dataSet.code },
            { title: t('admin.col.name'), render: (_, d) => name(d.dataSet.name) },
            { title: t('admin.dataset.periodType'), render: (_, d) => tx(`index.frequency.${d.dataSet.periodType}`, d.dataSet.periodType) },
            { title: t('admin.dataset.levels'), render: (_, d) => d.dataSet.reportingLevels.map((l) => tx(`level.${l}`, l)).join('、') },
            { title: t('admin.dataset.window'), render: (_, d) => `+${d.dataSet.schedule.opensAfterDays} … +${d.dataSet.schedule.closesAfterDays}` },
            { title: t('admin.dataset.due'), render: (_, d) => `+${d.dataSet.schedule.dueAfterDays}` },
            { title: t('admin.dataset.timelyDays'), render: (_, d) => d.dataSet.schedule.timelyDays },
            { title: t('admin.dataset.elements'), render: (_, d) => d.dataSet.elements.length },
            { title: t('review.col.state'), render: (_, d) => d.dataSet.workflow.approvalLevels.map((l) => tx(`level.${l}`, l)).join(' → ') },
          ]}
        />
      </ApiState>
    </Card>
  );
}
