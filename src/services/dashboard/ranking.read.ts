/**
 * The ranking: the children of a region (or its descendants at a level) ranked
 * - on the framework's assessment score (`by: 'score'`): the live scores and ranks of the
 *   scheme in the framework's evaluation profile, ranked within their level in the province,
 *   with ties, the peer group (a county's prefecture) and the change from last year's rank;
 * - on an indicator (`by: 'indicator'`): the values at a period ranked with the core's
 *   `buildRankingTable` (ascending when lower is better), peer groups = the parents when the
 *   regions lie deeper than the children, and the change from the same period a year earlier.
 *
 * Ranks are always computed over the whole set; the answer carries one page of the rows the
 * reader may see (`limit`, default 100, from `offset`) and their `total`.
 */
import { VitalsError } from '../../core/errors.js';
import { samePeriodLastYear } from '../../core/period/index.js';
import { buildRankingTable } from '../../core/ranking/index.js';
import { SYSTEM_DASHBOARD_SCOPE, type ScoreRow } from '../../storage/repositories/dashboard.repository.js';
import type { MapCell } from '../../storage/repositories/dashboard.read.js';
import { loadCatalogue } from './book.js';
import { judgeYear, type FrameworkSettings } from './judge-year.js';
import { cachedMetadata } from './meta-cache.js';
import { figureOf, indicatorRef, periodBounds, reader, regionRef, regionSetOf, requireFramework, requireIndicator, requirePeriod, requireRegion, settingsOf, type Figure, type ReadContext, type RegionRef } from './support.js';

export interface RankingQuery {
  readonly region: string;
  readonly by: 'score' | 'indicator';
  readonly framework?: string;
  /** by=score: the year; by=indicator: the period. */
  readonly period: string;
  readonly indicator?: string;
  readonly level?: string;
  /** Rows per page (default `RANKING_PAGE`). */
  readonly limit?: number;
  readonly offset?: number;
}

/** The default page size: the children of any region fit; a national county ranking pages. */
export const RANKING_PAGE = 100;

export interface RankingItem {
  readonly region: RegionRef;
  readonly rank: number | null;
  readonly tiedWith: number;
  /** The score, or the indicator's value. */
  readonly value: number | null;
  readonly figure: Figure | null;
  readonly grade: string | null;
  readonly maxScore: number | null;
  readonly peerGroup: RegionRef | null;
  readonly groupRank: number | null;
  readonly groupSize: number | null;
  readonly previousRank: number | null;
  readonly change: number | null;
  readonly movement: string;
}

export async function rankingView(ctx: ReadContext, q: RankingQuery) {
  const period = requirePeriod(q.period);
  const region = await requireRegion(ctx, q.region);
  const r = reader(ctx);
  const set = regionSetOf(region, q.level, period);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? RANKING_PAGE;
  const page = <T>(all: readonly T[]) => ({ total: all.length, offset, limit, rows: all.slice(offset, offset + limit) });
  // Peer group labels, read in one query once the groups are known.
  let peers = new Map<string, RegionRef>();
  const loadPeers = async (codes: readonly (string | null)[]) => {
    peers = new Map([...(await r.regionsByCode([...new Set(codes.filter((c): c is string => c !== null))]))].map(([code, info]) => [code, regionRef(info)]));
  };
  const peerRef = (code: string | null) => (code === null ? null : (peers.get(code) ?? null));
  if (q.by === 'score') {
    if (!q.framework) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'ranking by score needs a framework' });
    if (period.type !== 'year') throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `scores are annual: give a year, not ${period.code}` });
    const framework = await requireFramework(ctx, q.framework);
    const settings = await settingsOf(ctx, framework.code);
    const regions = await r.regions(set, ctx.scope);
    const base = { region: regionRef(region), by: q.by, period: period.code, level: q.level ?? regions[0]?.level ?? null, framework: framework.code, indicator: null };
    if (!settings.scheme) return { ...base, scheme: null, total: 0, offset, limit, items: [] as RankingItem[] };
    const scores = await scoresFor(ctx, framework, settings, region.provinceCode, period.year, regions.map((c) => c.code));
    const byRegion = new Map(scores.map((s) => [s.region, s]));
    const ordered = [...regions].sort((a, b) => byRank({ rank: byRegion.get(a.code)?.rank ?? null, code: a.code }, { rank: byRegion.get(b.code)?.rank ?? null, code: b.code }));
    const { rows: pageRegions, ...paging } = page(ordered);
    await loadPeers(pageRegions.map((c) => byRegion.get(c.code)?.peerGroup ?? null));
    const items: RankingItem[] = [];
    for (const child of pageRegions) {
      const s = byRegion.get(child.code);
      items.push({
        region: regionRef(child), rank: s?.rank ?? null, tiedWith: s?.tiedWith ?? 1, value: s?.score ?? null, figure: null, grade: s?.grade ?? null, maxScore: s?.maxScore ?? null,
        peerGroup: peerRef(s?.peerGroup ?? null), groupRank: s?.groupRank ?? null, groupSize: s?.groupSize ?? null, previousRank: s?.previousRank ?? null,
        change: s?.rankChange ?? null, movement: s?.movement ?? 'unranked',
      });
    }
    return { ...base, scheme: { code: settings.scheme.code, name: settings.scheme.name, demonstration: settings.scheme.demonstration ?? false }, ...paging, items };
  }
  if (!q.indicator) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'ranking by indicator needs an indicator' });
  const indicator = await requireIndicator(ctx, q.indicator);
  const lastYear = samePeriodLastYear(period);
  // Ranks are those of the whole set, whoever asks (as stored scores are); the reader then gets
  // the rows of the regions it may see.
  const [cells, previousCells, visible] = await Promise.all([
    r.mapCells(set, indicator.code, period.code, SYSTEM_DASHBOARD_SCOPE),
    r.mapCells({ ...set, ...periodBounds(lastYear) }, indicator.code, lastYear.code, SYSTEM_DASHBOARD_SCOPE),
    r.regions(set, ctx.scope),
  ]);
  const mayRead = new Set(visible.map((v) => v.code));
  const order = indicator.polarity === 'lower_is_better' ? 'asc' : 'desc';
  // Peer groups only when the regions are not all children of the same parent.
  const grouped = q.level !== undefined && cells.some((c) => c.parentCode !== region.code);
  const entries = (list: readonly MapCell[]) => list.map((c) => ({ code: c.code, score: c.value?.value ?? null, group: grouped ? c.parentCode : null }));
  const previous = buildRankingTable(entries(previousCells), { order });
  const previousRanks = new Map(previous.rows.filter((row) => row.rank !== null).map((row) => [row.code, row.rank!]));
  const table = buildRankingTable(entries(cells), { order, previousRanks });
  const byCode = new Map(cells.map((c) => [c.code, c]));
  const { rows: pageRows, ...paging } = page(table.rows.filter((x) => mayRead.has(x.code)));
  await loadPeers(pageRows.map((row) => row.group));
  const items: RankingItem[] = [];
  for (const row of pageRows) {
    const cell = byCode.get(row.code)!;
    items.push({
      region: regionRef(cell), rank: row.rank, tiedWith: row.tiedWith, value: row.score, figure: cell.value ? figureOf(cell.value, indicator.unit) : null, grade: null, maxScore: null,
      peerGroup: peerRef(row.group), groupRank: row.groupRank, groupSize: row.groupSize, previousRank: row.previousRank, change: row.change, movement: row.movement,
    });
  }
  return {
    region: regionRef(region), by: q.by, period: period.code, level: q.level ?? cells[0]?.level ?? null, framework: q.framework ?? null,
    indicator: indicatorRef(indicator), scheme: null, method: table.provenance, ...paging, items,
  };
}

/** Live scores when the year is live, else scored now by the same function (not stored). */
async function scoresFor(ctx: ReadContext, framework: { code: string; startYear: number | null; endYear: number | null }, settings: FrameworkSettings, provinceCode: string, year: number, regions: readonly string[]): Promise<ScoreRow[]> {
  const r = reader(ctx);
  const fresh = await r.freshness(provinceCode);
  const inPlan = (framework.startYear ?? year) <= year && year <= (framework.endYear ?? year);
  if (fresh && !fresh.stale && inPlan && fresh.liveYears.includes(year)) return r.scores([provinceCode], framework.code, year, regions);
  const judged = await judgeYear(ctx.readDb, await cachedMetadata(ctx.readDb, 'catalogue', () => loadCatalogue(ctx.readDb)), { provinceCode, framework: framework.code, year, settings, only: { regions: new Set(), indicators: new Set() }, score: true });
  const wanted = new Set(regions);
  return (judged.scores ?? []).filter((s) => wanted.has(s.region));
}

/** Ranked first (by rank, then code), the unranked last by code. */
function byRank(a: { rank: number | null; code: string }, b: { rank: number | null; code: string }): number {
  if (a.rank === null || b.rank === null) return a.rank === null ? (b.rank === null ? (a.code < b.code ? -1 : 1) : 1) : -1;
  return a.rank - b.rank || (a.code < b.code ? -1 : 1);
}

export type RankingView = Awaited<ReturnType<typeof rankingView>>;
