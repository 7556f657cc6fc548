/**
 * Indicators from element aggregates: rate = Σ numerator element / Σ denominator element ×
 * factor, region by region. The ratio is formed only after both elements were aggregated,
 * never by averaging rates.
 */
import { VitalsError } from '../errors.js';
import type { IndicatorDefinition } from '../indicator/types.js';
import { buildAggregate } from './aggregate-build.js';
import { emptyTotals } from './totals.js';
import { DEFAULT_COMPLETENESS_THRESHOLD, DEFAULT_LIST_CODES_UP_TO, type Aggregate, type AggregateWarning } from './types.js';

export interface IndicatorAggregationOptions {
  readonly completenessThreshold?: number;
  /** Recorded in provenance. */
  readonly indicatorCode?: string;
}

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean | undefined {
  if (a === null || b === null) return undefined;
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((code) => set.has(code));
}

/**
 * Combine a numerator element aggregate and a denominator element aggregate for the same
 * region and period into the indicator value Σnum / Σden × factor.
 *
 * Coverage and completeness are those of the weaker input. When the two were built from
 * different contributors the rate mixes coverage: VITALS_W_INCOMPLETE_AGGREGATE says so.
 * (A `ratio_of_sums` roll-up of paired { numerator, denominator } inputs avoids this.)
 * @throws VITALS_E_INVALID_INPUT when regions or periods differ.
 * @example aggregateIndicator(deaths, births, 1000) // infant mortality ‰
 */
export function aggregateIndicator(numerator: Aggregate, denominator: Aggregate, factor: number = 1, options: IndicatorAggregationOptions = {}): Aggregate {
  if (numerator.regionCode !== denominator.regionCode || numerator.period !== denominator.period) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', {
      detail: `numerator ${numerator.regionCode ?? '-'} ${numerator.period} and denominator ${denominator.regionCode ?? '-'} ${denominator.period} differ`,
    });
  }
  if (!Number.isFinite(factor) || factor === 0) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `factor must be a finite non-zero number, got ${factor}` });
  const weaker = numerator.completeness <= denominator.completeness ? numerator : denominator;
  const warnings: AggregateWarning[] = [];
  const same = sameList(numerator.provenance.contributors, denominator.provenance.contributors);
  if (same === false || numerator.leaves.contributing !== denominator.leaves.contributing) {
    warnings.push({
      code: 'VITALS_W_INCOMPLETE_AGGREGATE',
      message: `分子来自 ${numerator.leaves.contributing} 个、分母来自 ${denominator.leaves.contributing} 个末级单位，覆盖范围不一致 / numerator from ${numerator.leaves.contributing} leaves, denominator from ${denominator.leaves.contributing}: the rate mixes different coverage`,
    });
  }
  const blocked = numerator.value === null || denominator.value === null;
  const built = buildAggregate({
    regionCode: numerator.regionCode,
    period: numerator.period,
    rule: 'ratio_of_sums',
    factor,
    totals: { ...emptyTotals(), numerator: numerator.value ?? 0, denominator: denominator.value ?? 0 },
    ...(blocked ? { own: { value: null, reason: `${numerator.value === null ? '分子' : '分母'}无值 / the ${numerator.value === null ? 'numerator' : 'denominator'} has no value` } } : {}),
    children: weaker.children,
    leaves: { expected: weaker.leaves.expected, contributing: Math.min(numerator.leaves.contributing, denominator.leaves.contributing) },
    leafLevel: weaker.leafLevel,
    periods: weaker.periods,
    finePeriodType: null,
    contributors: weaker.provenance.contributors ?? [],
    missing: weaker.provenance.missing ?? [],
    excluded: [...numerator.provenance.excluded, ...denominator.provenance.excluded],
    params: {
      factor,
      ...(options.indicatorCode === undefined ? {} : { indicator: options.indicatorCode }),
      numerator: { method: numerator.provenance.method, params: numerator.provenance.params },
      denominator: { method: denominator.provenance.method, params: denominator.provenance.params },
    },
    threshold: options.completenessThreshold ?? DEFAULT_COMPLETENESS_THRESHOLD,
    listCodesUpTo: DEFAULT_LIST_CODES_UP_TO,
    warnings,
  });
  return { ...built, provenance: { ...built.provenance, method: 'aggregation/indicator_ratio', contributorCount: weaker.provenance.contributorCount, missingCount: weaker.provenance.missingCount } };
}

/**
 * `aggregateIndicator` for every region present in both maps (e.g. two `rollUpTree` results).
 * `factor` may be given as the indicator definition.
 */
export function rollUpIndicator(
  numerators: ReadonlyMap<string, Aggregate>,
  denominators: ReadonlyMap<string, Aggregate>,
  factor: number | Pick<IndicatorDefinition, 'factor' | 'code'> = 1,
  options: IndicatorAggregationOptions = {},
): Map<string, Aggregate> {
  const scale = typeof factor === 'number' ? factor : factor.factor ?? 1;
  const opts = typeof factor === 'number' || options.indicatorCode !== undefined ? options : { ...options, indicatorCode: factor.code };
  const out = new Map<string, Aggregate>();
  for (const [code, num] of numerators) {
    const den = denominators.get(code);
    if (den) out.set(code, aggregateIndicator(num, den, scale, opts));
  }
  return out;
}
