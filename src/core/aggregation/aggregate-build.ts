/**
 * Assemble an `Aggregate` from totals and coverage: the value, completeness, the
 * "built from 4 of 10 counties" warning and provenance. Shared by every entry point so that
 * all aggregates read the same way.
 */
import { VitalsError } from '../errors.js';
import type { PeriodType } from '../period/index.js';
import type { RegionLevel } from '../region/index.js';
import { finalValue, type FinalValue, type Totals } from './totals.js';
import {
  AGGREGATION_METHOD_VERSION,
  AGGREGATION_RULES,
  type Aggregate,
  type AggregateWarning,
  type AggregationProvenance,
  type AggregationRule,
  type Coverage,
  type ExcludedInput,
} from './types.js';

export interface AggregateParts {
  readonly regionCode: string | null;
  readonly period: string;
  readonly rule: AggregationRule;
  readonly factor: number;
  readonly totals: Totals;
  /** Replaces the computed value (a leaf reports its own figure). */
  readonly own?: FinalValue;
  readonly children: Coverage;
  readonly leaves: Coverage;
  readonly leafLevel: RegionLevel | null;
  readonly periods: Coverage;
  /** The fine period type of the cells, when time was aggregated. */
  readonly finePeriodType: PeriodType | null;
  readonly contributors: readonly string[];
  readonly missing: readonly string[];
  readonly excluded: readonly ExcludedInput[];
  readonly lineageOverlaps?: AggregationProvenance['lineageOverlaps'];
  readonly params: Readonly<Record<string, unknown>>;
  readonly threshold: number;
  readonly listCodesUpTo: number;
  readonly warnings?: readonly AggregateWarning[];
}

const REGION_NOUNS: Readonly<Record<RegionLevel, readonly [zh: string, en: string, enSingular: string]>> = {
  nation: ['全国', 'nations', 'nation'],
  province: ['省份', 'provinces', 'province'],
  prefecture: ['地市', 'prefectures', 'prefecture'],
  county: ['县（市、区）', 'counties', 'county'],
  township: ['乡镇（街道）', 'townships', 'township'],
  unit: ['报告单位', 'reporting units', 'unit'],
};

const PERIOD_NOUNS: Readonly<Record<PeriodType, readonly [zh: string, en: string]>> = {
  month: ['月', 'months'],
  quarter: ['季度', 'quarters'],
  half_year: ['半年', 'half-years'],
  year: ['年', 'years'],
};

/** 0.4 → "40%", 1/3 → "33.3%". */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** "由 4/10 个县（市、区）汇总（完整度 40%） / built from 4 of 10 counties (completeness 40%)". */
export function incompleteMessage(parts: Pick<AggregateParts, 'leaves' | 'leafLevel' | 'periods' | 'finePeriodType'>, completeness: number): string {
  const { leaves, leafLevel, periods, finePeriodType } = parts;
  const zh: string[] = [];
  const en: string[] = [];
  if (leafLevel !== null) {
    const [nounZh, nounEn, singular] = REGION_NOUNS[leafLevel];
    zh.push(`由 ${leaves.contributing}/${leaves.expected} 个${nounZh}汇总`);
    en.push(`built from ${leaves.contributing} of ${leaves.expected} ${nounEn}`);
    if (finePeriodType !== null) {
      const [periodZh, periodEn] = PERIOD_NOUNS[finePeriodType];
      zh.push(`${periods.contributing}/${periods.expected} 个${nounZh}×${periodZh}有数据`);
      en.push(`${periods.contributing} of ${periods.expected} ${singular}-${periodEn} reported`);
    }
  } else {
    const [periodZh, periodEn] = PERIOD_NOUNS[finePeriodType ?? 'year'];
    zh.push(`由 ${periods.contributing}/${periods.expected} 个${periodZh}汇总`);
    en.push(`built from ${periods.contributing} of ${periods.expected} ${periodEn}`);
  }
  return `${zh.join('，')}（完整度 ${percent(completeness)}） / ${en.join('; ')} (completeness ${percent(completeness)})`;
}

export function completenessOf(cells: Coverage): number {
  return cells.expected === 0 ? 1 : cells.contributing / cells.expected;
}

function listed(codes: readonly string[], limit: number): readonly string[] | null {
  return codes.length > limit ? null : codes;
}

export function buildAggregate(parts: AggregateParts): Aggregate {
  const { rule, totals } = parts;
  const final = parts.own ?? finalValue(rule, totals, parts.leaves.contributing, parts.factor);
  const completeness = completenessOf(parts.periods);
  const warnings: AggregateWarning[] = [...(parts.warnings ?? [])];
  // Survey estimates are never aggregated, so their coverage is information, not a defect.
  if (rule !== 'not_aggregatable' && parts.periods.expected > 0 && completeness < parts.threshold) {
    warnings.push({ code: 'VITALS_W_INCOMPLETE_AGGREGATE', message: incompleteMessage(parts, completeness) });
  }
  const provenance: AggregationProvenance = {
    method: `aggregation/${rule}`,
    methodVersion: AGGREGATION_METHOD_VERSION,
    params: parts.params,
    contributors: listed(parts.contributors, parts.listCodesUpTo),
    contributorCount: parts.contributors.length,
    missing: listed(parts.missing, parts.listCodesUpTo),
    missingCount: parts.missing.length,
    excluded: parts.excluded,
    ...(parts.lineageOverlaps && parts.lineageOverlaps.length > 0 ? { lineageOverlaps: parts.lineageOverlaps } : {}),
  };
  return {
    regionCode: parts.regionCode,
    period: parts.period,
    rule,
    value: final.value,
    ...(rule === 'ratio_of_sums' ? { numerator: totals.numerator, denominator: totals.denominator } : {}),
    ...(rule === 'population_weighted_mean' ? { weightedSum: totals.weightedSum, weightSum: totals.weightSum } : {}),
    ...(rule === 'last_value' && totals.latest !== undefined
      ? { lastPeriod: totals.latest, earliestLastPeriod: totals.earliest, staleContributors: totals.stale }
      : {}),
    children: parts.children,
    leaves: parts.leaves,
    leafLevel: parts.leafLevel,
    periods: parts.periods,
    completeness,
    ...(final.reason === undefined ? {} : { reason: final.reason }),
    warnings,
    provenance,
  };
}

/** @throws VITALS_E_UNKNOWN_METHOD for a rule that is not one of the five. */
export function requireRule(rule: unknown): AggregationRule {
  if (!AGGREGATION_RULES.includes(rule as AggregationRule)) {
    throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'aggregation', name: String(rule) });
  }
  return rule as AggregationRule;
}

/** Shared option checks: threshold in [0, 1], factor finite and non-zero. */
export function requireNumbers(threshold: number, factor: number): void {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `completenessThreshold must be in [0, 1], got ${threshold}` });
  }
  if (!Number.isFinite(factor) || factor === 0) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `factor must be a finite non-zero number, got ${factor}` });
  }
}
