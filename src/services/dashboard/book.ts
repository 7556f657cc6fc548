/**
 * Loading the values the dashboards compute from: FINAL aggregate rows and the own final values
 * of regions above county level, into the evaluation service's `ValueBook` — so an indicator
 * value here is, by construction, the value an evaluation run reads (own figure first, else the
 * aggregate; ratios of sums; `<CODE>_VALUE` reported figures). Also which of those values rest on
 * generated demo data (verification flag `synthetic`), propagated up the tree and the periods.
 */
import { sql, type Kysely } from 'kysely';
import { compileIndicators, type CompiledIndicator } from '../../core/indicator/index.js';
import { Diagnostics } from '../../core/diagnostics.js';
import { REGION_LEVEL_RANK, type RegionTree } from '../../core/region/index.js';
import { periodChain } from '../evaluation/aggregate-compute.js';
import { REPORTED_SUFFIX } from '../evaluation/context.js';
import { ValueBook } from '../evaluation/values.js';
import { AggregateRepository, type AggregateFigure, type FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { MetadataRepository, type StoredDataElement, type StoredIndicator } from '../../storage/repositories/metadata.repository.js';
import type { DB } from '../../storage/schema.js';

/** The indicator catalogue compiled once per refresh: what depends on what. */
export interface Catalogue {
  readonly elements: ReadonlyMap<string, StoredDataElement>;
  readonly elementById: ReadonlyMap<number, StoredDataElement>;
  readonly indicators: ReadonlyMap<string, StoredIndicator>;
  readonly compiled: ReadonlyMap<string, CompiledIndicator>;
}

const compiledCatalogues = new Map<string, Promise<Catalogue>>();

/**
 * Compile every indicator of the catalogue; the ones that do not compile are left out (runs
 * report them). Compiled once per catalogue state: data elements and indicators are upserted
 * (touching `updated_at`) and retired, never deleted, so their counts and latest change times
 * identify the state, and every refresh after the first skips the compilation.
 */
export async function loadCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  const { rows } = await sql<{ k: string }>`
    SELECT concat_ws('|', current_database(), (SELECT count(*) FROM data_element), (SELECT max(updated_at) FROM data_element),
                     (SELECT count(*) FROM indicator), (SELECT max(updated_at) FROM indicator)) AS k`.execute(db);
  const key = rows[0]!.k;
  let hit = compiledCatalogues.get(key);
  if (!hit) {
    if (compiledCatalogues.size >= 8) compiledCatalogues.clear();
    compiledCatalogues.set(key, (hit = compileCatalogue(db)));
    hit.catch(() => compiledCatalogues.delete(key));
  }
  return hit;
}

async function compileCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  const metadata = new MetadataRepository(db);
  const elementList = await metadata.listDataElements();
  const indicatorList = await metadata.listIndicators();
  const { compiled } = compileIndicators(elementList, indicatorList, new Diagnostics(['dashboard']));
  return {
    elements: new Map(elementList.map((e) => [e.code, e])),
    elementById: new Map(elementList.map((e) => [e.id, e])),
    indicators: new Map(indicatorList.map((i) => [i.code, i])),
    compiled,
  };
}

/** Data elements an indicator reads: its formula's dependencies and its reported `<CODE>_VALUE`. */
export function elementsOf(catalogue: Catalogue, indicator: string): string[] {
  const deps = new Set(catalogue.compiled.get(indicator)?.dependencies ?? []);
  if (catalogue.elements.has(`${indicator}${REPORTED_SUFFIX}`)) deps.add(`${indicator}${REPORTED_SUFFIX}`);
  return [...deps].filter((c) => catalogue.elements.has(c));
}

/** Indicators that read any of these data elements (directly or as their reported value). */
export function indicatorsReading(catalogue: Catalogue, elementCodes: Iterable<string>): string[] {
  const wanted = new Set(elementCodes);
  return [...catalogue.compiled.keys()].filter((code) => elementsOf(catalogue, code).some((e) => wanted.has(e))).sort();
}

export interface BookRequest {
  readonly provinceCode: string;
  readonly tree: RegionTree;
  readonly elementCodes: readonly string[];
  /** Aggregates of these regions only (default: all). */
  readonly regions?: readonly string[];
  /** These periods only (default: all). */
  readonly periods?: readonly string[];
  /** Regions outside the province whose own final values are read too (benchmarks such as the nation). */
  readonly benchmarks?: readonly { readonly code: string; readonly provinceCode: string }[];
}

export interface LoadedBook {
  readonly book: ValueBook;
  readonly aggregates: readonly AggregateFigure[];
  readonly own: readonly FinalValue[];
  readonly synthetic: SyntheticMarks;
}

/** Regions whose own final values count (above county, as evaluation runs read them). */
export function upperRegions(tree: RegionTree, regions: Iterable<string>): string[] {
  const out: string[] = [];
  for (const code of regions) {
    const r = tree.get(code);
    if (r && REGION_LEVEL_RANK[r.level] < REGION_LEVEL_RANK.county) out.push(code);
  }
  return out;
}

/** Read aggregates, own values and synthetic flags into a `ValueBook`. */
export async function loadBook(db: Kysely<DB>, catalogue: Catalogue, request: BookRequest): Promise<LoadedBook> {
  const ids = request.elementCodes.map((c) => catalogue.elements.get(c)?.id).filter((id): id is number => id !== undefined);
  const idToCode = new Map([...catalogue.elementById].map(([id, e]) => [id, e.code]));
  if (ids.length === 0) return { book: ValueBook.of(catalogue.compiled, idToCode, [], []), aggregates: [], own: [], synthetic: new SyntheticMarks() };
  const repo = new AggregateRepository(db);
  const filter = { provinceCode: request.provinceCode, dataElementIds: ids, ...(request.regions ? { regions: request.regions } : {}), ...(request.periods ? { periods: request.periods } : {}) };
  // Figures only (no provenance columns): what the book reads.
  const aggregates = await repo.findFigures(filter);
  const upper = upperRegions(request.tree, request.regions ?? [...request.tree.all()].map((r) => r.code));
  const own = upper.length ? await repo.readFinalValues({ ...filter, regions: upper }) : [];
  for (const b of request.benchmarks ?? []) {
    own.push(...(await repo.readFinalValues({ provinceCode: b.provinceCode, dataElementIds: ids, regions: [b.code], ...(request.periods ? { periods: request.periods } : {}) })));
  }
  const synthetic = await syntheticMarks(db, request.provinceCode, request.tree, ids, request.periods);
  return { book: ValueBook.of(catalogue.compiled, idToCode, aggregates, own), aggregates, own, synthetic };
}

/** `element id|region|period` keys resting on at least one value flagged `synthetic`. */
export class SyntheticMarks {
  /** Rolled up: the value's region and its ancestors × its period and the coarser ones. */
  private readonly keys = new Set<string>();
  /** The stored value's own key only. */
  private readonly own = new Set<string>();

  add(elementId: number, region: string, period: string): void {
    this.keys.add(`${elementId}|${region}|${period}`);
  }

  addOwn(elementId: number, region: string, period: string): void {
    this.own.add(`${elementId}|${region}|${period}`);
  }

  /** An aggregate at this key includes a synthetic value. */
  has(elementId: number, region: string, period: string): boolean {
    return this.keys.size > 0 && this.keys.has(`${elementId}|${region}|${period}`);
  }

  /** The region's own stored value at this key is synthetic. */
  hasOwn(elementId: number, region: string, period: string): boolean {
    return this.own.size > 0 && this.own.has(`${elementId}|${region}|${period}`);
  }

  get size(): number {
    return this.keys.size;
  }
}

/**
 * Synthetic values of the elements (in the years of `periods`, or all), marked on their region
 * and every ancestor, and on their period and every coarser period containing it. Reads the
 * partial index `data_value_synthetic_idx` (migration 0043): empty, and free, on real data.
 */
async function syntheticMarks(db: Kysely<DB>, provinceCode: string, tree: RegionTree, ids: readonly number[], periods?: readonly string[]): Promise<SyntheticMarks> {
  const marks = new SyntheticMarks();
  const years = periods?.map((p) => Number(p.slice(0, 4)));
  // Period codes of one year sort between 'YYYY' and 'YYYY+1': a range the index can use.
  const range = years?.length ? { from: String(Math.min(...years)), to: String(Math.max(...years) + 1) } : undefined;
  const { rows } = await sql<{ data_element_id: number; region_code: string; period: string }>`
    SELECT data_element_id, region_code, period FROM data_value
    WHERE province_code = ${provinceCode} AND verification = 'synthetic' AND data_element_id = ANY(${[...ids]}::int[])
      ${range ? sql`AND period >= ${range.from} AND period < ${range.to}` : sql``}`.execute(db);
  const chains = new Map<string, string[]>();
  for (const r of rows) {
    let chain = chains.get(r.period);
    if (!chain) chains.set(r.period, (chain = periodChain(r.period).map((p) => p.code)));
    marks.addOwn(r.data_element_id, r.region_code, r.period);
    const regions = [r.region_code, ...(tree.has(r.region_code) ? tree.ancestors(r.region_code).map((a) => a.code) : [])];
    for (const region of regions) for (const period of chain) marks.add(r.data_element_id, region, period);
  }
  return marks;
}
