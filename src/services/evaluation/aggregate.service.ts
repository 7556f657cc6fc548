/**
 * The aggregate table's write path: a full rebuild per province, the incremental refresh of the
 * chain one changed value affects (its region's ancestors × its period's coarser periods), and
 * the consistency check proving that the stored rows equal a full recomputation. Every change
 * of a province's rows is followed by the nation's rows of the same elements and periods
 * (`NationAggregates`, region 000000), in the same transaction.
 */
import type { Kysely } from 'kysely';
import { AGGREGATION_METHOD_VERSION } from '../../core/aggregation/index.js';
import { VitalsError } from '../../core/errors.js';
import { parsePeriod, type PeriodType } from '../../core/period/index.js';
import type { RegionLevel, RegionTree } from '../../core/region/index.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import { AggregateRepository, aggregateKey, type AggregateRow, type FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { MetadataRepository } from '../../storage/repositories/metadata.repository.js';
import type { DB } from '../../storage/schema.js';
import { computeElementAggregates, finePeriodsOf, inferLeafLevel, periodChain, type ElementSpec } from './aggregate-compute.js';
import { NATION } from './aggregate-nation.js';
import { NationAggregates } from './aggregate-nation.service.js';
import type { NationOption, RebuildReport, RefreshReport, VerifyReport } from './aggregate-types.js';
import { compareRows, type AggregateMismatch } from './aggregate-verify.js';
import { loadProvinceTree, provinceOf } from './regions.js';

export type { NationOption, RebuildReport, RefreshReport, VerifyReport } from './aggregate-types.js';

export class AggregateService {
  private readonly repo: AggregateRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new AggregateRepository(db);
  }

  private async elementSpecs(): Promise<Map<string, ElementSpec>> {
    const elements = await new MetadataRepository(this.db).listDataElements();
    const byCode = new Map(elements.map((e) => [e.code, e]));
    const out = new Map<string, ElementSpec>();
    for (const e of elements) {
      const w = e.weightElement ? byCode.get(e.weightElement) : undefined;
      out.set(e.code, {
        id: e.id,
        code: e.code,
        aggregation: e.aggregation,
        periodType: e.periodType,
        ...(w ? { weight: { id: w.id, code: w.code, periodType: w.periodType } } : {}),
      });
    }
    return out;
  }

  /**
   * Compute a province's rows element by element, handing each element's rows to `sink` before
   * the next is read: memory holds one element's rows, not the province's (3.9 M rows for Hebei).
   */
  private async computeProvince(repo: AggregateRepository, specs: ReadonlyMap<string, ElementSpec>, provinceCode: string, tree: RegionTree, ids: readonly number[], sink: (spec: ElementSpec, rows: AggregateRow[]) => Promise<void>) {
    const byId = new Map([...specs.values()].map((s) => [s.id, s]));
    const ignored: Record<string, number> = {};
    const problems: string[] = [];
    const weightCache = new Map<number, FinalValue[]>();
    let values = 0;
    let rows = 0;
    for (const id of ids) {
      const element = byId.get(id);
      if (!element) continue;
      const own = await repo.readFinalValues({ provinceCode, dataElementIds: [id] });
      values += own.length;
      let weights: FinalValue[] | undefined;
      if (element.aggregation === 'population_weighted_mean' && element.weight) {
        const wid = element.weight.id;
        if (!weightCache.has(wid)) weightCache.set(wid, (await repo.readFinalValues({ provinceCode, dataElementIds: [wid] })).filter(isTotal));
        weights = weightCache.get(wid);
      }
      const result = computeElementAggregates({ tree, provinceCode, element, values: own, ...(weights ? { weights } : {}), leafLevel: inferLeafLevel(tree, own) });
      rows += result.rows.length;
      problems.push(...result.problems);
      for (const [reason, n] of Object.entries(result.ignored)) ignored[`${element.code}:${reason}`] = n;
      await sink(element, result.rows);
    }
    return { provinceCode, elements: ids.length, values, rows, ignored, problems };
  }

  /**
   * Recompute and replace every aggregate of a province (or of the listed elements) from the
   * final data values, in one transaction, element by element; then the nation's rows of the
   * same elements (unless `nation: false`). For the nation (000000): `rebuildNation`.
   * @throws VITALS_E_UNKNOWN_REGION, VITALS_E_NOT_FOUND (unknown element)
   */
  async rebuild(options: { readonly region: string; readonly elements?: readonly string[] } & NationOption): Promise<RebuildReport> {
    const started = performance.now();
    if ((await new RegionRepository(this.db).require(options.region)).level === 'nation') {
      const nation = await this.rebuildNation(options.elements);
      return { provinceCode: NATION, elements: nation.elements, values: 0, rows: nation.rows, ignored: {}, problems: [], milliseconds: nation.milliseconds };
    }
    const provinceCode = await provinceOf(this.db, options.region);
    // Watermarks first: a change committed while we read has a higher id and makes us stale.
    const marks = await this.repo.watermarks(provinceCode);
    const { tree } = await loadProvinceTree(this.db, provinceCode);
    const specs = await this.elementSpecs();
    const elementIds = options.elements ? options.elements.map((c) => requireSpec(specs, c).id) : undefined;
    const report = await this.transaction(async (repo, trx) => {
      await repo.lockProvince(provinceCode);
      const stored = await repo.elementsWithRows(provinceCode);
      const ids = elementIds ?? (await repo.elementsWithValues(provinceCode));
      const done = new Set<number>();
      const computed = await this.computeProvince(repo, specs, provinceCode, tree, ids, async (spec, rows) => {
        await repo.replaceElement(provinceCode, spec.id, rows);
        done.add(spec.id);
      });
      // Elements whose last value went away: their old rows go too (a full rebuild leaves none).
      const gone = elementIds ? [] : stored.filter((id) => !done.has(id));
      for (const id of gone) await repo.replaceElement(provinceCode, id, []);
      if (options.nation !== false) {
        const nation = new NationAggregates(trx);
        const byId = new Map([...specs.values()].map((s) => [s.id, s]));
        for (const id of [...done, ...gone]) {
          const spec = byId.get(id);
          if (spec) await nation.refresh(spec);
        }
      }
      // Only a full rebuild vouches for the whole province (a partial one leaves the watermarks).
      if (!elementIds) await repo.saveBuild(provinceCode, { auditWatermark: marks.audit, workflowWatermark: marks.workflow, methodVersion: AGGREGATION_METHOD_VERSION, rowCount: computed.rows, report: { ...computed, rows: undefined } });
      return computed;
    });
    const { rows, ...rest } = report;
    return { ...rest, rows, milliseconds: Math.round(performance.now() - started) };
  }

  /**
   * Recombine the nation's rows of these elements × periods (element code → periods) from the
   * provinces' stored rows; returns the rows written. For callers that refreshed several
   * provinces with `nation: false` and bring the nation along once, last.
   */
  async refreshNation(work: ReadonlyMap<string, Iterable<string>>): Promise<number> {
    const specs = await this.elementSpecs();
    let rows = 0;
    await this.transaction(async (_repo, trx) => {
      const nation = new NationAggregates(trx);
      for (const [code, periods] of work) rows += (await nation.refresh(requireSpec(specs, code), [...new Set(periods)])).rowsWritten;
    });
    return rows;
  }

  /** Rebuild the nation's rows (000000) of every element with province rows, or of the listed ones. */
  async rebuildNation(elements?: readonly string[]): Promise<{ readonly elements: number; readonly rows: number; readonly milliseconds: number }> {
    const started = performance.now();
    const specs = await this.elementSpecs();
    const list = elements ? elements.map((c) => requireSpec(specs, c)) : [...specs.values()];
    let rows = 0;
    await this.transaction(async (_repo, trx) => {
      const nation = new NationAggregates(trx);
      for (const spec of list) rows += (await nation.refresh(spec)).rowsWritten;
    });
    return { elements: list.length, rows, milliseconds: Math.round(performance.now() - started) };
  }

  /** Rebuild when data, workflow states or the method changed since the last build. */
  async ensureFresh(region: string): Promise<{ readonly rebuilt: boolean; readonly report?: RebuildReport }> {
    const provinceCode = await provinceOf(this.db, region);
    const build = await this.repo.getBuild(provinceCode);
    const marks = await this.repo.watermarks(provinceCode);
    const fresh = build !== undefined && build.methodVersion === AGGREGATION_METHOD_VERSION && marks.audit <= build.auditWatermark && marks.workflow <= build.workflowWatermark;
    if (fresh) return { rebuilt: false };
    return { rebuilt: true, report: await this.rebuild({ region: provinceCode }) };
  }

  /**
   * After one value of `element` for `region` × `period` changed (e.g. a county-month became
   * final): recompute exactly the rows that depend on it — the region and its ancestors in the
   * province, for the period and every coarser period containing it — and, for elements weighted
   * by this one, the same chain. Writes only those rows (a whole slice when it is new).
   */
  async refreshAffected(element: string, region: string, period: string, options: NationOption = {}): Promise<RefreshReport> {
    const specs = await this.elementSpecs();
    const spec = requireSpec(specs, element);
    const provinceCode = await provinceOf(this.db, region);
    const { tree } = await loadProvinceTree(this.db, provinceCode);
    const chain = [region, ...tree.ancestors(region).map((r) => r.code)].filter((c) => c === provinceCode || tree.isWithin(c, provinceCode));
    const dependents = [...specs.values()].filter((s) => s.weight?.id === spec.id && s.aggregation === 'population_weighted_mean');
    let rowsWritten = 0;
    let rowsDeleted = 0;
    const periods: string[] = [];
    const touched = [spec, ...dependents];
    for (const target of touched) {
      const affected = target === spec ? affectedPeriods(period, spec.periodType) : periodChain(String(parsePeriod(period).year)).map((p) => p.code).concat(await this.storedPeriodsOfYear(provinceCode, target, parsePeriod(period).year));
      for (const code of [...new Set(affected)]) {
        const result = await this.recomputePeriod(provinceCode, tree, target, code);
        periods.push(`${target.code}:${code}`);
        const written = await this.writeChain(provinceCode, target, code, result, new Set(chain));
        rowsWritten += written.written;
        rowsDeleted += written.deleted;
      }
    }
    let nationRowsWritten = 0;
    if (options.nation !== false) {
      // The nation's rows of the same element × periods, from the 31 provinces' rows (this one's just written).
      await this.transaction(async (_repo, trx) => {
        const nation = new NationAggregates(trx);
        for (const target of touched) {
          const own = periods.filter((p) => p.startsWith(`${target.code}:`)).map((p) => p.slice(target.code.length + 1));
          if (own.length > 0) nationRowsWritten += (await nation.refresh(target, own)).rowsWritten;
        }
      });
    }
    return { provinceCode, elements: touched.map((t) => t.code), periods, chain, rowsWritten, rowsDeleted, nationRowsWritten };
  }

  private async storedPeriodsOfYear(provinceCode: string, spec: ElementSpec, year: number): Promise<string[]> {
    const rows = await this.repo.find({ provinceCode, dataElementIds: [spec.id] });
    return [...new Set(rows.map((r) => r.period).filter((p) => p.startsWith(String(year))))];
  }

  private async leafLevel(provinceCode: string, tree: RegionTree, spec: ElementSpec): Promise<RegionLevel> {
    const stored = await this.repo.storedLeafLevel(provinceCode, spec.id);
    if (stored) return stored as RegionLevel;
    return inferLeafLevel(tree, await this.repo.readFinalValues({ provinceCode, dataElementIds: [spec.id] }));
  }

  private async recomputePeriod(provinceCode: string, tree: RegionTree, spec: ElementSpec, code: string): Promise<AggregateRow[]> {
    const fine = finePeriodsOf(code, spec.periodType);
    const values = await this.repo.readFinalValues({ provinceCode, dataElementIds: [spec.id], periods: fine });
    let weights: FinalValue[] | undefined;
    if (spec.aggregation === 'population_weighted_mean' && spec.weight) {
      const wanted = [...new Set([code, String(parsePeriod(code).year), ...finePeriodsOf(code, spec.weight.periodType)])];
      weights = (await this.repo.readFinalValues({ provinceCode, dataElementIds: [spec.weight.id], periods: wanted })).filter(isTotal);
    }
    const leafLevel = await this.leafLevel(provinceCode, tree, spec);
    return computeElementAggregates({ tree, provinceCode, element: spec, values, ...(weights ? { weights } : {}), leafLevel, periods: [code] }).rows;
  }

  /** Write the chain's rows of one element × period (the whole slice when none is stored yet). */
  private async writeChain(provinceCode: string, spec: ElementSpec, code: string, rows: readonly AggregateRow[], chain: ReadonlySet<string>) {
    const stored = await this.repo.find({ provinceCode, dataElementIds: [spec.id], periods: [code], regions: [...chain] });
    const slices = new Map<string, AggregateRow[]>();
    for (const r of rows) {
      const k = `${r.sex}|${r.ageGroup}|${r.area}`;
      slices.set(k, [...(slices.get(k) ?? []), r]);
    }
    const toWrite: AggregateRow[] = [];
    for (const slice of slices.values()) {
      const first = slice[0]!;
      const isNew = (await this.repo.countSlice(provinceCode, spec.id, code, first)) === 0;
      toWrite.push(...(isNew ? slice : slice.filter((r) => chain.has(r.region))));
    }
    const produced = new Set(rows.map(aggregateKey));
    const stale = stored.filter((r) => !produced.has(aggregateKey(r)));
    // A slice nothing contributes to any more disappears as a whole, as in a full rebuild.
    const gone = (await this.repo.slices(provinceCode, spec.id, code)).filter((d) => !slices.has(`${d.sex}|${d.ageGroup}|${d.area}`));
    let deleted = 0;
    await this.transaction(async (repo) => {
      await repo.lockProvince(provinceCode);
      await repo.upsert(toWrite);
      await repo.deleteRows(provinceCode, spec.id, code, stale);
      for (const d of gone) deleted += await repo.deleteSlice(provinceCode, spec.id, code, d);
    });
    return { written: toWrite.length, deleted: deleted + stale.length };
  }

  /**
   * Compare the stored aggregates of a province with a full recomputation (nothing is written),
   * and the nation's rows of the province's elements with a recombination of the provinces'
   * stored rows. For the nation (000000): the nation's rows of every element.
   */
  async verify(region: string): Promise<VerifyReport> {
    const specs = await this.elementSpecs();
    const nation = new NationAggregates(this.db);
    const isNation = (await new RegionRepository(this.db).require(region)).level === 'nation';
    const mismatches: AggregateMismatch[] = [];
    let compared = 0;
    let ids: readonly number[];
    if (isNation) ids = (await this.repo.elementsWithRows(NATION)).concat(await this.repo.elementsWithProvinceRows());
    else {
      const provinceCode = await provinceOf(this.db, region);
      const { tree } = await loadProvinceTree(this.db, provinceCode);
      ids = await this.repo.elementsWithValues(provinceCode);
      await this.computeProvince(this.repo, specs, provinceCode, tree, ids, async (spec, rows) => {
        const stored = await this.repo.find({ provinceCode, dataElementIds: [spec.id] });
        compared += rows.length;
        for (const m of compareRows(stored, rows)) mismatches.push(m);
      });
      // Rows of elements without any value left in the province must be gone.
      const withValues = new Set(await this.repo.elementsWithValues(provinceCode));
      for (const id of await this.repo.elementsWithRows(provinceCode)) {
        if (withValues.has(id)) continue;
        for (const r of await this.repo.find({ provinceCode, dataElementIds: [id] })) mismatches.push({ key: aggregateKey(r), field: 'row', stored: 'present', expected: null });
      }
    }
    const byId = new Map([...specs.values()].map((s) => [s.id, s]));
    const check = await nation.verify([...new Set(ids)].map((id) => byId.get(id)).filter((s): s is ElementSpec => s !== undefined));
    compared += check.compared;
    mismatches.push(...check.mismatches);
    const provinceCode = isNation ? NATION : await provinceOf(this.db, region);
    return { provinceCode, ok: mismatches.length === 0, compared, mismatches: mismatches.slice(0, 100), differences: mismatches.length };
  }

  private async transaction<T>(work: (repo: AggregateRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.repo, this.db);
    return this.db.transaction().execute((trx) => work(new AggregateRepository(trx), trx));
  }
}

function requireSpec(specs: ReadonlyMap<string, ElementSpec>, code: string): ElementSpec {
  const spec = specs.get(code);
  if (!spec) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `data element ${code}` });
  return spec;
}

const isTotal = (v: FinalValue): boolean => v.sex === 'total' && v.ageGroup === 'total' && v.area === 'total';

/** The changed period (when it is of the element's fine type) and every coarser period above it. */
function affectedPeriods(period: string, fine: PeriodType): string[] {
  const chain = periodChain(period);
  if (chain[0]!.type !== fine) return [];
  return chain.map((p) => p.code);
}

/** `new AggregateService(db).rebuild({ region })`. */
export function rebuildAggregates(db: Kysely<DB>, region: string, elements?: readonly string[]): Promise<RebuildReport> {
  return new AggregateService(db).rebuild({ region, ...(elements ? { elements } : {}) });
}

/** `new AggregateService(db).refreshAffected(element, region, period)`: the incremental path for issue 6. */
export function refreshAffected(db: Kysely<DB>, element: string, region: string, period: string): Promise<RefreshReport> {
  return new AggregateService(db).refreshAffected(element, region, period);
}

/** `new AggregateService(db).verify(region)`: stored aggregates == full recomputation? */
export function verifyAggregates(db: Kysely<DB>, region: string): Promise<VerifyReport> {
  return new AggregateService(db).verify(region);
}
