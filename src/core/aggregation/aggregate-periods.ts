/**
 * Time aggregation: fine periods (months, quarters, half-years) into a coarser one, for one
 * region, following the rule. Values outside the target period are ignored, so a whole
 * series can be passed.
 */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { parsePeriod, periodEnd, periodStart, periodContains, periodTypeRank, periodsWithin, type Period, type PeriodType } from '../period/index.js';
import { isActiveDuring } from '../region/index.js';
import { buildAggregate, requireNumbers, requireRule } from './aggregate-build.js';
import { convertInput } from './inputs.js';
import { addTotals, emptyTotals, type FinalValue } from './totals.js';
import {
  DEFAULT_COMPLETENESS_THRESHOLD,
  DEFAULT_LIST_CODES_UP_TO,
  type Aggregate,
  type AggregateWarning,
  type AggregationRule,
  type ExcludedInput,
  type PeriodValue,
} from './types.js';

/** A Map or a plain object keyed by code. */
export type Keyed<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

export function entriesOf<T>(keyed: Keyed<T>): [string, T][] {
  return keyed instanceof Map ? [...keyed.entries()] : Object.entries(keyed as Record<string, T>);
}

export function lookup<T>(keyed: Keyed<T> | undefined, key: string): T | undefined {
  if (keyed === undefined) return undefined;
  return keyed instanceof Map ? keyed.get(key) : Object.prototype.hasOwnProperty.call(keyed, key) ? (keyed as Record<string, T>)[key] : undefined;
}

export interface PeriodAggregationOptions {
  /** ratio_of_sums: 100 for %, 1000 for ‰, 100000 for 1/10万. Default 1. */
  readonly factor?: number;
  /**
   * population_weighted_mean: weight per fine period (e.g. population of each month). Without
   * weights the fine periods, being of equal length, weigh equally.
   */
  readonly weights?: Keyed<number>;
  /** The fine period type expected; needed when `values` may be empty. Default: the type of the values. */
  readonly finePeriodType?: PeriodType;
  /** The region's validity: fine periods when it did not exist are not expected. */
  readonly validFrom?: string;
  readonly validTo?: string | null;
  readonly completenessThreshold?: number;
  readonly regionCode?: string;
  readonly listCodesUpTo?: number;
}

function resolveFineType(inside: readonly Period[], target: Period, option: PeriodType | undefined, d: Diagnostics): PeriodType {
  const types = new Set(inside.map((p) => p.type));
  if (option !== undefined) {
    if (periodTypeRank(option) < periodTypeRank(target.type)) {
      throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `finePeriodType ${option} is coarser than the target ${target.code}` });
    }
    for (const p of inside) if (p.type !== option) d.error('VITALS_E_INVALID_INPUT', `${p.code} is not a ${option} period`);
    return option;
  }
  if (types.size > 1) {
    d.error('VITALS_E_INVALID_INPUT', `mixed period types inside ${target.code}: ${inside.map((p) => p.code).join(', ')}`);
  }
  return inside[0]?.type ?? target.type;
}

/**
 * Aggregate fine-period values into `target` following `rule`.
 *
 * - sum: Σ values. ratio_of_sums: Σ numerators / Σ denominators × factor.
 * - population_weighted_mean: Σ wₜvₜ / Σ wₜ (wₜ = 1 without weights).
 * - last_value: the latest fine period with a value; `lastPeriod` records it, and
 *   VITALS_W_STALE_DATA flags a value older than the final fine period.
 * - not_aggregatable: only the identity (a value for `target` itself); otherwise null with a reason.
 *
 * Completeness = contributing / expected fine periods (for last_value: 1 when any value exists).
 * @throws VITALS_E_INVALID_INPUT listing every bad value; VITALS_E_UNKNOWN_METHOD for an unknown rule.
 * @example aggregatePeriods({ '2025M01': 3, '2025M02': 4 }, '2025Q1', 'sum').value === 7 // completeness 2/3
 */
export function aggregatePeriods(values: Keyed<PeriodValue>, target: Period | string, rule: AggregationRule, options: PeriodAggregationOptions = {}): Aggregate {
  requireRule(rule);
  const targetPeriod = typeof target === 'string' ? parsePeriod(target) : target;
  const factor = options.factor ?? 1;
  const threshold = options.completenessThreshold ?? DEFAULT_COMPLETENESS_THRESHOLD;
  requireNumbers(threshold, factor);
  const d = new Diagnostics([options.regionCode ?? 'values']);

  const inside: Period[] = [];
  const byCode = new Map<string, PeriodValue>();
  for (const [code, value] of entriesOf(values)) {
    let p: Period;
    try {
      p = parsePeriod(code);
    } catch {
      d.error('VITALS_E_INVALID_PERIOD', `${JSON.stringify(code)} is not a period code`);
      continue;
    }
    if (!periodContains(targetPeriod, p)) continue;
    inside.push(p);
    byCode.set(p.code, value);
  }
  const fineType = resolveFineType(inside, targetPeriod, options.finePeriodType, d);
  const validity = { validFrom: options.validFrom ?? '0000-01-01', validTo: options.validTo ?? null };
  const expected = periodsWithin(targetPeriod, fineType).filter((p) => isActiveDuring(validity, periodStart(p), periodEnd(p)));
  const expectedCodes = new Set(expected.map((p) => p.code));
  for (const p of inside) {
    if (p.type === fineType && !expectedCodes.has(p.code)) d.error('VITALS_E_INVALID_INPUT', `${p.code} has a value but the region did not exist then`);
  }

  const totals = emptyTotals();
  const contributors: string[] = [];
  const missing: string[] = [];
  const excluded: ExcludedInput[] = [];
  let identity: FinalValue | undefined;
  for (const p of expected) {
    const input = byCode.get(p.code);
    if (input === undefined) {
      missing.push(p.code);
      continue;
    }
    const weight = options.weights === undefined ? 1 : lookup(options.weights, p.code);
    const converted = convertInput(input, { rule, factor, periodCode: p.code, weight }, d.inContext(p.code));
    if (converted.kind === 'invalid') continue;
    if (converted.kind === 'missing_weight') {
      excluded.push({ code: p.code, reason: 'missing_weight' });
      missing.push(p.code);
      continue;
    }
    if (converted.kind === 'empty') {
      missing.push(p.code);
      continue;
    }
    contributors.push(p.code);
    if (rule === 'last_value') {
      // Later periods replace earlier ones: a stock is read at the latest observation.
      Object.assign(totals, converted.totals);
    } else addTotals(totals, converted.totals);
    if (p.code === targetPeriod.code) identity = converted.own;
  }
  d.throwIfAny('VITALS_E_INVALID_INPUT');

  const any = contributors.length > 0;
  const warnings: AggregateWarning[] = [];
  let periods = { expected: expected.length, contributing: contributors.length };
  let used = contributors;
  let unused = missing;
  if (rule === 'last_value') {
    // A stock needs one observation: the latest. Older months are neither used nor missed.
    const final = expected[expected.length - 1];
    periods = { expected: final ? 1 : 0, contributing: any ? 1 : 0 };
    used = any ? [totals.latest!] : [];
    unused = !final || totals.latest === final.code ? [] : [final.code];
    if (any && final && totals.latest !== final.code) {
      totals.stale = 1;
      warnings.push({ code: 'VITALS_W_STALE_DATA', message: `取自 ${totals.latest}，而非期末 ${final.code} / taken from ${totals.latest}, not the final ${final.code}` });
    }
  }
  const exists = expected.length > 0 ? 1 : 0;
  return buildAggregate({
    regionCode: options.regionCode ?? null,
    period: targetPeriod.code,
    rule,
    factor,
    totals,
    // Survey estimates pass through unchanged when the value is for the target period itself.
    ...(rule === 'not_aggregatable' && identity ? { own: identity } : {}),
    children: { expected: exists, contributing: any ? 1 : 0 },
    leaves: { expected: exists, contributing: any ? 1 : 0 },
    leafLevel: null,
    periods,
    finePeriodType: fineType,
    contributors: used,
    missing: unused,
    excluded,
    params: {
      rule,
      period: targetPeriod.code,
      finePeriodType: fineType,
      threshold,
      ...(rule === 'ratio_of_sums' ? { factor } : {}),
      ...(options.weights !== undefined ? { weighted: true } : {}),
    },
    threshold,
    listCodesUpTo: options.listCodesUpTo ?? DEFAULT_LIST_CODES_UP_TO,
    warnings,
  });
}
