/**
 * The pages' figures, from the dashboard first: its tables are kept equal to the final data in
 * the very transaction that makes data final, so a figure approved a minute ago is already
 * there, while an evaluation run is a snapshot from when it ran. When the dashboard has no
 * figure for the question (its tables not built yet for those years), the answer comes from
 * the latest evaluation run, as before. Every answer says which (`source`).
 */
import type { Bilingual } from '../i18n/index.js';
import { dashboard, type DashboardFigure, type DashboardScorecard, type DashboardTrend } from './dashboard.js';
import { attainmentPercent, evaluation, findRun, ranking as runRanking, regional, type ChildValue, type FilterQuery, type RankRow } from './evaluation.js';
import type { RegionNode, ScorecardRow, WarningItem } from './types.js';

export type Source = 'dashboard' | 'run';

/** The honesty label of a dashboard figure: synthetic first, then how complete it is. */
export function figureQuality(f: Pick<DashboardFigure, 'quality' | 'status'> | null | undefined): string | null {
  if (!f) return null;
  if (f.quality !== 'final') return f.quality;
  if (f.status === 'incomplete') return 'incomplete';
  if (f.status === 'reported') return 'reported';
  return 'final';
}

type Item = DashboardScorecard['items'][number];
type Progress = Item['progress'][number];

/** Trajectory where it can judge, else the first method that can (as the run view does). */
function pickProgress(list: readonly Progress[]): Progress | undefined {
  const usable = list.filter((p) => p.status !== 'unable_to_assess');
  return usable.find((p) => p.method === 'trajectory') ?? usable[0] ?? list[0];
}

/** One scorecard item of the dashboard as the overview's row. */
export function scorecardRow(item: Item): ScorecardRow {
  const progress = pickProgress(item.progress);
  const latest = item.latest;
  return {
    indicator: item.indicator.code,
    name: item.indicator.name,
    unit: item.indicator.unit,
    group: item.group?.code ?? null,
    groupName: item.group?.name ?? null,
    nature: item.nature,
    polarity: item.indicator.polarity,
    latest: latest ? { value: latest.value, period: latest.period, quality: figureQuality(latest) } : null,
    target: item.target ? { value: item.target.value, year: item.target.milestoneYear, wording: item.target.wording, kind: item.target.kind, verification: item.target.verification } : null,
    attainment: attainmentPercent(latest?.value ?? null, item.target?.value ?? null, item.indicator.polarity),
    status: item.warning && item.warning.level !== 'none'
      ? { code: item.warning.level, ...(item.warning.label ? { label: item.warning.label as Bilingual } : {}) }
      : progress ? { code: progress.status, ...(progress.label ? { label: progress.label as Bilingual } : {}) } : null,
    series: item.sparkline.map((f) => ({ period: f.period, value: f.value, quality: figureQuality(f) })),
    completeness: item.completeness === null ? null : item.completeness * 100,
  };
}

/** Lagging indicators of the region, and the lagging indicators of its children. */
export function scorecardWarnings(card: DashboardScorecard): WarningItem[] {
  const names = new Map(card.items.map((i) => [i.indicator.code, i.indicator.name]));
  const own = card.warnings.indicators.map((w): WarningItem => ({
    indicator: w.indicator, indicatorName: w.name, region: card.region.code, regionName: card.region.name,
    level: w.warning && w.warning.level !== 'none' ? w.warning.level : 'off_track',
    text: ((w.warning?.label ?? w.progress?.label) as Bilingual) ?? w.progress?.status ?? '', period: card.period,
  }));
  const children = card.warnings.regions.flatMap((r) => r.indicators.map((code): WarningItem => ({
    indicator: code, indicatorName: names.get(code) ?? code, region: r.region.code, regionName: r.region.name,
    level: r.alerts > 0 ? 'alert' : 'off_track', text: null, period: card.period,
  })));
  return [...own, ...children];
}

export interface OverviewData {
  readonly rows: ScorecardRow[];
  readonly warnings: WarningItem[];
  readonly source: Source;
  readonly synthetic: boolean;
}

export async function overview(q: FilterQuery, regions: readonly RegionNode[], signal?: AbortSignal): Promise<OverviewData> {
  const card = await dashboard.scorecard(q, signal).catch(() => null);
  if (card && card.headline.withData > 0) {
    return { rows: card.items.map(scorecardRow), warnings: scorecardWarnings(card), source: 'dashboard', synthetic: card.headline.synthetic };
  }
  const [rows, warnings] = await Promise.all([evaluation.scorecard(q, signal), evaluation.warnings(q, regions, signal)]);
  return { rows, warnings, source: 'run', synthetic: rows.some((r) => r.latest?.quality === 'synthetic') };
}

/** An indicator for the children of a region (map, bar comparison). */
export async function childValues(q: FilterQuery & { indicator: string }, regions: readonly RegionNode[], signal?: AbortSignal): Promise<{ items: ChildValue[]; source: Source }> {
  const map = await dashboard.map({ indicator: q.indicator, region: q.region, period: q.period, framework: q.framework }, signal).catch(() => null);
  if (map && map.summary.withData > 0) {
    return {
      source: 'dashboard',
      items: map.items.map((i) => ({
        region: i.region.code,
        regionName: i.region.name,
        value: i.figure?.value ?? null,
        period: i.figure?.period ?? null,
        quality: figureQuality(i.figure),
        status: i.target ? { code: i.target.status } : i.figure ? null : { code: 'no_data' },
      })),
    };
  }
  return { items: await regional.childValues(q, regions, signal), source: 'run' };
}

export interface IndicatorRank {
  readonly region: string;
  readonly regionName: Bilingual;
  readonly rank: number | null;
  readonly tiedWith: number;
  readonly value: number | null;
  readonly quality: string | null;
  readonly change: number | null;
}

/**
 * Competition ranking ("1224") of values, best first (ascending when lower is better); regions
 * without a value are unranked and listed last.
 */
export function rankValues(items: ReadonlyArray<{ region: string; regionName: Bilingual; value: number | null; quality: string | null }>, lowerIsBetter: boolean): IndicatorRank[] {
  const valued = items.filter((i) => i.value !== null).sort((a, b) => (lowerIsBetter ? a.value! - b.value! : b.value! - a.value!));
  const out: IndicatorRank[] = valued.map((i) => {
    const better = valued.filter((o) => (lowerIsBetter ? o.value! < i.value! : o.value! > i.value!)).length;
    const tied = valued.filter((o) => o.value === i.value).length;
    return { region: i.region, regionName: i.regionName, rank: better + 1, tiedWith: tied, value: i.value, quality: i.quality, change: null };
  });
  return [...out, ...items.filter((i) => i.value === null).map((i) => ({ region: i.region, regionName: i.regionName, rank: null, tiedWith: 1, value: null, quality: null, change: null }))];
}

/** The children ranked on an indicator: the dashboard's ranking, else ranked here from `fallback`. */
export async function indicatorRanking(q: FilterQuery & { indicator: string }, fallback: readonly ChildValue[], lowerIsBetter: boolean, signal?: AbortSignal): Promise<{ items: IndicatorRank[]; source: Source }> {
  const answer = await dashboard.ranking({ region: q.region, by: 'indicator', period: q.period, indicator: q.indicator, framework: q.framework }, signal).catch(() => null);
  if (answer && answer.items.some((i) => i.rank !== null)) {
    return {
      source: 'dashboard',
      items: answer.items.map((i) => ({ region: i.region.code, regionName: i.region.name, rank: i.rank, tiedWith: Math.max(1, i.tiedWith), value: i.value, quality: figureQuality(i.figure), change: i.change })),
    };
  }
  return { source: 'run', items: rankValues(fallback, lowerIsBetter) };
}

/** The assessment ranking: the dashboard's live scores (when the framework's profile has a scheme), else the latest run with a scheme. */
export async function assessmentRanking(framework: string, region: string, year: number, signal?: AbortSignal, options: { preferRun?: boolean } = {}): Promise<{ rows: RankRow[]; source: Source; run: Awaited<ReturnType<typeof findRun>>; scheme: { code: string; name: Bilingual; demonstration: boolean } | null }> {
  const live = await dashboard.ranking({ region: region.slice(0, 2) + '0000', by: 'score', period: String(year), framework }, signal).catch(() => null);
  const run = await findRun(framework, region, year, signal, (r) => r.options.scheme !== null && r.options.scheme !== undefined);
  if (live?.scheme && live.items.some((i) => i.rank !== null) && !(options.preferRun && run)) {
    return {
      source: 'dashboard',
      run,
      scheme: live.scheme,
      rows: live.items.map((i) => ({
        region: i.region.code, rank: i.rank, of: live.total, tiedWith: Math.max(1, i.tiedWith), group: i.peerGroup?.code ?? null, groupRank: i.groupRank,
        previousRank: i.previousRank, change: i.change, score: i.value, grade: i.grade ?? '', level: i.region.level, items: [], dimensions: [], maxScore: i.maxScore,
      })),
    };
  }
  return { source: 'run', run, scheme: null, rows: run ? await runRanking(run.id, signal) : [] };
}

export interface TrendModel {
  readonly actual: Array<{ period: string; value: number | null; quality: string | null }>;
  readonly baseline: { period: string; value: number } | null;
  readonly targets: Array<{ period: string; value: number }>;
  readonly expected: Array<{ period: string; value: number }>;
  readonly projection: Array<{ period: string; value: number; lower: number | null; upper: number | null }>;
  readonly warnings: Array<{ period: string; level: string; text: string }>;
  readonly target: number | null;
}

/** The dashboard's trend as the chart's model; null when the dashboard has no actual value. */
export function trendModel(trend: DashboardTrend, year: number, label: (l: unknown, fallback: string) => string): TrendModel | null {
  if (!trend.actuals.some((a) => a.value !== null)) return null;
  const milestones = trend.targets.filter((t) => t.value !== null).map((t) => ({ period: String(t.milestoneYear), value: t.value as number }));
  const withBaseline = trend.targets.find((t) => t.baseline);
  const path = withBaseline?.path ?? [];
  return {
    actual: trend.actuals.map((a) => ({ period: a.period, value: a.value, quality: figureQuality(a) })),
    baseline: withBaseline?.baseline ? { period: String(withBaseline.baseline.year), value: withBaseline.baseline.value } : null,
    targets: milestones,
    expected: path.map((p) => ({ period: String(p.year), value: p.value })),
    projection: (trend.projection?.points ?? []).map((p) => ({ period: String(p.year), value: p.value, lower: p.lower, upper: p.upper })),
    warnings: trend.warnings.filter((w) => w.level !== 'none').map((w) => ({ period: String(w.milestoneYear), level: w.level, text: label(w.label, w.level) })),
    target: milestones.find((m) => Number(m.period) >= year)?.value ?? milestones.at(-1)?.value ?? null,
  };
}
