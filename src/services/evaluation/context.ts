/**
 * Everything an evaluation run reads besides values: the framework, its indicators (compiled
 * with every indicator they, their targets, a scheme or an index refer to), its targets and the
 * regions in scope.
 */
import type { Kysely } from 'kysely';
import { Diagnostics } from '../../core/diagnostics.js';
import { VitalsError } from '../../core/errors.js';
import { compileIndicators, type CompiledIndicator } from '../../core/indicator/index.js';
import { periodEnd, periodStart, parsePeriod } from '../../core/period/index.js';
import { REGION_LEVEL_RANK, type Region, type RegionTree } from '../../core/region/index.js';
import type { TargetSpec } from '../../core/target/index.js';
import { FrameworkRepository, type StoredFramework, type StoredFrameworkIndicator } from '../../storage/repositories/framework.repository.js';
import { MetadataRepository, type StoredDataElement, type StoredIndicator } from '../../storage/repositories/metadata.repository.js';
import { TargetRepository, type TargetListing } from '../../storage/repositories/target.repository.js';
import type { DB } from '../../storage/schema.js';
import { loadProvinceTree, provinceOf } from './regions.js';

/** Suffix of the data element holding an indicator's officially reported value (content convention). */
export const REPORTED_SUFFIX = '_VALUE';

/** What a run reads besides values that does not depend on the year: loaded once for many years. */
export interface FrameworkContext {
  readonly framework: StoredFramework;
  readonly frameworkIndicators: readonly StoredFrameworkIndicator[];
  readonly targets: readonly TargetListing[];
  readonly provinceCode: string;
  readonly tree: RegionTree;
  readonly root: Region;
  readonly elements: ReadonlyMap<string, StoredDataElement>;
  readonly indicators: ReadonlyMap<string, StoredIndicator>;
  readonly compiled: ReadonlyMap<string, CompiledIndicator>;
}

export interface EvaluationContext extends FrameworkContext {
  /** The root and its descendants down to county level, in force during the year, parents first. */
  readonly regions: readonly Region[];
  readonly year: number;
}

function specParts(spec: TargetSpec): TargetSpec[] {
  return spec.kind === 'all' ? spec.parts.flatMap(specParts) : [spec];
}

/**
 * Load and compile what a run over `framework` × `region` × `year` needs. `extraIndicators`
 * (scheme items, index indicators) are compiled too when they exist.
 * @throws VITALS_E_NOT_FOUND (framework), VITALS_E_UNKNOWN_REGION, VITALS_E_INVALID_CONFIG (indicators that do not compile)
 */
export async function loadContext(db: Kysely<DB>, input: { framework: string; region: string; year: number; extraIndicators?: readonly string[] }): Promise<EvaluationContext> {
  return contextForYear(await loadFrameworkContext(db, input), input.year);
}

/** The regions in scope during `year`: the root and its descendants down to county level, in force, not statistical-only; parents first. */
export function contextForYear(ctx: FrameworkContext, year: number): EvaluationContext {
  const { tree, root } = ctx;
  const period = parsePeriod(String(year));
  const [start, end] = [periodStart(period), periodEnd(period)];
  const inForce = (r: Region) => tree.activeDuring(r.code, start, end) && !r.statisticalOnly && REGION_LEVEL_RANK[r.level] <= REGION_LEVEL_RANK.county;
  const regions = [root, ...tree.descendants(root.code).filter(inForce)].filter(inForce);
  regions.sort((a, b) => REGION_LEVEL_RANK[a.level] - REGION_LEVEL_RANK[b.level] || (a.code < b.code ? -1 : 1));
  return { ...ctx, regions, year };
}

/**
 * The year-independent part of a run's context: framework, targets, the province's region
 * tree, and the indicators compiled once (with every indicator they, their targets, a scheme or an
 * index refer to).
 * @throws VITALS_E_NOT_FOUND (framework), VITALS_E_UNKNOWN_REGION, VITALS_E_INVALID_CONFIG (indicators that do not compile)
 */
export async function loadFrameworkContext(db: Kysely<DB>, input: { framework: string; region: string; extraIndicators?: readonly string[] }): Promise<FrameworkContext> {
  const frameworks = new FrameworkRepository(db);
  const framework = await frameworks.getFramework(input.framework);
  if (!framework) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${input.framework}` });
  const ref = { code: framework.code, version: framework.version };
  const frameworkIndicators = await frameworks.listFrameworkIndicators(ref);
  const targets = await new TargetRepository(db).list({ framework: ref });
  const provinceCode = await provinceOf(db, input.region);
  const { tree } = await loadProvinceTree(db, provinceCode);
  const root = tree.require(input.region);

  const metadata = new MetadataRepository(db);
  const elements = new Map((await metadata.listDataElements()).map((e) => [e.code, e]));
  const allIndicators = new Map((await metadata.listIndicators()).map((i) => [i.code, i]));
  const wanted = new Set([...frameworkIndicators.map((f) => f.indicator), ...targets.map((t) => t.indicator), ...(input.extraIndicators ?? [])]);
  for (const t of targets) for (const part of specParts(t.spec)) if (part.kind === 'proportional') wanted.add(part.referenceIndicator);
  // Referenced indicators compile with their dependencies: take the whole catalogue, keep what compiles.
  const diagnostics = new Diagnostics(['framework', framework.code]);
  const { compiled } = compileIndicators([...elements.values()], [...allIndicators.values()], diagnostics);
  const broken = [...wanted].filter((code) => allIndicators.has(code) && !compiled.has(code));
  if (broken.length > 0) {
    const detail = diagnostics.errors.filter((d) => broken.some((b) => d.path.includes(`indicator ${b}`))).map((d) => `${d.path.join(' → ')}: ${d.message}`);
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `indicators that do not compile: ${broken.join(', ')}${detail.length ? ` (${detail.slice(0, 5).join('; ')})` : ''}` });
  }
  const indicators = new Map([...wanted].filter((c) => allIndicators.has(c)).map((c) => [c, allIndicators.get(c)!]));
  return { framework, frameworkIndicators, targets, provinceCode, tree, root, elements, indicators, compiled };
}
