/**
 * Everything about one region: score and grade with their breakdown, rank and its change
 * (from the latest run with an assessment scheme), the dimensions as a radar, the indicators
 * off track (from the scorecard), and "why": every lost point with the scheme's explanation.
 */
import { Card, Col, List, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { content, evaluation, findRun, ranking } from '../api/evaluation.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { ApiState } from '../components/ApiState.js';
import { RadarChart } from '../components/charts.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { Figure, StatusBadge, lightOf } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { Link, navigate, withFilters } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

export default function RegionProfile({ params }: { params: Record<string, string> }) {
  const { t, name, num, tx } = useI18n();
  const filters = useFilters();
  const code = params.code ?? filters.region;
  const year = Number(filters.period.slice(0, 4));
  const regions = useRegions();
  const q = { framework: filters.framework, region: code, period: filters.period };
  const scored = useApi(async (signal) => {
    const run = await findRun(filters.framework, code, year, signal, (r) => r.options.scheme !== null && r.options.scheme !== undefined);
    return run ? (await ranking(run.id, signal)).find((r) => r.region === code) ?? null : null;
  }, [filters.framework, code, year]);
  const card = useApi((signal) => evaluation.scorecard(q, signal), [filters.framework, code, filters.period]);
  const me = scored.data;
  const schemes = useApi(() => content.schemes(), []);
  const dimensionName = (dim: string) => {
    for (const s of schemes.data?.items ?? []) {
      const found = (s.definition as { dimensions?: Array<{ code: string; name?: { zh: string; en?: string } }> }).dimensions?.find((d) => d.code === dim);
      if (found?.name) return name(found.name, dim);
    }
    return dim;
  };
  const dimensions = useMemo(() => {
    const by = new Map<string, { earned: number; max: number }>();
    for (const item of me?.items ?? []) {
      const d = by.get(item.dimension ?? '') ?? { earned: 0, max: 0 };
      d.earned += item.earned;
      d.max += item.max;
      by.set(item.dimension ?? '', d);
    }
    return [...by.entries()].filter(([, d]) => d.max > 0);
  }, [me]);
  const lost = (me?.items ?? []).filter((i) => i.max - i.earned > 1e-9).sort((a, b) => b.max - b.earned - (a.max - a.earned));
  const offTrack = (card.data ?? []).filter((r) => ['red', 'amber'].includes(lightOf(r.status?.code)));
  const region = regions.data?.find((r) => r.code === code);

  return (
    <div data-testid="page-region">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>
        {t('region.title')} · {region ? name(region.name) : code}
      </Typography.Title>
      <FilterBar
        show={{ framework: true, period: true }}
        extra={
          <span>
            <label htmlFor="profile-region">{t('filter.region')}</label>
            <RegionCascader id="profile-region" regions={regions.data ?? []} value={code} onChange={(c) => c && navigate(withFilters(`/regions/${c}`))} />
          </span>
        }
      />
      <ApiState loading={scored.loading} error={scored.error}>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('region.score')} value={me?.score ?? 0} formatter={() => (me?.score === null || me === null || me === undefined ? t('common.noValue') : `${num(me.score, 1)} ${t('unit.points')}`)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><div className="ant-statistic-title" style={{ color: '#595959', marginBottom: 4 }}>{t('region.grade')}</div>{me ? <StatusBadge status={me.grade} label={tx(`grade.${me.grade}`, me.grade)} arrow={false} /> : t('common.noValue')}</Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('region.rank')} value={me?.rank ?? 0} formatter={() => (me?.rank ? (me.of ? t('region.rankOf', { rank: me.rank, n: me.of }) : String(me.rank)) : t('common.noValue'))} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('region.rankChange')} value={me?.change ?? 0} formatter={() => (me?.change === null || !me ? (me?.previousRank === null ? t('assessment.new') : t('common.noValue')) : me.change > 0 ? `↑ ${me.change}` : me.change < 0 ? `↓ ${-me.change}` : '→ 0')} /></Card></Col>
        </Row>
        {!me ? <Typography.Paragraph type="secondary">{t('assessment.none')}</Typography.Paragraph> : null}
      </ApiState>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('region.breakdown')}>
            {dimensions.length ? (
              <>
                <RadarChart title={t('region.subindices')} axes={dimensions.map(([d]) => ({ name: dimensionName(d), max: 100 }))} series={[{ name: region ? name(region.name) : code, values: dimensions.map(([, d]) => (d.earned / d.max) * 100) }]} />
                <Table size="small" pagination={false} rowKey={(r) => r[0]} dataSource={dimensions} columns={[
                  { title: t('filter.group'), render: (_, r) => dimensionName(r[0]) },
                  { title: t('region.score'), render: (_, r) => `${num(r[1].earned, 1)} / ${num(r[1].max, 1)} ${t('unit.points')}` },
                ]} />
              </>
            ) : <Typography.Text type="secondary">{t('app.empty')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('region.why')} data-testid="why-view">
            <List size="small" dataSource={lost} locale={{ emptyText: t('app.empty') }} renderItem={(i) => (
              <List.Item>
                <span><strong>−{num(i.max - i.earned, 1)} {t('unit.points')}</strong> · {name(i.why, i.item)}</span>
              </List.Item>
            )} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('region.offTrack')} style={{ marginTop: 16 }}>
        <ApiState loading={card.loading} error={card.error}>
          <Table size="small" rowKey="indicator" dataSource={offTrack} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 700 }} columns={[
            { title: t('overview.col.indicator'), render: (_, r) => <Link to={withFilters(`/indicators/${encodeURIComponent(r.indicator)}`, { region: code })}>{name(r.name, r.indicator)}</Link> },
            { title: t('overview.col.latest'), render: (_, r) => <Figure value={r.latest?.value} unit={r.unit} period={r.latest?.period} quality={r.latest?.quality} /> },
            { title: t('overview.col.progress'), render: (_, r) => <StatusBadge status={r.status?.code} label={r.status?.label} /> },
          ]} />
        </ApiState>
      </Card>
    </div>
  );
}
