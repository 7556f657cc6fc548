/**
 * Health index: the composite index of the regions of one level from runs with an index
 * definition — values by year, the sub-indices of the selected region, and the rank
 * intervals of the sensitivity analysis where the run carries them.
 */
import { Alert, Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { content, evaluation, results, type Result } from '../api/evaluation.js';
import { ApiState } from '../components/ApiState.js';
import { RadarChart, SortedBar, TrendChart } from '../components/charts.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { RunEvaluation } from '../components/RunEvaluation.js';
import { useI18n } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { useApi } from '../lib/useApi.js';

type IndexProv = { subIndices?: Record<string, number>; nodes?: Record<string, number>; rankInterval?: [number, number]; sensitivity?: { rankLow?: number; rankHigh?: number } };

export default function HealthIndex() {
  const { t, name, num } = useI18n();
  const { framework, region, period } = useFilters();
  const year = Number(period.slice(0, 4));
  const regions = useRegions();
  const indices = useApi(() => content.indices(), []);
  const [indexCode, setIndexCode] = useState<string | null>(null);
  const index = indices.data?.items.find((i) => i.code === indexCode) ?? indices.data?.items[0];
  const data = useApi(async (signal) => {
    const runs = (await evaluation.runs({ framework }, signal)).items.filter((r) => r.options.index !== null && r.options.index !== undefined);
    const latestByYear = new Map<number, (typeof runs)[number]>();
    for (const r of runs) if (!latestByYear.has(r.year)) latestByYear.set(r.year, r);
    const byYear: Array<{ year: number; rows: Result[] }> = [];
    for (const [y, r] of [...latestByYear.entries()].sort((a, b) => a[0] - b[0])) byYear.push({ year: y, rows: await results(r.id, { kind: 'index' }, signal) });
    return byYear;
  }, [framework]);
  const current = data.data?.find((d) => d.year === year)?.rows ?? [];
  const regionName = (code: string) => name(regions.data?.find((r) => r.code === code)?.name, code);
  const mine = current.find((r) => r.region === region);
  const sub = Object.entries(((mine?.provenance as IndexProv | undefined)?.subIndices ?? (mine?.provenance as IndexProv | undefined)?.nodes ?? {}));
  const interval = (r: Result) => {
    const p = r.provenance as IndexProv;
    const lo = p.rankInterval?.[0] ?? p.sensitivity?.rankLow;
    const hi = p.rankInterval?.[1] ?? p.sensitivity?.rankHigh;
    return lo !== undefined && hi !== undefined ? t('index.rankRange', { lo, hi }) : t('common.noValue');
  };
  return (
    <div data-testid="page-index">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('index.title')}</Typography.Title>
      <FilterBar
        extra={
          <Space wrap>
            <label htmlFor="index-pick">{t('filter.index')}</label>
            <Select id="index-pick" style={{ minWidth: 220 }} value={index?.code} onChange={setIndexCode} options={(indices.data?.items ?? []).map((i) => ({ value: i.code, label: name(i.name, i.code) }))} popupMatchSelectWidth={false} />
            {index ? <RunEvaluation framework={framework} region={region} year={year} extra={{ indexConfig: index.definition }} onDone={data.reload} /> : null}
          </Space>
        }
      />
      <ApiState loading={data.loading} error={data.error}>
        {!current.length ? <Alert type="info" showIcon title={t('assessment.none')} style={{ marginBottom: 12 }} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('index.overTime')}>
              <TrendChart title={t('index.overTime')} unit="" actual={(data.data ?? []).map((d) => ({ period: String(d.year), value: d.rows.find((r) => r.region === region)?.value ?? null }))} height={280} />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('index.subindices')}>
              {sub.length ? <RadarChart title={t('index.subindices')} axes={sub.map(([k]) => ({ name: k, max: 100 }))} series={[{ name: regionName(region), values: sub.map(([, v]) => v) }]} /> : <Typography.Text type="secondary">{t('app.empty')}</Typography.Text>}
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('index.rankIntervals')} style={{ marginTop: 16 }}>
          <SortedBar title={t('index.value')} unit="" items={current.map((r) => ({ code: r.region, name: regionName(r.region), value: r.value }))} />
          <Table size="small" rowKey="region" pagination={false} dataSource={[...current].sort((a, b) => (b.value ?? 0) - (a.value ?? 0))} columns={[
            { title: t('assessment.col.region'), render: (_, r) => regionName(r.region) },
            { title: t('index.value'), render: (_, r) => num(r.value, 2) },
            { title: t('index.rankIntervals'), render: (_, r) => interval(r) },
          ]} />
        </Card>
      </ApiState>
    </div>
  );
}
