/**
 * Assessment: the ranking of a run with an assessment scheme — rank with ties, score, grade,
 * peer group, change against last year's run — the run's provenance, and an export.
 * Planners and admins can start a run with a shipped scheme (the API checks the role).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { dashboard } from '../api/dashboard.js';
import { content, type RankRow } from '../api/evaluation.js';
import { assessmentRanking } from '../api/live.js';
import { metadata } from '../api/metadata.js';
import { ApiState } from '../components/ApiState.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { RunEvaluation } from '../components/RunEvaluation.js';
import { StatusBadge } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { assessmentSheet, downloadAssessmentXlsx } from '../lib/assessment-export.js';
import { useFilters } from '../lib/filters.js';
import { Link, withFilters } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

export default function Assessment() {
  const i18n = useI18n();
  const { t, name, num, tx, period: fmtPeriod, date } = i18n;
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const { framework, region, period } = useFilters();
  const year = Number(period.slice(0, 4));
  const regions = useRegions();
  const schemes = useApi(() => content.schemes(), []);
  const [schemeCode, setSchemeCode] = useState<string | null>(null);
  const scheme = schemes.data?.items.find((s) => s.code === schemeCode) ?? schemes.data?.items[0];
  // Live scores from the dashboard when the framework's profile names a scheme, else the latest run
  // with one. Once the user has run an assessment here, its run is shown: that is what they export.
  const [preferRun, setPreferRun] = useState(false);
  const answer = useApi((signal) => assessmentRanking(framework, region, year, signal, { preferRun }), [framework, region, year, preferRun]);
  const run = { data: answer.data?.run ?? undefined, loading: answer.loading, error: answer.error, reload: answer.reload };
  const rows = { data: answer.data?.rows, loading: answer.loading, error: answer.error };
  const regionName = (code: string) => name(regions.data?.find((r) => r.code === code)?.name, code);
  // The ranking of one level: the cities (a run may rank counties too). The level comes from the region tree.
  const levelOf = (code: string) => regions.data?.find((r) => r.code === code)?.level ?? null;
  const levelRows = (rows.data ?? []).filter((r) => (levelOf(r.region) ?? r.level) === 'prefecture').sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const shown = levelRows.length ? levelRows : [...(rows.data ?? [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));

  /** The ranking shown, as an .xlsx with framework, scheme, run, inputs hash and the synthetic-data note. */
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const [detail, card] = await Promise.all([
        metadata.framework(framework),
        // Whether the figures rest on synthetic demo data: the dashboard knows the source of each value.
        dashboard.scorecard({ framework, region: region.slice(0, 2) + '0000', period: String(year) }).catch(() => null),
      ]);
      const runScheme = answer.data?.scheme ?? schemes.data?.items.find((s) => s.code === run.data?.options.scheme) ?? scheme;
      const layout = assessmentSheet(
        {
          framework: { code: framework, name: detail.framework.name },
          scheme: runScheme ? { code: runScheme.code, name: runScheme.name, demonstration: runScheme.demonstration } : null,
          run: run.data && answer.data?.source === 'run' ? { id: run.data.id, inputsHash: run.data.inputsHash, createdAt: run.data.createdAt } : null,
          year,
          // An empty dashboard (tables not built) cannot tell: say so rather than "no".
          synthetic: card && card.headline.withData > 0 ? card.headline.synthetic : null,
        },
        shown.map((r) => ({ ...r, regionName: regionName(r.region), peerGroup: r.group ? regionName(r.group) : null })),
        i18n,
      );
      await downloadAssessmentXlsx(layout);
      message.success(t('export.done'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="page-assessment" data-source={answer.data?.source ?? ''}>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('assessment.title')}</Typography.Title>
      <FilterBar
        extra={
          <Space wrap>
            <label htmlFor="assessment-scheme">{t('filter.scheme')}</label>
            <Select id="assessment-scheme" style={{ minWidth: 260 }} value={scheme?.code} onChange={setSchemeCode} options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: name(s.name, s.code) }))} popupMatchSelectWidth={false} />
            {scheme ? <RunEvaluation framework={framework} region={region} year={year} extra={{ scheme: scheme.definition }} onDone={() => (preferRun ? run.reload() : setPreferRun(true))} /> : null}
          </Space>
        }
      />
      {scheme?.demonstration ? <Alert type="warning" showIcon title={t('assessment.demo')} style={{ marginBottom: 12 }} /> : null}
      <Card
        size="small"
        title={run.data ? t('evaluation.runInfo', { id: run.data.id, date: date(run.data.createdAt, true) }) : t('assessment.ranking')}
        extra={<Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} loading={exporting} disabled={!shown.length} title={t('assessment.csvNote')} data-testid="assessment-export">{t('assessment.export')}</Button>}
      >
        <ApiState loading={answer.loading} error={answer.error} empty={!answer.loading && !rows.data?.length && !run.data}>
          {rows.data && !rows.data.length ? <Alert type="info" showIcon title={t('assessment.noScheme')} /> : null}
          <Table<RankRow>
            data-testid="ranking-table"
            size="small"
            rowKey="region"
            dataSource={shown}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 760 }}
            columns={[
              { title: t('assessment.col.rank'), dataIndex: 'rank', width: 90, render: (v: number | null, r) => <span>{v ?? t('common.noValue')}{r.tiedWith > 1 ? <Tag style={{ marginInlineStart: 6 }}>{t('assessment.tie')}</Tag> : null}</span> },
              { title: t('assessment.col.region'), render: (_, r) => <Link to={withFilters(`/regions/${r.region}`)}>{regionName(r.region)}</Link> },
              { title: t('assessment.col.score'), dataIndex: 'score', sorter: (a, b) => (a.score ?? 0) - (b.score ?? 0), render: (v: number | null) => (v === null ? t('common.noValue') : `${num(v, 1)} ${t('unit.points')}`) },
              { title: t('assessment.col.grade'), dataIndex: 'grade', render: (g: string) => <StatusBadge status={g} label={tx(`grade.${g}`, g)} arrow={false} /> },
              { title: t('assessment.peerGroup'), render: (_, r) => (r.group ? `${r.group} · ${r.groupRank ?? ''}` : t('common.noValue')), responsive: ['md'] },
              { title: t('assessment.col.lastYear'), dataIndex: 'previousRank', render: (v: number | null) => (v === null ? t('common.noValue') : v) },
              {
                title: t('assessment.col.change'),
                dataIndex: 'change',
                render: (c: number | null, r) =>
                  c === null ? (r.previousRank === null ? <Tag>{t('assessment.new')}</Tag> : t('common.noValue')) : c === 0 ? '→ 0' : c > 0 ? `↑ ${c}` : `↓ ${-c}`,
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {t('assessment.finalOnly')} · {fmtPeriod(String(year))}
            {answer.data ? <span data-testid="figures-source" data-source={answer.data.source}> · {t(`source.${answer.data.source}`)}</span> : null}
          </Typography.Paragraph>
        </ApiState>
      </Card>
    </div>
  );
}
