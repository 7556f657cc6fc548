/**
 * The aggregates of one data element in one province, computed with the core's semantics:
 * per leaf over time with `aggregatePeriods`, then up the tree with `rollUpTree` (rooted at the
 * province). Pure: the full rebuild, the incremental refresh and the consistency check all call
 * this, so that "incremental == full" compares one computation with itself on different inputs.
 */
import { AGGREGATION_METHOD_VERSION, aggregatePeriods, rollUpTree, type Aggregate, type AggregateInput, type AggregationRule } from '../../core/aggregation/index.js';
import { isVitalsError } from '../../core/errors.js';
import { comparePeriods, containingPeriod, parsePeriod, periodEnd, periodStart, periodsWithin, periodTypeRank, PERIOD_TYPES, type Period, type PeriodType } from '../../core/period/index.js';
import { REGION_LEVEL_RANK, type RegionLevel, type RegionTree } from '../../core/region/index.js';
import type { AggregateRow, Disaggregation, FinalValue } from '../../storage/repositories/aggregate.repository.js';

/** A data element as the roll-up needs it. */
export interface ElementSpec {
  readonly id: number;
  readonly code: string;
  readonly aggregation: AggregationRule;
  readonly periodType: PeriodType;
  /** population_weighted_mean: the weight element (e.g. POP). */
  readonly weight?: { readonly id: number; readonly code: string; readonly periodType: PeriodType };
}

export interface ElementComputation {
  readonly tree: RegionTree;
  readonly provinceCode: string;
  readonly element: ElementSpec;
  /** Final values of the element in the province (any periods; others are ignored). */
  readonly values: readonly FinalValue[];
  /** Final values of the weight element (total disaggregation), when the rule needs weights. */
  readonly weights?: readonly FinalValue[];
  readonly leafLevel: RegionLevel;
  /** Only these target periods (the incremental path); default: every period the values imply. */
  readonly periods?: readonly string[];
}

export interface ElementResult {
  readonly rows: AggregateRow[];
  /** Values not rolled up, by reason (documented in docs/evaluation-runs.md). */
  readonly ignored: Record<string, number>;
  /** Roll-ups the core refused (e.g. a `ratio_of_sums` element holding bare numbers). */
  readonly problems: string[];
}

const disaggKey = (d: Disaggregation): string => `${d.sex}|${d.ageGroup}|${d.area}`;

/** The fine period itself and every coarser period containing it, finest first. */
export function periodChain(code: string): Period[] {
  const period = parsePeriod(code);
  const rank = periodTypeRank(period.type);
  return [period, ...PERIOD_TYPES.filter((t) => periodTypeRank(t) < rank).reverse().map((t) => containingPeriod(period, t))];
}

/** Target periods implied by values of the fine type: each fine period and everything above it. */
export function targetPeriods(codes: Iterable<string>, fineType: PeriodType): string[] {
  const out = new Map<string, Period>();
  for (const code of codes) {
    const period = parsePeriod(code);
    if (period.type !== fineType) continue;
    for (const p of periodChain(code)) out.set(p.code, p);
  }
  return [...out.values()].sort(comparePeriods).map((p) => p.code);
}

/**
 * The level values enter at: the deepest level among the element's values in the province,
 * never above county (values at prefecture or province level are those regions' own reported
 * figures, which evaluation reads directly).
 */
export function inferLeafLevel(tree: RegionTree, values: readonly FinalValue[]): RegionLevel {
  let level: RegionLevel = 'county';
  for (const v of values) {
    const region = tree.get(v.region);
    if (region && REGION_LEVEL_RANK[region.level] > REGION_LEVEL_RANK[level]) level = region.level;
  }
  return level;
}

function count(map: Record<string, number>, reason: string): void {
  map[reason] = (map[reason] ?? 0) + 1;
}

/** Whether `code` enters the roll-up as a leaf in [start, end): at the leaf level, or a stand-in leaf above it. */
function isLeafFor(tree: RegionTree, code: string, leafLevel: RegionLevel, start: string, end: string): boolean {
  const region = tree.get(code)!;
  if (region.level === leafLevel) return true;
  if (REGION_LEVEL_RANK[region.level] > REGION_LEVEL_RANK[leafLevel]) return false;
  return !tree.descendants(code, { level: leafLevel }).some((d) => tree.activeDuring(d.code, start, end));
}

/** The provenance the columns do not hold, or null when there is none. */
function compactDetail(a: Aggregate): AggregateRow['detail'] {
  const p = a.provenance;
  const detail = {
    ...(p.missing === null || p.missing.length > 0 ? { missing: p.missing, missingCount: p.missingCount } : {}),
    ...(p.excluded.length > 0 ? { excluded: p.excluded } : {}),
    ...(a.warnings.length > 0 ? { warnings: a.warnings } : {}),
    ...(p.lineageOverlaps && p.lineageOverlaps.length > 0 ? { lineageOverlaps: p.lineageOverlaps } : {}),
    ...(a.earliestLastPeriod !== undefined ? { earliestLastPeriod: a.earliestLastPeriod } : {}),
    ...(a.staleContributors ? { staleContributors: a.staleContributors } : {}),
  };
  return Object.keys(detail).length > 0 ? detail : null;
}

/** Convert one core aggregate into a stored row. */
export function toRow(provinceCode: string, element: ElementSpec, d: Disaggregation, a: Aggregate): AggregateRow {
  return {
    provinceCode,
    dataElementId: element.id,
    period: a.period,
    region: a.regionCode!,
    ...d,
    rule: a.rule,
    value: a.value,
    numerator: a.numerator ?? null,
    denominator: a.denominator ?? null,
    weightedSum: a.weightedSum ?? null,
    weightSum: a.weightSum ?? null,
    lastPeriod: a.lastPeriod ?? null,
    childrenExpected: a.children.expected,
    childrenContributing: a.children.contributing,
    leavesExpected: a.leaves.expected,
    leavesContributing: a.leaves.contributing,
    periodsExpected: a.periods.expected,
    periodsContributing: a.periods.contributing,
    completeness: a.completeness,
    leafLevel: a.leafLevel,
    reason: a.reason ?? null,
    detail: compactDetail(a),
    methodVersion: AGGREGATION_METHOD_VERSION,
  };
}

/** Weight of a leaf for period P: the weight element at P, else at P's year (population of the year). */
function leafWeights(weights: readonly FinalValue[] | undefined, period: Period): Map<string, number> | undefined {
  if (!weights) return undefined;
  const year = String(period.year);
  const atPeriod = new Map<string, number>();
  const atYear = new Map<string, number>();
  for (const w of weights) {
    if (w.value === null) continue;
    if (w.period === period.code) atPeriod.set(w.region, w.value);
    else if (w.period === year) atYear.set(w.region, w.value);
  }
  for (const [code, value] of atYear) if (!atPeriod.has(code)) atPeriod.set(code, value);
  return atPeriod;
}

/**
 * Every aggregate row of one element in one province (all disaggregations, all target periods).
 * @example computeElementAggregates({ tree, provinceCode: '130000', element, values, leafLevel: 'county' }).rows
 */
export function computeElementAggregates(input: ElementComputation): ElementResult {
  const { tree, provinceCode, element, leafLevel } = input;
  const fine = element.periodType;
  const ignored: Record<string, number> = {};
  const problems: string[] = [];
  // Classify once: only leaf values of the fine type, in the province, enter the roll-up.
  const usable: FinalValue[] = [];
  for (const v of input.values) {
    const region = tree.get(v.region);
    if (!region) count(ignored, 'unknown_region');
    else if (parsePeriod(v.period).type !== fine) count(ignored, 'other_period_type');
    else if (v.value === null) count(ignored, 'reported_missing');
    else {
      const p = parsePeriod(v.period);
      const [start, end] = [periodStart(p), periodEnd(p)];
      if (!tree.activeDuring(v.region, start, end)) count(ignored, 'region_not_in_force');
      else if (!isLeafFor(tree, v.region, leafLevel, start, end)) count(ignored, REGION_LEVEL_RANK[region.level] < REGION_LEVEL_RANK[leafLevel] ? 'above_leaf_level' : 'below_leaf_level');
      else usable.push(v);
    }
  }
  const slices = new Map<string, { d: Disaggregation; byRegion: Map<string, Map<string, number>> }>();
  for (const v of usable) {
    const key = disaggKey(v);
    let slice = slices.get(key);
    if (!slice) slices.set(key, (slice = { d: { sex: v.sex, ageGroup: v.ageGroup, area: v.area }, byRegion: new Map() }));
    let series = slice.byRegion.get(v.region);
    if (!series) slice.byRegion.set(v.region, (series = new Map()));
    series.set(v.period, v.value!);
  }
  const weighted = element.aggregation === 'population_weighted_mean' ? (input.weights ?? []) : undefined;
  const timeWeights = weighted && element.weight?.periodType === fine ? groupByRegion(weighted) : undefined;

  const rows: AggregateRow[] = [];
  const wanted = input.periods ? new Set(input.periods) : undefined;
  for (const { d, byRegion } of [...slices.values()].sort((a, b) => disaggKey(a.d).localeCompare(disaggKey(b.d)))) {
    const allCodes = new Set<string>();
    for (const series of byRegion.values()) for (const code of series.keys()) allCodes.add(code);
    const periods = input.periods ?? targetPeriods(allCodes, fine);
    for (const code of periods) {
      if (wanted && !wanted.has(code)) continue;
      const period = parsePeriod(code);
      const leafInputs = new Map<string, AggregateInput>();
      for (const [region, series] of byRegion) {
        if (period.type === fine) {
          const value = series.get(code);
          if (value !== undefined) leafInputs.set(region, value);
          continue;
        }
        const inside = new Map<string, number>();
        for (const [p, value] of series) if (p.startsWith(String(period.year)) && isWithin(period, p)) inside.set(p, value);
        if (inside.size === 0) continue;
        const r = tree.get(region)!;
        const w = timeWeights?.get(region);
        leafInputs.set(region, aggregatePeriods(inside, period, element.aggregation, {
          finePeriodType: fine, validFrom: r.validFrom, validTo: r.validTo, regionCode: region,
          ...(w ? { weights: w } : {}),
        }));
      }
      try {
        const weights = weighted ? leafWeights(weighted, period) : undefined;
        const out = rollUpTree(tree, leafInputs, {
          rule: element.aggregation,
          period,
          leafLevel,
          root: provinceCode,
          ...(weights ? { weights, weightElement: element.weight!.code } : {}),
          ...(period.type === fine ? {} : { finePeriodType: fine }),
        });
        for (const aggregate of out.values()) rows.push(toRow(provinceCode, element, d, aggregate));
      } catch (error) {
        if (!isVitalsError(error)) throw error;
        problems.push(`${element.code} ${code} ${disaggKey(d)}: ${error.message}`);
      }
    }
  }
  return { rows, ignored, problems };
}

function isWithin(outer: Period, code: string): boolean {
  const p = parsePeriod(code);
  return periodStart(p) >= periodStart(outer) && periodEnd(p) <= periodEnd(outer);
}

function groupByRegion(values: readonly FinalValue[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const v of values) {
    if (v.value === null) continue;
    let m = out.get(v.region);
    if (!m) out.set(v.region, (m = new Map()));
    m.set(v.period, v.value);
  }
  return out;
}

/** The fine periods inside `code` for an element of type `fine` (the values a refresh must read). */
export function finePeriodsOf(code: string, fine: PeriodType): string[] {
  const period = parsePeriod(code);
  if (periodTypeRank(fine) <= periodTypeRank(period.type)) return [period.code];
  return periodsWithin(period, fine).map((p) => p.code);
}
