/**
 * The aggregate table's write path: a full rebuild per province, the incremental refresh of the
 * chain one changed value affects (its region's ancestors × its period's coarser periods), and
 * the consistency check proving that the stored rows equal a full recomputation.
 */
import type { Kysely } from 'kysely';
import { AGGREGATION_METHOD_VERSION } from '../../core/aggregation/index.js';
import { VitalsError } from '../../core/errors.js';
import { parsePeriod, type PeriodType } from '../../core/period/index.js';
import type { RegionLevel, RegionTree } from '../../core/region/index.js';
import { AggregateRepository, aggregateKey, type AggregateRow, type FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { MetadataRepository } from '../../storage/repositories/metadata.repository.js';
import type { DB } from '../../storage/schema.js';
import { computeElementAggregates, finePeriodsOf, inferLeafLevel, periodChain, type ElementSpec } from './aggregate-compute.js';
import { compareRows, type AggregateMismatch } from './aggregate-verify.js';
import { loadProvinceTree, provinceOf } from './regions.js';

export interface RebuildReport {
  readonly provinceCode: string;
  readonly elements: number;
  readonly values: number;
  readonly rows: number;
  readonly ignored: Record<string, number>;
  readonly problems: readonly string[];
  readonly milliseconds: number;
}

export interface RefreshReport {
  readonly provinceCode: string;
  readonly elements: readonly string[];
  readonly periods: readonly string[];
  /** The region and its ancestors inside the province. */
  readonly chain: readonly string[];
  readonly rowsWritten: number;
  readonly rowsDeleted: number;
}

export interface VerifyReport {
  readonly provinceCode: string;
  readonly ok: boolean;
  readonly compared: number;
  readonly mismatches: readonly AggregateMismatch[];
  /** Total number of differences (the list is capped at 100). */
  readonly differences: number;
}

interface Computed {
  readonly rows: AggregateRow[];
  readonly report: Omit<RebuildReport, 'milliseconds' | 'rows'>;
}

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

  /** Compute every row of the province in memory (the rebuild and the check share it). */
  private async computeProvince(provinceCode: string, tree: RegionTree, only?: readonly string[]): Promise<Computed> {
    const specs = await this.elementSpecs();
    const byId = new Map([...specs.values()].map((s) => [s.id, s]));
    const ids = only ? only.map((code) => requireSpec(specs, code).id) : await this.repo.elementsWithValues(provinceCode);
    const rows: AggregateRow[] = [];
    const ignored: Record<string, number> = {};
    const problems: string[] = [];
    const weightCache = new Map<number, FinalValue[]>();
    let values = 0;
    for (const id of ids) {
      const element = byId.get(id);
      if (!element) continue;
      const own = await this.repo.readFinalValues({ provinceCode, dataElementIds: [id] });
      values += own.length;
      let weights: FinalValue[] | undefined;
      if (element.aggregation === 'population_weighted_mean' && element.weight) {
        const wid = element.weight.id;
        if (!weightCache.has(wid)) weightCache.set(wid, (await this.repo.readFinalValues({ provinceCode, dataElementIds: [wid] })).filter(isTotal));
        weights = weightCache.get(wid);
      }
      const result = computeElementAggregates({ tree, provinceCode, element, values: own, ...(weights ? { weights } : {}), leafLevel: inferLeafLevel(tree, own) });
      for (const row of result.rows) rows.push(row); // spread overflows the stack past ~100k rows
      problems.push(...result.problems);
      for (const [reason, n] of Object.entries(result.ignored)) ignored[`${element.code}:${reason}`] = n;
    }
    return { rows, report: { provinceCode, elements: ids.length, values, ignored, problems } };
  }

  /**
   * Recompute and replace every aggregate of a province (or of the listed elements) from the
   * final data values, in one transaction.
   * @throws VITALS_E_UNKNOWN_REGION, VITALS_E_NOT_FOUND (unknown element)
   */
  async rebuild(options: { readonly region: string; readonly elements?: readonly string[] }): Promise<RebuildReport> {
    const started = performance.now();
    const provinceCode = await provinceOf(this.db, options.region);
    // Watermarks first: a change committed while we read has a higher id and makes us stale.
    const marks = await this.repo.watermarks(provinceCode);
    const { tree } = await loadProvinceTree(this.db, provinceCode);
    const { rows, report } = await this.computeProvince(provinceCode, tree, options.elements);
    const build = { auditWatermark: marks.audit, workflowWatermark: marks.workflow, methodVersion: AGGREGATION_METHOD_VERSION, rowCount: rows.length, report };
    const specs = options.elements ? await this.elementSpecs() : undefined;
    const elementIds = specs ? options.elements!.map((c) => requireSpec(specs, c).id) : undefined;
    // Only a full rebuild vouches for the whole province (a partial one leaves the watermarks).
    await this.transaction((repo) => repo.replaceProvince(provinceCode, rows, elementIds ? undefined : build, elementIds));
    return { ...report, rows: rows.length, milliseconds: Math.round(performance.now() - started) };
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
  async refreshAffected(element: string, region: string, period: string): Promise<RefreshReport> {
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
    return { provinceCode, elements: touched.map((t) => t.code), periods, chain, rowsWritten, rowsDeleted };
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

  /** Compare the stored aggregates of a province with a full recomputation (nothing is written). */
  async verify(region: string): Promise<VerifyReport> {
    const provinceCode = await provinceOf(this.db, region);
    const { tree } = await loadProvinceTree(this.db, provinceCode);
    const { rows } = await this.computeProvince(provinceCode, tree);
    const stored = await this.repo.find({ provinceCode });
    const mismatches = compareRows(stored, rows);
    return { provinceCode, ok: mismatches.length === 0, compared: rows.length, mismatches: mismatches.slice(0, 100), differences: mismatches.length };
  }

  private async transaction<T>(work: (repo: AggregateRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.repo);
    return this.db.transaction().execute((trx) => work(new AggregateRepository(trx)));
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
