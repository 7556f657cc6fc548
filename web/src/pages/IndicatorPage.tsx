/**
 * One indicator for one region: the trend (actuals with gaps, baseline, milestone targets,
 * the expected straight path from baseline to target, projection band and checkpoint
 * warnings where the run has them), the children compared against the target, and the
 * definition with every target's original wording and verification flag.
 */
import { Alert, Card, Col, Descriptions, Row, Select, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { dashboard } from '../api/dashboard.js';
import { requireRun, results, targetValue, type Result } from '../api/evaluation.js';
import { childValues, trendModel } from '../api/live.js';
import { metadata, type Target } from '../api/metadata.js';
import { ApiState } from '../components/ApiState.js';
import { SortedBar, TrendChart, type SeriesPoint } from '../components/charts.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { useI18n } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { navigate, withFilters } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

type Series = Array<{ year: number; value: number | null }>;

export default function IndicatorPage({ params }: { params: Record<string, string> }) {
  const { t, name, tx, unit: fmtUnit } = useI18n();
  const { framework, region, period } = useFilters();
  const regions = useRegions();
  const detail = useApi((_s) => metadata.framework(framework), [framework]);
  const code = params.code ?? detail.data?.indicators[0]?.indicator ?? null;
  const def = useApi(code ? () => metadata.indicator(code) : null, [code]);
  const targets = useApi(code ? async () => (await metadata.targets({ framework, indicator: code })) as { items: Target[] } : null, [framework, code]);
  const year = Number(period.slice(0, 4));
  // The live trend of the dashboard when it has values; otherwise the latest run's rows.
  const live = useApi(code ? (signal) => dashboard.trend({ indicator: code, region, framework, year }, signal).catch(() => null) : null, [framework, region, year, code]);
  const liveTrend = live.data ? trendModel(live.data, year, (l, fallback) => name(l as { zh: string; en?: string } | undefined, fallback)) : null;
  const rows = useApi(code && !live.loading && !liveTrend ? async (signal) => results((await requireRun({ framework, region, period }, signal)).id, { region, indicator: code }, signal) : null, [framework, region, period, code, live.loading, liveTrend === null]);
  const childAnswer = useApi(code && regions.data ? (signal) => childValues({ framework, region, period, indicator: code }, regions.data!, signal) : null, [framework, region, period, code, regions.data]);
  const children = { ...childAnswer, data: childAnswer.data?.items };
  const unit = def.data?.unit ?? '';

  const runTrend = useMemo(() => {
    const all: Result[] = rows.data ?? [];
    const attainments = all.filter((r) => r.kind === 'attainment');
    const series: Series = ((attainments.at(-1)?.provenance as { series?: Series } | undefined)?.series ?? []);
    const years = series.map((s) => s.year);
    // Every year between the first and last observation: a missing one is a visible gap.
    const filled: SeriesPoint[] = [];
    if (years.length) for (let y = Math.min(...years); y <= Math.max(...years); y++) filled.push({ period: String(y), value: series.find((s) => s.year === y)?.value ?? null, quality: 'final' });
    const milestones = attainments.map((a) => ({ period: String(a.milestoneYear), value: targetValue(a) })).filter((m): m is { period: string; value: number } => m.value !== null);
    const baseline = filled.find((p) => p.value !== null);
    const last = milestones.at(-1);
    const expected: SeriesPoint[] = [];
    if (baseline && last && Number(last.period) > Number(baseline.period)) {
      const y0 = Number(baseline.period);
      const y1 = Number(last.period);
      for (let y = y0; y <= y1; y++) expected.push({ period: String(y), value: (baseline.value as number) + ((last.value - (baseline.value as number)) * (y - y0)) / (y1 - y0) });
    }
    const warning = all.find((r) => r.kind === 'warning');
    const projection = (warning?.provenance as { projection?: { milestoneYear: number; projected: number; lower: number | null; upper: number | null } | null } | undefined)?.projection;
    return {
      actual: filled,
      baseline: baseline ? { period: baseline.period, value: baseline.value as number } : null,
      targets: milestones,
      expected,
      projection: projection ? [{ period: String(projection.milestoneYear), value: projection.projected, lower: projection.lower, upper: projection.upper }] : [],
      warnings: warning && warning.status !== 'none' ? [{ period: warning.period.slice(0, 4), level: warning.status, text: name((warning.provenance as { label?: { zh: string; en?: string } }).label, warning.status) }] : [],
      target: milestones.find((m) => Number(m.period) >= Number(period.slice(0, 4)))?.value ?? last?.value ?? null,
    };
  }, [rows.data, period, name]);
  const trend = liveTrend ?? runTrend;
  const trendLoading = live.loading || (!liveTrend && rows.loading);

  const regionLabel = name(regions.data?.find((r) => r.code === region)?.name, region);
  return (
    <div data-testid="page-indicator">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>
        {def.data ? name(def.data.name) : t('indicator.title')} <span style={{ fontSize: 14, fontWeight: 400, color: '#595959' }}>{regionLabel}</span>
      </Typography.Title>
      <FilterBar
        extra={
          <span>
            <label htmlFor="indicator-pick">{t('filter.indicator')}</label>
            <Select id="indicator-pick" style={{ minWidth: 260 }} value={code ?? undefined} showSearch={{ optionFilterProp: 'label' }} popupMatchSelectWidth={false}
              onChange={(v) => navigate(withFilters(`/indicators/${encodeURIComponent(v)}`))}
              options={(detail.data?.indicators ?? []).map((i) => ({ value: i.indicator, label: name(i.indicatorName, i.indicator) }))} />
          </span>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('indicator.trend')}>
            <ApiState loading={trendLoading} error={liveTrend ? undefined : rows.error} empty={!trendLoading && !trend.actual.length}>
              <TrendChart title={`${def.data ? name(def.data.name) : ''} — ${regionLabel}`} unit={unit} {...trend} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('indicator.gap')} · {t('assessment.finalOnly')} · {t(liveTrend ? 'source.dashboard' : 'source.run')}</Typography.Text>
            </ApiState>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('indicator.children')}>
            <ApiState loading={children.loading} error={children.error} empty={!children.loading && !(children.data ?? []).length}>
              <SortedBar
                title={t('indicator.children')}
                unit={unit}
                target={trend.target}
                higherIsBetter={def.data?.polarity !== 'lower_is_better'}
                items={(children.data ?? []).map((c) => ({ code: c.region, name: name(c.regionName, c.region), value: c.value, quality: c.quality }))}
                onClick={(c) => navigate(withFilters(`/indicators/${encodeURIComponent(code ?? '')}`, { region: c }))}
              />
            </ApiState>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('indicator.definition')} style={{ marginTop: 16 }}>
        <ApiState loading={def.loading} error={def.error}>
          {def.data ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('indicator.definition')} span={2}>{name(def.data.definition) || t('common.noValue')}</Descriptions.Item>
              <Descriptions.Item label={t('indicator.formula')}><code>{def.data.formula ?? (def.data.numerator ? `${def.data.numerator} / ${def.data.denominator} × ${def.data.factor ?? 1}` : t('common.noValue'))}</code></Descriptions.Item>
              <Descriptions.Item label={t('indicator.unit')}>{fmtUnit(def.data.unit) || t('common.noValue')}</Descriptions.Item>
              <Descriptions.Item label={t('indicator.source')}>{def.data.source ?? t('common.noValue')}</Descriptions.Item>
              <Descriptions.Item label={t('indicator.department')}>{def.data.responsibleDepartment ?? t('common.noValue')}</Descriptions.Item>
              <Descriptions.Item label={t('indicator.periodType')}>{tx(`index.frequency.${def.data.periodType}`, def.data.periodType)}</Descriptions.Item>
              <Descriptions.Item label={t('indicator.aggregation')}>{tx(`aggregation.${def.data.aggregation}`, def.data.aggregation)}</Descriptions.Item>
            </Descriptions>
          ) : null}
        </ApiState>
        <Table<Target>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={targets.data?.items ?? []}
          columns={[
            { title: t('admin.target.year'), dataIndex: 'milestoneYear', width: 90 },
            { title: t('indicator.targetWording'), dataIndex: 'wording' },
            { title: t('admin.target.kind'), dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{tx(`targetKind.${k}`, k)}</Tag> },
            { title: t('indicator.source'), render: (_, r) => `${r.source.document}${r.source.clause ? ` · ${r.source.clause}` : ''}`, responsive: ['lg'] },
            { title: t('indicator.verification'), width: 130, render: (_, r) => <Tag color={r.verified ? 'success' : 'warning'}>{r.verified ? t('admin.target.verified') : tx(`verification.${r.verification}`, t('admin.target.unverified'))}</Tag> },
          ]}
        />
        {(targets.data?.items ?? []).some((x) => !x.verified) ? <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('verification.recalled_unverified')} /> : null}
      </Card>
    </div>
  );
}
