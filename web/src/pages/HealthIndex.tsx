/**
 * Health index: the composite index of the regions of one level from runs with an index
 * definition — values by year, the sub-indices of one unit (the selected region when it is
 * one of the compared units, else a unit picked on the page, by default the first ranked),
 * the ranking of the units, and the rank intervals of the sensitivity analysis where the run
 * carries them.
 */
import { Alert, Card, Col, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { content, evaluation, results, type Result } from '../api/evaluation.js';
import { ApiState } from '../components/ApiState.js';
import { RadarChart, SortedBar, TrendChart } from '../components/charts.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { RunEvaluation } from '../components/RunEvaluation.js';
import { useI18n, type Bilingual } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { useApi } from '../lib/useApi.js';

/** What a run's index row carries (services/evaluation/scoring.ts `indexValues`). */
type IndexProv = {
  rank?: number | null;
  demonstration?: boolean;
  nodes?: Array<{ node: string; value: number | null }>;
  subIndices?: Record<string, number | null>;
  rankInterval?: [number, number];
  sensitivity?: { rankLow?: number; rankHigh?: number };
};
type NodeDef = { code: string; name?: Bilingual; children?: Array<NodeDef | string> };

const prov = (r: Result | undefined) => (r?.provenance ?? {}) as IndexProv;

/** The sub-index values of a unit: the root's children, by code. */
function subIndices(row: Result | undefined, root: NodeDef | undefined): Array<[string, number | null]> {
  const p = prov(row);
  if (p.subIndices) return Object.entries(p.subIndices);
  const children = (root?.children ?? []).filter((c): c is NodeDef => typeof c !== 'string').map((c) => c.code);
  const byNode = new Map((p.nodes ?? []).map((n) => [n.node, n.value]));
  return children.filter((c) => byNode.has(c)).map((c) => [c, byNode.get(c) ?? null]);
}

export default function HealthIndex() {
  const { t, name, num } = useI18n();
  const { framework, region, period } = useFilters();
  const year = Number(period.slice(0, 4));
  const regions = useRegions();
  const indices = useApi(() => content.indices(), []);
  const [indexCode, setIndexCode] = useState<string | null>(null);
  const [unitPick, setUnitPick] = useState<string | null>(null);
  const index = indices.data?.items.find((i) => i.code === indexCode) ?? indices.data?.items[0];
  const root = (index?.definition as { structure?: NodeDef } | undefined)?.structure;
  const nodeName = (code: string) => name((root?.children ?? []).find((c): c is NodeDef => typeof c !== 'string' && c.code === code)?.name, code);
  const data = useApi(async (signal) => {
    const runs = (await evaluation.runs({ framework }, signal)).items.filter((r) => r.options.index !== null && r.options.index !== undefined);
    const latestByYear = new Map<number, (typeof runs)[number]>();
    for (const r of runs) if (!latestByYear.has(r.year)) latestByYear.set(r.year, r);
    const byYear: Array<{ year: number; rows: Result[] }> = [];
    for (const [y, r] of [...latestByYear.entries()].sort((a, b) => a[0] - b[0])) byYear.push({ year: y, rows: await results(r.id, { kind: 'index' }, signal) });
    return byYear;
  }, [framework]);
  const current = [...(data.data?.find((d) => d.year === year)?.rows ?? [])].sort((a, b) => (prov(a).rank ?? 1e9) - (prov(b).rank ?? 1e9));
  const regionName = (code: string) => name(regions.data?.find((r) => r.code === code)?.name, code);
  const units = current.map((r) => r.region);
  const unit = units.includes(region) ? region : unitPick && units.includes(unitPick) ? unitPick : units[0] ?? null;
  const mine = current.find((r) => r.region === unit);
  const sub = subIndices(mine, root);
  // The radar draws only sub-indices with a value (a missing one is not a zero).
  const drawn = sub.filter((e): e is [string, number] => e[1] !== null);
  const interval = (r: Result) => {
    const p = prov(r);
    const lo = p.rankInterval?.[0] ?? p.sensitivity?.rankLow;
    const hi = p.rankInterval?.[1] ?? p.sensitivity?.rankHigh;
    return lo !== undefined && hi !== undefined ? t('index.rankRange', { lo, hi }) : t('index.noSensitivity');
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
      {index?.demonstration ? <Alert type="warning" showIcon title={t('index.demo')} style={{ marginBottom: 12 }} /> : null}
      <ApiState loading={data.loading} error={data.error}>
        {!current.length ? (
          <Alert type="info" showIcon title={t('index.none')} />
        ) : (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card
                  size="small"
                  title={t('index.overTime')}
                  extra={
                    units.includes(region) ? null : (
                      <Select aria-label={t('assessment.col.region')} data-testid="index-unit" size="small" style={{ minWidth: 140 }} value={unit ?? undefined} onChange={setUnitPick}
                        options={units.map((u) => ({ value: u, label: regionName(u) }))} popupMatchSelectWidth={false} />
                    )
                  }
                >
                  <TrendChart
                    title={`${t('index.overTime')} — ${unit ? regionName(unit) : ''}`}
                    unit=""
                    actual={(data.data ?? []).map((d) => ({ period: String(d.year), value: d.rows.find((r) => r.region === unit)?.value ?? null }))}
                    height={280}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title={`${t('index.subindices')} — ${unit ? regionName(unit) : ''}`}>
                  {drawn.length ? (
                    <RadarChart title={t('index.subindices')} axes={drawn.map(([k]) => ({ name: nodeName(k), max: 100 }))} series={[{ name: unit ? regionName(unit) : '', values: drawn.map(([, v]) => v) }]} />
                  ) : (
                    <Typography.Text type="secondary">{t('app.empty')}</Typography.Text>
                  )}
                </Card>
              </Col>
            </Row>
            <Card size="small" title={t('index.ranking')} style={{ marginTop: 16 }}>
              <SortedBar title={t('index.value')} unit="" items={current.map((r) => ({ code: r.region, name: regionName(r.region), value: r.value }))} />
              <Table
                data-testid="index-table"
                size="small"
                rowKey="region"
                pagination={false}
                dataSource={current}
                columns={[
                  { title: t('assessment.col.rank'), width: 80, render: (_, r) => prov(r).rank ?? t('common.noValue') },
                  { title: t('assessment.col.region'), render: (_, r) => regionName(r.region) },
                  { title: t('index.value'), render: (_, r) => num(r.value, 2) },
                  ...sub.map(([k]) => ({ title: nodeName(k), render: (_: unknown, r: Result) => num(subIndices(r, root).find(([c]) => c === k)?.[1] ?? null, 1), responsive: ['lg' as const] })),
                  { title: t('index.rankIntervals'), render: (_, r) => interval(r) },
                ]}
              />
              {prov(current[0]).demonstration ? <Tag style={{ marginTop: 8 }}>{t('index.demoTag')}</Tag> : null}
            </Card>
          </>
        )}
      </ApiState>
    </div>
  );
}
