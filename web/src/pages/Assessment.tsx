/**
 * Assessment: the ranking of a run with an assessment scheme — rank with ties, score, grade,
 * peer group, change against last year's run — the run's provenance, and an export.
 * Planners and admins can start a run with a shipped scheme (the API checks the role).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { content, findRun, ranking, type RankRow } from '../api/evaluation.js';
import { ApiState } from '../components/ApiState.js';
import { FilterBar, useRegions } from '../components/FilterBar.js';
import { RunEvaluation } from '../components/RunEvaluation.js';
import { StatusBadge } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { downloadText, toCsv } from '../lib/csv.js';
import { useFilters } from '../lib/filters.js';
import { Link, withFilters } from '../lib/router.js';
import { useApi } from '../lib/useApi.js';

export default function Assessment() {
  const { t, name, num, tx, period: fmtPeriod, date } = useI18n();
  const { framework, region, period } = useFilters();
  const year = Number(period.slice(0, 4));
  const regions = useRegions();
  const schemes = useApi(() => content.schemes(), []);
  const [schemeCode, setSchemeCode] = useState<string | null>(null);
  const scheme = schemes.data?.items.find((s) => s.code === schemeCode) ?? schemes.data?.items[0];
  const run = useApi((signal) => findRun(framework, region, year, signal, (r) => r.options.scheme !== null && r.options.scheme !== undefined), [framework, region, year]);
  const rows = useApi(run.data ? (signal) => ranking(run.data!.id, signal) : null, [run.data?.id]);
  const regionName = (code: string) => name(regions.data?.find((r) => r.code === code)?.name, code);
  const levelRows = (rows.data ?? []).filter((r) => r.level === 'prefecture').sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const shown = levelRows.length ? levelRows : [...(rows.data ?? [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));

  const exportCsv = () => {
    const header = [t('assessment.col.rank'), t('assessment.col.region'), t('common.code'), t('assessment.col.score'), t('assessment.col.grade'), t('assessment.peerGroup'), t('assessment.col.lastYear'), t('assessment.col.change')];
    const body = shown.map((r) => [r.rank, regionName(r.region), r.region, r.score, tx(`grade.${r.grade}`, r.grade), r.group ?? '', r.previousRank, r.change]);
    downloadText(`assessment-${framework}-${region}-${year}.csv`, toCsv([header, ...body]));
  };

  return (
    <div data-testid="page-assessment">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22 }}>{t('assessment.title')}</Typography.Title>
      <FilterBar
        extra={
          <Space wrap>
            <label htmlFor="assessment-scheme">{t('filter.scheme')}</label>
            <Select id="assessment-scheme" style={{ minWidth: 260 }} value={scheme?.code} onChange={setSchemeCode} options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: name(s.name, s.code) }))} popupMatchSelectWidth={false} />
            {scheme ? <RunEvaluation framework={framework} region={region} year={year} extra={{ scheme: scheme.definition }} onDone={run.reload} /> : null}
          </Space>
        }
      />
      {scheme?.demonstration ? <Alert type="warning" showIcon title={t('assessment.demo')} style={{ marginBottom: 12 }} /> : null}
      <Card
        size="small"
        title={run.data ? t('evaluation.runInfo', { id: run.data.id, date: date(run.data.createdAt, true) }) : t('assessment.ranking')}
        extra={<Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!shown.length} title={t('assessment.csvNote')} data-testid="assessment-export">{t('assessment.export')}</Button>}
      >
        <ApiState loading={run.loading || rows.loading} error={run.error ?? rows.error} empty={!run.loading && !run.data}>
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
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>{t('assessment.finalOnly')} · {fmtPeriod(String(year))}</Typography.Paragraph>
        </ApiState>
      </Card>
    </div>
  );
}
