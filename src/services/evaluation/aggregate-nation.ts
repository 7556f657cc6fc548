/**
 * The national roll-up: the nation's aggregate rows (region 000000) combined from the 31
 * provinces' own rows of the same element × period × disaggregation. Province rows keep their
 * additive parts (Σ values, Σ numerators and denominators, Σ weighted values and weights, the
 * latest and earliest period taken), so the nation adds parts exactly as `rollUpTree` adds a
 * province's children: a rate is Σ numerators / Σ denominators, never an average of the
 * provinces' rates. Pure; the service reads and writes the rows.
 *
 * Why not `rollUpTree` over a nation → province tree: its leaves would be the provinces, and the
 * nation's leaf counts and cells would then count provinces, not the counties (or townships)
 * that the province rows count. Here they are the provinces' sums, so the nation reads like
 * every other aggregate ("built from 2,800 of 2,846 counties").
 */
import { AGGREGATION_METHOD_VERSION, DEFAULT_COMPLETENESS_THRESHOLD, type AggregationRule } from '../../core/aggregation/index.js';
import { comparePeriods, parsePeriod, periodEnd, periodStart, periodTypeRank, type PeriodType } from '../../core/period/index.js';
import { REGION_LEVEL_RANK, type RegionLevel } from '../../core/region/index.js';
import type { AggregateDetail, AggregateRow, Disaggregation } from '../../storage/repositories/aggregate.repository.js';
import { finePeriodsOf } from './aggregate-compute.js';

/** The nation's region code, also its `province_code` (the nation's own slice of the key). */
export const NATION = '000000';

/** A province as the national roll-up needs it. */
export interface NationProvince {
  readonly code: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  /** How many regions it has at each level (the leaves a province without rows would have). */
  readonly regionsByLevel: Readonly<Partial<Record<RegionLevel, number>>>;
}

export interface NationComputation {
  readonly element: { readonly id: number; readonly aggregation: AggregationRule; readonly periodType: PeriodType };
  readonly period: string;
  readonly disaggregation: Disaggregation;
  /** Every province of the nation (whether or not it has a row). */
  readonly provinces: readonly NationProvince[];
  /** The provinces' own rows (region = province) of this element × period × disaggregation. */
  readonly rows: readonly AggregateRow[];
}

const NO_VALUES = '无可用数据 / no contributing values';

/** The leaf level most rows use (ties: the finer level); county when there are no rows. */
function commonLeafLevel(rows: readonly AggregateRow[]): RegionLevel {
  const counts = new Map<RegionLevel, number>();
  for (const r of rows) if (r.leafLevel) counts.set(r.leafLevel as RegionLevel, (counts.get(r.leafLevel as RegionLevel) ?? 0) + 1);
  let best: RegionLevel = 'county';
  let most = 0;
  for (const [level, n] of counts) {
    if (n > most || (n === most && REGION_LEVEL_RANK[level] > REGION_LEVEL_RANK[best])) [best, most] = [level, n];
  }
  return best;
}

const later = (a: string | undefined, b: string | null | undefined): string | undefined =>
  b == null ? a : a === undefined || comparePeriods(parsePeriod(b), parsePeriod(a)) > 0 ? b : a;
const earlier = (a: string | undefined, b: string | null | undefined): string | undefined =>
  b == null ? a : a === undefined || comparePeriods(parsePeriod(b), parsePeriod(a)) < 0 ? b : a;

/** The value from the summed parts, with the core's rules (`finalValue`): nothing contributing → no value. */
function valueOf(rule: AggregationRule, t: { sum: number; numerator: number; denominator: number; weightedSum: number; weightSum: number }, contributing: number, notAggregatableReason: string | null): { value: number | null; reason: string | null } {
  if (rule === 'not_aggregatable') return { value: null, reason: notAggregatableReason };
  if (contributing === 0) return { value: null, reason: NO_VALUES };
  if (rule === 'ratio_of_sums') return t.denominator === 0 ? { value: null, reason: '分母合计为 0 / the denominators sum to 0' } : { value: t.numerator / t.denominator, reason: null };
  if (rule === 'population_weighted_mean') return t.weightSum === 0 ? { value: null, reason: '权重合计为 0 / the weights sum to 0' } : { value: t.weightedSum / t.weightSum, reason: null };
  return { value: t.sum, reason: null };
}

const LEVEL_NOUNS: Readonly<Record<RegionLevel, readonly [string, string]>> = {
  nation: ['全国', 'nations'], province: ['省份', 'provinces'], prefecture: ['地市', 'prefectures'],
  county: ['县（市、区）', 'counties'], township: ['乡镇（街道）', 'townships'], unit: ['报告单位', 'reporting units'],
};

/**
 * The nation's row for one element × period × disaggregation.
 * Expected children: the provinces in force at the period's close (one that ceased during it
 * only when it contributed), as `rollUpTree` expects children. A province without a row adds
 * its regions at the leaf level to the expected leaves, and those × the fine periods to the
 * expected cells, as a missing county adds its months to a province.
 * @example combineNation({ element, period: '2025', disaggregation, provinces, rows }).value
 */
export function combineNation(input: NationComputation): AggregateRow {
  const { element, disaggregation: d } = input;
  const rule = element.aggregation;
  const period = parsePeriod(input.period);
  const [start, end] = [periodStart(period), periodEnd(period)];
  const leafLevel = commonLeafLevel(input.rows);
  const cellsPerLeaf = rule === 'last_value' || periodTypeRank(element.periodType) <= periodTypeRank(period.type) ? 1 : finePeriodsOf(period.code, element.periodType).length;
  const byProvince = new Map(input.rows.map((r) => [r.provinceCode, r]));
  const t = { sum: 0, numerator: 0, denominator: 0, weightedSum: 0, weightSum: 0 };
  const children = { expected: 0, contributing: 0 };
  const leaves = { expected: 0, contributing: 0 };
  const cells = { expected: 0, contributing: 0 };
  let latest: string | undefined;
  let earliest: string | undefined;
  let stale = 0;
  const missing: string[] = [];
  let notAggregatableReason: string | null = null;
  for (const p of [...input.provinces].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const row = byProvince.get(p.code);
    const contributed = row !== undefined && row.leavesContributing > 0;
    if (!(p.validFrom < end && (p.validTo === null || p.validTo > start)) && !contributed) continue;
    if (p.validTo !== null && p.validTo < end && !contributed) continue; // ceased during the period: optional
    const expectedLeaves = row ? row.leavesExpected : (p.regionsByLevel[leafLevel] ?? 0);
    if (expectedLeaves === 0 && !contributed) continue; // nothing expected below it: not a gap
    children.expected += 1;
    leaves.expected += expectedLeaves;
    cells.expected += row ? row.periodsExpected : expectedLeaves * cellsPerLeaf;
    if (!row || !contributed) {
      missing.push(p.code);
      continue;
    }
    if (row.reason !== null && rule === 'not_aggregatable') notAggregatableReason = row.reason;
    children.contributing += 1;
    leaves.contributing += row.leavesContributing;
    cells.contributing += row.periodsContributing;
    t.sum += rule === 'sum' || rule === 'last_value' ? (row.value ?? 0) : 0;
    t.numerator += row.numerator ?? 0;
    t.denominator += row.denominator ?? 0;
    t.weightedSum += row.weightedSum ?? 0;
    t.weightSum += row.weightSum ?? 0;
    if (rule === 'last_value') {
      latest = later(latest, row.lastPeriod);
      earliest = earlier(earliest, row.detail?.earliestLastPeriod ?? row.lastPeriod);
      stale += row.detail?.staleContributors ?? 0;
    }
  }
  const { value, reason } = valueOf(rule, t, leaves.contributing, notAggregatableReason);
  const completeness = cells.expected === 0 ? 1 : cells.contributing / cells.expected;
  const warnings: { code: string; message: string }[] = [];
  if (rule !== 'not_aggregatable' && cells.expected > 0 && completeness < DEFAULT_COMPLETENESS_THRESHOLD) {
    const [zh, en] = LEVEL_NOUNS[leafLevel];
    const pct = `${Math.round(completeness * 1000) / 10}%`;
    warnings.push({ code: 'VITALS_W_INCOMPLETE_AGGREGATE', message: `由 ${leaves.contributing}/${leaves.expected} 个${zh}汇总（完整度 ${pct}） / built from ${leaves.contributing} of ${leaves.expected} ${en} (completeness ${pct})` });
  }
  if (stale > 0) warnings.push({ code: 'VITALS_W_STALE_DATA', message: `${stale}/${leaves.contributing} 个末级单位的数值早于期末 / ${stale} of ${leaves.contributing} leaves report a value older than the period's end` });
  const detail: AggregateDetail = {
    ...(missing.length > 0 ? { missing, missingCount: missing.length } : {}),
    ...(warnings.length > 0 ? { warnings: warnings as AggregateDetail['warnings'] } : {}),
    ...(rule === 'last_value' && latest !== undefined ? { earliestLastPeriod: earliest!, staleContributors: stale } : {}),
  };
  return {
    provinceCode: NATION, dataElementId: element.id, period: period.code, region: NATION, ...d, rule, value,
    numerator: rule === 'ratio_of_sums' ? t.numerator : null,
    denominator: rule === 'ratio_of_sums' ? t.denominator : null,
    weightedSum: rule === 'population_weighted_mean' ? t.weightedSum : null,
    weightSum: rule === 'population_weighted_mean' ? t.weightSum : null,
    lastPeriod: rule === 'last_value' ? (latest ?? null) : null,
    childrenExpected: children.expected, childrenContributing: children.contributing,
    leavesExpected: leaves.expected, leavesContributing: leaves.contributing,
    periodsExpected: cells.expected, periodsContributing: cells.contributing,
    completeness, leafLevel, reason, detail: Object.keys(detail).length > 0 ? detail : null, methodVersion: AGGREGATION_METHOD_VERSION,
  };
}

/** Group the provinces' rows by element × period × disaggregation and combine each group. */
export function combineNationRows(element: NationComputation['element'], provinces: readonly NationProvince[], rows: readonly AggregateRow[]): AggregateRow[] {
  const groups = new Map<string, AggregateRow[]>();
  for (const r of rows) {
    if (r.dataElementId !== element.id || r.region !== r.provinceCode || r.provinceCode === NATION) continue;
    const key = `${r.period}|${r.sex}|${r.ageGroup}|${r.area}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: AggregateRow[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    out.push(combineNation({ element, period: first.period, disaggregation: { sex: first.sex, ageGroup: first.ageGroup, area: first.area }, provinces, rows: list }));
  }
  return out;
}
