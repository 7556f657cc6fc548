/**
 * The health index over periods: the composite engine (`computeIndexForPeriod`) on the indicator
 * values of the children of a region (or its descendants at a level), period by period, with the
 * sub-indices and — when the definition asks for a sensitivity analysis — the Monte Carlo rank
 * intervals. The definition is the framework's evaluation profile's `index_config`. Each period's
 * result is cached (`dashboard_index_cache`); the freshness refresh deletes the periods a change
 * reaches and the next read computes them again.
 */
import { COMPOSITE_METHOD, computeIndexForPeriod, parseIndexConfig, type IndexConfig, type NodeSpec, type Observation } from '../../core/composite/index.js';
import { VitalsError, isVitalsError } from '../../core/errors.js';
import { comparePeriods, periodRange, shiftPeriod } from '../../core/period/index.js';
import { canonicalJson, inputsHash } from '../evaluation/inputs-hash.js';
import { DashboardRepository, SYSTEM_DASHBOARD_SCOPE, type IndexCacheEntry } from '../../storage/repositories/dashboard.repository.js';
import { DashboardReader, type RegionInfo } from '../../storage/repositories/dashboard.read.js';
import { EvaluationRepository } from '../../storage/repositories/evaluation.repository.js';
import { cachedMetadata } from './meta-cache.js';
import { reader, regionRef, regionSetOf, requireFramework, requirePeriod, requireRegion, type ReadContext, type RegionRef } from './support.js';

/** At most this many periods per request. */
export const MAX_INDEX_PERIODS = 60;
/** Periods of the same type read before each period, for LOCF imputation. */
export const INDEX_LOOKBACK = 12;
/** Monte Carlo replicates and seed of the rank intervals (fixed: the same data give the same intervals). */
export const INDEX_SENSITIVITY = { replicates: 200, seed: 20_250_701 } as const;

export interface IndexQuery {
  readonly framework: string;
  readonly region: string;
  readonly from: string;
  readonly to: string;
  readonly level?: string;
}

interface CachedUnit {
  readonly region: string;
  readonly value: number | null;
  readonly rank: number | null;
  readonly subIndices: Readonly<Record<string, number | null>>;
  readonly imputed: number;
  readonly interval: { readonly p05: number | null; readonly median: number | null; readonly p95: number | null } | null;
}

function nodes(node: NodeSpec, out: { code: string; name: unknown; parent: string | null }[] = [], parent: string | null = null) {
  out.push({ code: node.code, name: node.name ?? { zh: node.code }, parent });
  for (const child of node.children) if (typeof child !== 'string') nodes(child, out, node.code);
  return out;
}

export async function indexView(ctx: ReadContext, q: IndexQuery) {
  const [from, to] = [requirePeriod(q.from), requirePeriod(q.to)];
  if (from.type !== to.type || comparePeriods(from, to) > 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `from ${from.code} and to ${to.code} must be periods of one type, from ≤ to` });
  const periods = periodRange(from, to);
  if (periods.length > MAX_INDEX_PERIODS) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `at most ${MAX_INDEX_PERIODS} periods per request, asked ${periods.length}` });
  const [framework, region] = await Promise.all([requireFramework(ctx, q.framework), requireRegion(ctx, q.region)]);
  const definition = await cachedMetadata(ctx.readDb, `index|${framework.code}`, async () => {
    const profile = await new EvaluationRepository(ctx.readDb).getProfile(framework.code);
    if (!profile?.indexConfig) return null;
    const config = parseIndexConfig(profile.indexConfig);
    return { config, hash: inputsHash([canonicalJson(config)]).hash };
  });
  if (!definition) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `index definition of framework ${framework.code} (evaluation profile)` });
  const { config, hash } = definition;
  const r = reader(ctx);
  const cached = new Map((await new DashboardRepository(ctx.readDb).getIndexCache(region.provinceCode, config.id, region.code, periods.map((p) => p.code), hash)).map((e) => [e.period, e]));
  const out = [];
  for (const period of periods) {
    let entry = cached.get(period.code);
    if (!entry) {
      // Computed and stored on the primary under the shared refresh lock of the units'
      // provinces: a refresh running now is waited for, and none can delete this period
      // between the read and the write (which would leave a stale entry behind).
      entry = await ctx.db.transaction().execute(async (trx) => {
        const units = await new DashboardReader(trx).regions(regionSetOf(region, q.level, period), SYSTEM_DASHBOARD_SCOPE);
        const repo = new DashboardRepository(trx);
        await repo.lockProvincesShared([region.provinceCode, ...units.map((u) => u.provinceCode)]);
        const computed = await computeEntry(new DashboardReader(trx), config, hash, region, units, period);
        await repo.putIndexCache([computed]);
        return computed;
      });
    }
    // The units the reader may see (the index itself compares all of them).
    const visible = new Map((await r.regions(regionSetOf(region, q.level, period), ctx.scope)).map((u) => [u.code, regionRef(u)]));
    const units = (entry.units as CachedUnit[]).filter((u) => visible.has(u.region)).map((u) => ({ ...u, region: visible.get(u.region) as RegionRef, quality: u.imputed > 0 ? 'estimated' : 'final' }));
    out.push({ period: period.code, units, ...(entry.detail as object) });
  }
  return {
    index: { id: config.id, name: config.name ?? { zh: config.id }, demonstration: config.demonstration ?? false, method: COMPOSITE_METHOD },
    framework: framework.code,
    region: regionRef(region),
    level: q.level ?? null,
    nodes: nodes(config.structure),
    periods: out,
  };
}

async function computeEntry(r: DashboardReader, config: IndexConfig, hash: string, region: { code: string; provinceCode: string }, units: readonly RegionInfo[], period: ReturnType<typeof requirePeriod>): Promise<IndexCacheEntry> {
  const periods = periodRange(shiftPeriod(period, -INDEX_LOOKBACK), period).map((p) => p.code);
  const values = await r.values([...new Set(units.map((u) => u.provinceCode))], units.map((u) => u.code), config.indicators.map((i) => i.code), periods);
  const observations: Observation[] = values.filter((v) => v.value !== null).map((v) => ({ unit: v.region, indicator: v.indicator, period: v.period, value: v.value as number }));
  const base = { provinceCode: region.provinceCode, indexId: config.id, region: region.code, period: period.code, configHash: hash };
  if (!observations.some((o) => o.period === period.code)) return { ...base, units: [], detail: { note: `no unit has a value of any index indicator in ${period.code}` } };
  try {
    const result = computeIndexForPeriod(config, observations, period.code, config.sensitivity ? { sensitivity: INDEX_SENSITIVITY } : {});
    const root = config.structure.code;
    const imputed = new Map<string, number>();
    for (const i of result.indicators) if (i.imputed) imputed.set(i.unit, (imputed.get(i.unit) ?? 0) + 1);
    const intervals = new Map((result.sensitivity?.units ?? []).map((u) => [u.unit, { p05: u.rankP05, median: u.medianRank, p95: u.rankP95 }]));
    const cachedUnits: CachedUnit[] = result.units.map((unit) => {
      const scores = result.scores.filter((s) => s.unit === unit);
      const top = scores.find((s) => s.node === root);
      return {
        region: unit, value: top?.value ?? null, rank: top?.rank ?? null,
        subIndices: Object.fromEntries(scores.filter((s) => s.node !== root).map((s) => [s.node, s.value])),
        imputed: imputed.get(unit) ?? 0, interval: intervals.get(unit) ?? null,
      };
    });
    return { ...base, units: cachedUnits, detail: { methodVersion: result.methodVersion, effectiveWeights: result.effectiveWeights, warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })) } };
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    return { ...base, units: [], detail: { note: error.message } };
  }
}
