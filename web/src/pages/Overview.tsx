/**
 * Overview: framework × region × period. Headline cards, the indicator scorecard (sortable,
 * filterable by group, status and nature) and the warnings list. `?screen=big` is the 大屏
 * projector mode.
 */
import { CheckCircleFilled, DesktopOutlined, WarningFilled } from '@ant-design/icons';
import { Button, Card, Col, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { overview } from '../api/live.js';
import type { ScorecardRow, WarningItem } from '../api/types.js';
import { ApiState } from '../components/ApiState.js';
import { Sparkline } from '../components/charts.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { RunEvaluation } from '../components/RunEvaluation.js';
import { Figure, LIGHT_COLOURS, QualityTag, StatusBadge, lightOf } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { useFilters } from '../lib/filters.js';
import { Link, navigate, useLocation, withFilters } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

export default function Overview() {
  const i18n = useI18n();
  const { t, name, num, tx, period: fmtPeriod } = i18n;
  const { framework, region, period } = useFilters();
  const { query } = useLocation();
  const big = query.get('screen') === 'big';
  const q = { framework, region, period };
  const regions = useRegions();
  // Scorecard and warnings in one answer: the dashboard's live figures, else the latest run.
  const rows = useApi(regions.data ? (signal) => overview(q, regions.data!, signal) : null, [framework, region, period, regions.data]);
  const warnings = { data: rows.data?.warnings, loading: rows.loading || regions.loading, error: rows.error, reload: rows.reload };
  const data = rows.data?.rows ?? [];

  const headline = useMemo(() => {
    const lights = data.map((r) => lightOf(r.status?.code));
    const completeness = data.filter((r) => r.completeness !== null);
    return {
      indicators: data.length,
      good: lights.filter((l) => l === 'green').length,
      bad: lights.filter((l) => l === 'red' || l === 'amber').length,
      completeness: completeness.length ? completeness.reduce((s, r) => s + (r.completeness ?? 0), 0) / completeness.length : null,
      synthetic: rows.data?.synthetic ?? false,
    };
  }, [data, rows.data?.synthetic]);

  const groups = [...new Map(data.filter((r) => r.group).map((r) => [r.group!, name(r.groupName, r.group!)])).entries()];
  const statuses = [...new Set(data.map((r) => r.status?.code ?? 'no_data'))];
  const columns: ColumnsType<ScorecardRow> = [
    {
      title: t('overview.col.indicator'),
      dataIndex: 'indicator',
      fixed: 'left',
      width: 190,
      sorter: (a, b) => name(a.name).localeCompare(name(b.name)),
      render: (_: unknown, r) => <Link to={withFilters(`/indicators/${encodeURIComponent(r.indicator)}`)}>{name(r.name, r.indicator)}</Link>,
    },
    {
      title: t('overview.col.group'),
      dataIndex: 'group',
      width: 100,
      filters: groups.map(([value, text]) => ({ value, text })),
      onFilter: (value, r) => r.group === value,
      render: (_: unknown, r) => name(r.groupName, r.group ?? ''),
      responsive: ['lg'],
    },
    {
      title: t('overview.col.nature'),
      dataIndex: 'nature',
      width: 86,
      filters: ['binding', 'expected'].map((v) => ({ value: v, text: tx(`nature.${v}`, v) })),
      onFilter: (value, r) => r.nature === value,
      render: (v: string | null) => (v ? <Tag>{tx(`nature.${v}`, v)}</Tag> : null),
      responsive: ['md'],
    },
    {
      title: t('overview.col.latest'),
      key: 'latest',
      width: 160,
      sorter: (a, b) => (a.latest?.value ?? -Infinity) - (b.latest?.value ?? -Infinity),
      render: (_: unknown, r) => (
        <span data-testid={`latest-${r.indicator}`} data-value={r.latest?.value ?? ''}>
          <Figure value={r.latest?.value} unit={r.unit} period={r.latest?.period} quality={r.latest?.quality} />
        </span>
      ),
    },
    {
      title: t('overview.col.target'),
      key: 'target',
      width: 120,
      render: (_: unknown, r) =>
        r.target ? (
          <span title={r.target.wording}>
            {r.target.value !== null ? i18n.qty(r.target.value, r.unit) : <Typography.Text ellipsis style={{ maxWidth: 130 }}>{r.target.wording}</Typography.Text>} · {fmtPeriod(String(r.target.year))}
            {r.target.verification === 'recalled_unverified' ? <> <QualityTag quality="estimated" /></> : null}
          </span>
        ) : (
          t('status.no_target')
        ),
    },
    {
      title: t('overview.col.attainment'),
      dataIndex: 'attainment',
      width: 104,
      sorter: (a, b) => (a.attainment ?? -Infinity) - (b.attainment ?? -Infinity),
      render: (v: number | null) => (v === null ? t('common.noValue') : `${num(v, 1)}%`),
    },
    {
      title: t('overview.col.progress'),
      key: 'status',
      width: 132,
      filters: statuses.map((s) => ({ value: s, text: tx(`status.${s}`, s) })),
      onFilter: (value, r) => (r.status?.code ?? 'no_data') === value,
      sorter: (a, b) => ['red', 'amber', 'grey', 'green'].indexOf(lightOf(a.status?.code)) - ['red', 'amber', 'grey', 'green'].indexOf(lightOf(b.status?.code)),
      render: (_: unknown, r) => <StatusBadge status={r.status?.code ?? 'no_data'} label={r.status?.label} />,
    },
    {
      title: t('overview.col.trend'),
      key: 'trend',
      width: 118,
      render: (_: unknown, r) => <Sparkline points={r.series} label={`${name(r.name)} ${t('overview.col.trend')}`} width={96} />,
      responsive: ['md'],
    },
    {
      title: t('overview.col.completeness'),
      dataIndex: 'completeness',
      width: 100,
      sorter: (a, b) => (a.completeness ?? -1) - (b.completeness ?? -1),
      render: (v: number | null) => (v === null ? t('common.noValue') : `${num(v, 0)}%`),
    },
  ];

  return (
    <div data-testid="page-overview">
      {!big ? (
        <Row justify="space-between" align="middle">
          <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('overview.title')}</Typography.Title>
          <Button icon={<DesktopOutlined />} onClick={() => navigate(withFilters('/', { screen: 'big' }))} data-testid="big-screen">
            {t('app.bigScreen')}
          </Button>
        </Row>
      ) : null}
      <FilterBar extra={<RunEvaluation framework={framework} region={region} year={Number(period.slice(0, 4))} onDone={() => rows.reload()} />} />
      <Row gutter={[12, 12]} className="headline-cards" style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('overview.cards.indicators')} value={headline.indicators} formatter={(v) => num(Number(v), 0)} /></Card></Col>
        <Col xs={12} md={8} xl={5}><Card size="small"><Statistic title={t('overview.cards.onTrack')} value={headline.good} formatter={(v) => num(Number(v), 0)} prefix={<CheckCircleFilled aria-hidden style={{ color: LIGHT_COLOURS.green.fill }} />} /></Card></Col>
        <Col xs={12} md={8} xl={5}><Card size="small"><Statistic title={t('overview.cards.offTrack')} value={headline.bad} formatter={(v) => num(Number(v), 0)} prefix={<WarningFilled aria-hidden style={{ color: LIGHT_COLOURS.red.fill }} />} /></Card></Col>
        <Col xs={12} md={8} xl={5}><Card size="small"><Statistic title={t('overview.cards.completeness')} value={headline.completeness ?? 0} formatter={(v) => (headline.completeness === null ? t('common.noValue') : `${num(Number(v), 0)}%`)} /></Card></Col>
        <Col xs={12} md={8} xl={5}><Card size="small"><Statistic title={t('overview.cards.warnings')} value={warnings.data?.length ?? 0} formatter={(v) => num(Number(v), 0)} /></Card></Col>
      </Row>
      {headline.synthetic ? <p><QualityTag quality="synthetic" /> {t('overview.synthetic')}</p> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={17}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('overview.scorecard')}</h2>} size="small">
            <ApiState loading={rows.loading || regions.loading} error={rows.error ?? regions.error} onRetry={rows.reload}>
              <Table<ScorecardRow>
                data-testid="scorecard"
                rowKey="indicator"
                size="small"
                columns={columns}
                dataSource={data}
                pagination={{ pageSize: big ? 12 : 20, hideOnSinglePage: true, showSizeChanger: false }}
                scroll={{ x: 1110 }}
              />
              {rows.data ? <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="figures-source" data-source={rows.data.source}>{t(`source.${rows.data.source}`)}</Typography.Text> : null}
            </ApiState>
          </Card>
        </Col>
        <Col xs={24} xxl={7}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('overview.warnings')}</h2>} size="small">
            <ApiState loading={warnings.loading} error={warnings.error} onRetry={warnings.reload}>
              <List<WarningItem>
                data-testid="warnings"
                size="small"
                pagination={{ pageSize: big ? 6 : 8, size: 'small', hideOnSinglePage: true, showSizeChanger: false, align: 'center' }}
                dataSource={warnings.data ?? []}
                locale={{ emptyText: t('overview.warnings.none') }}
                renderItem={(w) => (
                  <List.Item>
                    <div>
                      <StatusBadge status={w.level} label={undefined} arrow={false} />{' '}
                      <Link to={withFilters(`/indicators/${encodeURIComponent(w.indicator)}`, { region: w.region })}>{name(w.indicatorName, w.indicator)}</Link>
                      {' · '}
                      <Link to={withFilters(`/regions/${w.region}`)}>{name(w.regionName, w.region)}</Link>
                      {w.period ? ` · ${fmtPeriod(w.period)}` : ''}
                      {name(w.text) ? <div className="warning-text">{name(w.text)}</div> : null}
                    </div>
                  </List.Item>
                )}
              />
            </ApiState>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
