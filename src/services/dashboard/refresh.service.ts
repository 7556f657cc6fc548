/**
 * Freshness: keeping the dashboards' tables equal to what the final data imply.
 *
 * - `refresh(changes)`: after values became final (an approval), stopped being final (a
 *   reopen) or were imported: the aggregates of exactly the affected chain (the region and its
 *   ancestors × the period and every coarser one, via `AggregateService.refreshAffected`), the
 *   indicator values reading those elements on that chain, the live judgements of the chain's
 *   regions and the scores of the levels they sit in, and the cached index periods they reach.
 * - Then, after every province of the change list, the nation (000000): its aggregate rows of the
 *   touched elements × periods, then its indicator values (`refreshNationValues`). Last, so that
 *   a transaction never waits for a province's lock while holding the nation's (no deadlock
 *   between a multi-province import and an approval).
 * - `rebuild(region)`: the same from scratch for a province (aggregates first when stale), or
 *   for the nation's own rows when given 000000.
 *
 * Both run in one transaction (the caller's, when given one) under a per-province advisory lock,
 * so two approvals in one province refresh one after the other and neither overwrites the
 * other's figures with an older reading.
 */
import type { Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { RegionTree } from '../../core/region/index.js';
import { NATION } from '../evaluation/aggregate-nation.js';
import { AggregateService } from '../evaluation/aggregate.service.js';
import { loadProvinceTree } from '../evaluation/regions.js';
import { bumpDashboardEpoch } from '../../storage/repositories/dashboard.epoch.js';
import { DashboardRepository, type IndicatorValueRow } from '../../storage/repositories/dashboard.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import type { DB } from '../../storage/schema.js';
import { elementsOf, indicatorsReading, loadBook, loadCatalogue, type Catalogue } from './book.js';
import { indicatorRows, presentKeys } from './indicator-values.js';
import { buildLiveResults, liveYearsFor, refreshLiveResults, type LiveReport } from './live-results.js';
import { refreshNationValues } from './nation-values.js';

/** One changed value: a data element at a region and period. */
export interface DataChange {
  readonly element: string;
  readonly region: string;
  readonly period: string;
}

export interface RefreshReport {
  readonly provinces: readonly string[];
  readonly aggregateRowsWritten: number;
  readonly indicators: readonly string[];
  readonly indicatorValues: number;
  /** The nation's indicator values rewritten (000000). */
  readonly nationValues: number;
  readonly judgements: number;
  readonly scores: number;
  /** Live years moved (a first value of a new year): the live results were rebuilt. */
  readonly liveRebuilt: boolean;
  /** Changes that could not be refreshed incrementally, with why (none at present; kept for callers). */
  readonly skipped: readonly string[];
  readonly milliseconds: number;
  /** Milliseconds per phase, summed over provinces: aggregates, catalogue, values, live, index. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface DashboardRebuildReport {
  readonly provinceCode: string;
  readonly aggregatesRebuilt: boolean;
  readonly indicatorValues: number;
  readonly liveYears: readonly number[];
  readonly live: LiveReport;
  readonly milliseconds: number;
}

export class DashboardRefresher {
  constructor(private readonly db: Kysely<DB>) {}

  /** Refresh everything the changed values reach (see the module comment). */
  async refresh(changes: readonly DataChange[]): Promise<RefreshReport> {
    const started = performance.now();
    const unique = new Map(changes.map((c) => [`${c.element}|${c.region}|${c.period}`, c]));
    const byProvince = new Map<string, DataChange[]>();
    const skipped: string[] = [];
    const nationOwn: DataChange[] = [];
    const regions = new RegionRepository(this.db);
    for (const change of unique.values()) {
      const region = await regions.get(change.region);
      if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: change.region });
      // The nation's own figures roll up nowhere: only its indicator values follow.
      if (region.level === 'nation') nationOwn.push(change);
      else byProvince.set(region.provinceCode, [...(byProvince.get(region.provinceCode) ?? []), change]);
    }
    const totals = { aggregateRowsWritten: 0, indicators: new Set<string>(), indicatorValues: 0, nationValues: 0, judgements: 0, scores: 0, liveRebuilt: false };
    const timings: Record<string, number> = {};
    const nationElements = new Map<string, Set<string>>();
    const nationIndicators = new Set<string>();
    const nationPeriods = new Set<string>();
    for (const [provinceCode, list] of [...byProvince].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await this.transaction(async (trx) => {
        const outcome = await refreshProvince(trx, provinceCode, list);
        for (const [element, periods] of outcome.nation.elements) nationElements.set(element, new Set([...(nationElements.get(element) ?? []), ...periods]));
        outcome.indicators.forEach((i) => nationIndicators.add(i));
        outcome.nation.periods.forEach((p) => nationPeriods.add(p));
        totals.aggregateRowsWritten += outcome.aggregateRowsWritten;
        outcome.indicators.forEach((i) => totals.indicators.add(i));
        totals.indicatorValues += outcome.indicatorValues;
        totals.judgements += outcome.judgements;
        totals.scores += outcome.scores;
        totals.liveRebuilt ||= outcome.liveRebuilt;
        for (const [phase, ms] of Object.entries(outcome.timings)) timings[phase] = (timings[phase] ?? 0) + ms;
      });
    }
    if (nationElements.size > 0 || nationOwn.length > 0) {
      const mark = performance.now();
      await this.transaction(async (trx) => {
        totals.aggregateRowsWritten += await new AggregateService(trx).refreshNation(nationElements);
        const catalogue = await loadCatalogue(trx);
        for (const i of indicatorsReading(catalogue, nationOwn.map((c) => c.element))) nationIndicators.add(i);
        nationOwn.forEach((c) => nationPeriods.add(c.period));
        nationIndicators.forEach((i) => totals.indicators.add(i));
        totals.nationValues += await refreshNationValues(trx, catalogue, { indicators: [...nationIndicators].sort(), periods: [...nationPeriods].sort() });
      });
      timings.nation = Math.round(performance.now() - mark);
    }
    return { provinces: [...byProvince.keys()].sort(), ...totals, indicators: [...totals.indicators].sort(), skipped, milliseconds: Math.round(performance.now() - started), timings };
  }

  /**
   * Rebuild a province's dashboard tables from its aggregates; the aggregates are rebuilt first
   * when stale (`ensureFresh`), or always with `aggregates: 'rebuild'`.
   */
  async rebuild(region: string, options: { readonly aggregates?: 'ensure' | 'rebuild' | 'skip'; readonly elements?: readonly string[]; readonly nation?: boolean } = {}): Promise<DashboardRebuildReport> {
    const started = performance.now();
    const province = await new RegionRepository(this.db).require(region);
    if (province.level === 'nation') return this.rebuildNation(options, started);
    const provinceCode = province.provinceCode;
    return this.transaction(async (trx) => {
      const repo = new DashboardRepository(trx);
      await repo.lockProvince(provinceCode);
      const aggregates = new AggregateService(trx);
      const mode = options.aggregates ?? 'ensure';
      const aggregatesRebuilt = mode === 'rebuild' ? (await aggregates.rebuild({ region: provinceCode }), true) : mode === 'ensure' ? (await aggregates.ensureFresh(provinceCode)).rebuilt : false;
      const catalogue = await loadCatalogue(trx);
      const { tree } = await loadProvinceTree(trx, provinceCode);
      // Only the indicators reading the given elements, or all of them.
      const indicators = options.elements ? indicatorsReading(catalogue, options.elements) : [...catalogue.compiled.keys()].sort();
      await repo.deleteIndicatorValues(provinceCode, options.elements ? { indicators } : {});
      let indicatorValues = 0;
      for (const rows of indicatorRowsOf(trx, catalogue, tree, provinceCode, indicators)) {
        const batch = await rows;
        await repo.upsertIndicatorValues(batch);
        indicatorValues += batch.length;
      }
      // The nation's indicator values follow (the caller does it last when rebuilding several provinces).
      if (options.nation !== false) await refreshNationValues(trx, catalogue, { indicators });
      const liveYears = liveYearsFor(await repo.latestYear(provinceCode));
      const live = await buildLiveResults(trx, catalogue, tree, provinceCode, liveYears);
      await repo.invalidateIndexCache([...tree.all()].map((r) => r.code));
      const report = { provinceCode, aggregatesRebuilt, indicatorValues, liveYears, live };
      await repo.saveBuild(provinceCode, liveYears, report);
      return { ...report, milliseconds: Math.round(performance.now() - started) };
    });
  }

  /** The nation's rows only: its aggregates (with `aggregates: 'rebuild'`) and its indicator values. */
  private async rebuildNation(options: { readonly aggregates?: 'ensure' | 'rebuild' | 'skip'; readonly elements?: readonly string[] }, started: number): Promise<DashboardRebuildReport> {
    return this.transaction(async (trx) => {
      if (options.aggregates === 'rebuild') await new AggregateService(trx).rebuildNation(options.elements);
      const catalogue = await loadCatalogue(trx);
      const indicators = options.elements ? indicatorsReading(catalogue, options.elements) : undefined;
      const indicatorValues = await refreshNationValues(trx, catalogue, indicators ? { indicators } : {});
      return { provinceCode: NATION, aggregatesRebuilt: options.aggregates === 'rebuild', indicatorValues, liveYears: [], live: { judgements: 0, scores: 0, frameworks: [] }, milliseconds: Math.round(performance.now() - started) };
    });
  }

  private async transaction<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.db);
    return this.db.transaction().execute(work);
  }
}

/** Indicator rows of a whole province, one indicator at a time (bounded memory). */
function* indicatorRowsOf(db: Kysely<DB>, catalogue: Catalogue, tree: RegionTree, provinceCode: string, indicators: readonly string[]): Generator<Promise<IndicatorValueRow[]>> {
  for (const indicator of indicators) {
    yield (async () => {
      const elementCodes = elementsOf(catalogue, indicator);
      if (elementCodes.length === 0) return [];
      const loaded = await loadBook(db, catalogue, { provinceCode, tree, elementCodes });
      const ids = new Set(elementCodes.map((c) => catalogue.elements.get(c)!.id));
      return indicatorRows(catalogue, loaded, provinceCode, indicator, presentKeys(loaded, ids).values());
    })();
  }
}

interface ProvinceOutcome {
  readonly aggregateRowsWritten: number;
  readonly indicators: readonly string[];
  readonly indicatorValues: number;
  readonly judgements: number;
  readonly scores: number;
  readonly liveRebuilt: boolean;
  readonly timings: Record<string, number>;
  /** What the nation must follow: element → periods (aggregates), and the periods of the indicators. */
  readonly nation: { readonly elements: ReadonlyMap<string, readonly string[]>; readonly periods: readonly string[] };
}

/** The incremental path for one province, inside its transaction. */
async function refreshProvince(trx: Kysely<DB>, provinceCode: string, changes: readonly DataChange[]): Promise<ProvinceOutcome> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const at = performance.now();
    timings[phase] = Math.round(at - mark);
    mark = at;
  };
  const repo = new DashboardRepository(trx);
  await repo.lockProvince(provinceCode);
  lap('lock');
  const aggregates = new AggregateService(trx);
  const chain = new Set<string>();
  const touched = new Set<string>();
  const periods = new Set<string>();
  let aggregateRowsWritten = 0;
  const nationElements = new Map<string, string[]>();
  for (const change of changes) {
    // The nation follows once, after every province (`refresh`), not here.
    const report = await aggregates.refreshAffected(change.element, change.region, change.period, { nation: false });
    report.chain.forEach((c) => chain.add(c));
    for (const entry of report.periods) {
      const at = entry.lastIndexOf(':');
      touched.add(entry.slice(0, at));
      periods.add(entry.slice(at + 1));
      nationElements.set(entry.slice(0, at), [...(nationElements.get(entry.slice(0, at)) ?? []), entry.slice(at + 1)]);
    }
    aggregateRowsWritten += report.rowsWritten;
  }
  lap('aggregates');
  const catalogue = await loadCatalogue(trx);
  const indicators = indicatorsReading(catalogue, touched);
  const { tree } = await loadProvinceTree(trx, provinceCode);
  lap('catalogue');
  const regions = [...chain];
  const periodList = [...periods];
  let indicatorValues = 0;
  if (indicators.length > 0 && periodList.length > 0) {
    const elementCodes = [...new Set(indicators.flatMap((i) => elementsOf(catalogue, i)))];
    const loaded = await loadBook(trx, catalogue, { provinceCode, tree, elementCodes, regions, periods: periodList });
    const keys = regions.flatMap((region) => periodList.map((period) => ({ region, period })));
    const rows = indicators.flatMap((i) => indicatorRows(catalogue, loaded, provinceCode, i, keys));
    await repo.deleteIndicatorValues(provinceCode, { indicators, regions, periods: periodList });
    await repo.upsertIndicatorValues(rows);
    indicatorValues = rows.length;
  }
  lap('values');
  const fromYear = Math.min(...periodList.map((p) => Number(p.slice(0, 4))));
  const build = await repo.getBuild(provinceCode);
  const liveYears = liveYearsFor(await repo.latestYear(provinceCode));
  // A first value of a new year moves the live years: judge the new window from scratch.
  const moved = build !== undefined && liveYears.join(',') !== build.liveYears.join(',');
  let live: LiveReport = { judgements: 0, scores: 0, frameworks: [] };
  if (moved) {
    live = await buildLiveResults(trx, catalogue, tree, provinceCode, liveYears);
    await repo.setLiveYears(provinceCode, liveYears);
  } else if (indicators.length > 0 && Number.isFinite(fromYear)) {
    live = await refreshLiveResults(trx, catalogue, tree, provinceCode, liveYears, { regions, indicators, fromYear });
    if (build) await repo.touchBuild(provinceCode);
  }
  lap('live');
  // Every cached index whose units include a region of the chain: the chain's parents, up to the nation.
  const parents = new Set(regions.flatMap((r) => (tree.has(r) ? tree.ancestors(r).map((a) => a.code) : [])));
  if (Number.isFinite(fromYear)) await repo.invalidateIndexCache([...parents], fromYear);
  lap('index');
  // Cached answers (src/http/plugins/answer-cache.ts) key on the epoch: a province without a
  // build row gets no trigger bump from touchBuild, so bump here in every case.
  await bumpDashboardEpoch(trx, provinceCode);
  return { nation: { elements: nationElements, periods: periodList }, aggregateRowsWritten, indicators, indicatorValues, judgements: live.judgements, scores: live.scores, liveRebuilt: moved, timings };
}
