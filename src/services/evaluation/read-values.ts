/**
 * Reading the values of one or more run years at once: the aggregates of the regions in scope,
 * the own final values of the regions above county level, and the own values (and, in the same
 * province, aggregates) of benchmark regions ("优于全国平均水平"). One query each for all the years;
 * each year then gets a `ValueScope` telling its view exactly what a run of that year alone
 * would have read — so its results and inputs hash are the same.
 */
import type { Kysely } from 'kysely';
import { REGION_LEVEL_RANK } from '../../core/region/index.js';
import type { TargetSpec } from '../../core/target/index.js';
import { AggregateRepository, type AggregateFigure, type FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import type { DB } from '../../storage/schema.js';
import { REPORTED_SUFFIX, type EvaluationContext, type FrameworkContext } from './context.js';
import { ValueStore, type ValueScope } from './values.js';

const SUB_ANNUAL = ['H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'];

/** The periods a run of `year` reads: every year from `firstYear`, and the run year's halves and quarters. */
export function runPeriods(year: number, firstYear: number): string[] {
  const periods: string[] = [];
  for (let y = firstYear; y <= year; y++) periods.push(String(y));
  periods.push(...SUB_ANNUAL.map((s) => `${year}${s}`));
  return periods;
}

/** Regions named as benchmarks by the targets, in code order. */
function benchmarkRegions(targets: FrameworkContext['targets']): string[] {
  const out = new Set<string>();
  const walk = (s: TargetSpec): void => {
    if (s.kind === 'benchmark' && s.benchmarkRegion) out.add(s.benchmarkRegion);
    if (s.kind === 'all') for (const p of s.parts) walk(p);
  };
  for (const t of targets) walk(t.spec);
  return [...out].sort();
}

/** One year to read for: its context (regions in scope) and first series year. */
export interface YearToRead {
  readonly ctx: EvaluationContext;
  readonly firstYear: number;
}

/** Read the values of every year in one pass; `scopes` gives each year's view. */
export async function readValues(db: Kysely<DB>, ctx: FrameworkContext, years: readonly YearToRead[]): Promise<{ store: ValueStore; scopes: Map<number, ValueScope> }> {
  const elementCodes = new Set<string>();
  for (const code of ctx.indicators.keys()) {
    for (const dep of ctx.compiled.get(code)?.dependencies ?? []) elementCodes.add(dep);
    if (ctx.elements.has(`${code}${REPORTED_SUFFIX}`)) elementCodes.add(`${code}${REPORTED_SUFFIX}`);
  }
  const ids = [...elementCodes].filter((c) => ctx.elements.has(c)).map((c) => ctx.elements.get(c)!.id);
  const idToCode = new Map([...ctx.elements.values()].map((e) => [e.id, e.code]));

  const regions = new RegionRepository(db);
  const benchmarks: { code: string; provinceCode: string }[] = [];
  for (const code of benchmarkRegions(ctx.targets)) {
    const region = await regions.get(code);
    if (region) benchmarks.push({ code, provinceCode: region.provinceCode });
  }

  // Each year's scope, exactly as a run of that year alone reads.
  const scopes = new Map<number, ValueScope>();
  const periods = new Set<string>();
  const aggregateRegions = new Set<string>();
  const ownRegions = new Set<string>();
  const benchmarkOwn = new Set<string>();
  for (const { ctx: yearCtx, firstYear } of years) {
    const inScope = new Set(yearCtx.regions.map((r) => r.code));
    const outside = ids.length === 0 ? [] : benchmarks.filter((b) => !inScope.has(b.code));
    const scope: ValueScope = {
      periods: new Set(runPeriods(yearCtx.year, firstYear)),
      aggregateRegions: new Set([...inScope, ...outside.filter((b) => b.provinceCode === ctx.provinceCode).map((b) => b.code)]),
      ownRegions: new Set([...yearCtx.regions.filter((r) => REGION_LEVEL_RANK[r.level] < REGION_LEVEL_RANK.county).map((r) => r.code), ...outside.map((b) => b.code)]),
    };
    scopes.set(yearCtx.year, scope);
    for (const p of scope.periods) periods.add(p);
    for (const r of scope.aggregateRegions) aggregateRegions.add(r);
    for (const r of inScope) if (scope.ownRegions.has(r)) ownRegions.add(r);
    for (const b of outside) benchmarkOwn.add(b.code);
  }

  const repo = new AggregateRepository(db);
  const periodList = [...periods];
  const aggregates: AggregateFigure[] = ids.length && aggregateRegions.size
    ? await repo.findFigures({ provinceCode: ctx.provinceCode, dataElementIds: ids, regions: [...aggregateRegions], periods: periodList })
    : [];
  const own: FinalValue[] = ids.length && ownRegions.size
    ? await repo.readFinalValues({ provinceCode: ctx.provinceCode, dataElementIds: ids, regions: [...ownRegions], periods: periodList })
    : [];
  // Benchmark regions outside the scope: their own values, wherever they are (regions in scope were read above).
  for (const b of benchmarks) {
    if (!benchmarkOwn.has(b.code) || ownRegions.has(b.code)) continue;
    own.push(...(await repo.readFinalValues({ provinceCode: b.provinceCode, dataElementIds: ids, regions: [b.code], periods: periodList })));
  }
  return { store: new ValueStore(ctx.compiled, idToCode, aggregates, own), scopes };
}
