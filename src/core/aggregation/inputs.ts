/**
 * Turn one input (a number, ratio parts, or an aggregate built over time) into totals,
 * checking that it fits the rule. Problems go to the caller's collector so that a whole
 * batch is reported at once.
 */
import type { Diagnostics } from '../diagnostics.js';
import { emptyTotals, type FinalValue, type Totals } from './totals.js';
import type { Aggregate, AggregateInput, AggregationRule, Coverage } from './types.js';

export type Converted =
  /** Usable: add `totals` upward; `own` is the input's own figure. */
  | { readonly kind: 'value'; readonly totals: Totals; readonly own: FinalValue; readonly cells: Coverage | undefined }
  /** population_weighted_mean without a weight: shown, but cannot enter the mean. */
  | { readonly kind: 'missing_weight'; readonly own: FinalValue; readonly cells: Coverage | undefined }
  /** An aggregate to which nothing contributed: counts as missing, keeps its expected cells. */
  | { readonly kind: 'empty'; readonly cells: Coverage }
  | { readonly kind: 'invalid' };

export interface ConvertContext {
  readonly rule: AggregationRule;
  readonly factor: number;
  /** The period the input stands for (last_value records it). */
  readonly periodCode: string;
  /** population_weighted_mean: the input's weight, if known. */
  readonly weight?: number | undefined;
}

function isAggregate(input: AggregateInput): input is Aggregate {
  return typeof input === 'object' && input !== null && 'rule' in input && 'completeness' in input;
}

function isRatioParts(input: AggregateInput): input is { numerator: number; denominator: number } {
  return typeof input === 'object' && input !== null && 'numerator' in input && 'denominator' in input;
}

function ratioOwn(numerator: number, denominator: number, factor: number): FinalValue {
  return denominator === 0 ? { value: null, reason: '分母为 0 / the denominator is 0' } : { value: (numerator / denominator) * factor };
}

/** Weighted totals for one value, or why not. */
function weigh(value: number, ctx: ConvertContext, d: Diagnostics, cells: Coverage | undefined): Converted {
  const own = { value };
  if (ctx.weight === undefined) return { kind: 'missing_weight', own, cells };
  if (!Number.isFinite(ctx.weight) || ctx.weight < 0) {
    d.error('VITALS_E_INVALID_INPUT', `weight ${ctx.weight} must be a finite number ≥ 0`);
    return { kind: 'invalid' };
  }
  return { kind: 'value', totals: { ...emptyTotals(), weightedSum: ctx.weight * value, weightSum: ctx.weight }, own, cells };
}

function fromNumber(value: number, ctx: ConvertContext, d: Diagnostics): Converted {
  if (!Number.isFinite(value)) {
    d.error('VITALS_E_INVALID_INPUT', `value ${value} is not a finite number`);
    return { kind: 'invalid' };
  }
  switch (ctx.rule) {
    case 'ratio_of_sums':
      d.error('VITALS_E_INVALID_INPUT', 'ratio_of_sums needs { numerator, denominator }, not a finished rate: rates are never averaged');
      return { kind: 'invalid' };
    case 'population_weighted_mean':
      return weigh(value, ctx, d, undefined);
    case 'last_value':
      return { kind: 'value', totals: { ...emptyTotals(), sum: value, latest: ctx.periodCode, earliest: ctx.periodCode }, own: { value }, cells: undefined };
    default:
      return { kind: 'value', totals: { ...emptyTotals(), sum: value }, own: { value }, cells: undefined };
  }
}

function fromRatio(parts: { numerator: number; denominator: number }, ctx: ConvertContext, d: Diagnostics): Converted {
  if (ctx.rule !== 'ratio_of_sums') {
    d.error('VITALS_E_INVALID_INPUT', `{ numerator, denominator } only fits ratio_of_sums, not ${ctx.rule}`);
    return { kind: 'invalid' };
  }
  const { numerator, denominator } = parts;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) {
    d.error('VITALS_E_INVALID_INPUT', `numerator ${numerator} and denominator ${denominator} must be finite numbers`);
    return { kind: 'invalid' };
  }
  if (denominator < 0) {
    d.error('VITALS_E_INVALID_INPUT', `denominator ${denominator} is negative`);
    return { kind: 'invalid' };
  }
  return { kind: 'value', totals: { ...emptyTotals(), numerator, denominator }, own: ratioOwn(numerator, denominator, ctx.factor), cells: undefined };
}

function fromAggregate(input: Aggregate, ctx: ConvertContext, d: Diagnostics): Converted {
  if (input.rule !== ctx.rule) {
    d.error('VITALS_E_INVALID_INPUT', `an aggregate built with ${input.rule} cannot enter a ${ctx.rule} roll-up`);
    return { kind: 'invalid' };
  }
  if (input.period !== ctx.periodCode) {
    d.error('VITALS_E_INVALID_INPUT', `an aggregate for ${input.period} cannot stand for ${ctx.periodCode}`);
    return { kind: 'invalid' };
  }
  const cells = input.periods;
  const own: FinalValue = { value: input.value, ...(input.reason === undefined ? {} : { reason: input.reason }) };
  if (input.leaves.contributing === 0) return { kind: 'empty', cells };
  switch (ctx.rule) {
    case 'ratio_of_sums':
      return { kind: 'value', totals: { ...emptyTotals(), numerator: input.numerator ?? 0, denominator: input.denominator ?? 0 }, own, cells };
    case 'population_weighted_mean':
      return input.value === null ? { kind: 'empty', cells } : weigh(input.value, ctx, d, cells);
    case 'last_value':
      return {
        kind: 'value',
        totals: { ...emptyTotals(), sum: input.value ?? 0, latest: input.lastPeriod, earliest: input.earliestLastPeriod ?? input.lastPeriod, stale: input.staleContributors ?? 0 },
        own,
        cells,
      };
    default:
      return input.value === null ? { kind: 'empty', cells } : { kind: 'value', totals: { ...emptyTotals(), sum: input.value }, own, cells };
  }
}

/** Convert one input for `ctx.rule`; problems are reported into `d` (already in the input's context). */
export function convertInput(input: AggregateInput, ctx: ConvertContext, d: Diagnostics): Converted {
  if (typeof input === 'number') return fromNumber(input, ctx, d);
  if (isAggregate(input)) return fromAggregate(input, ctx, d);
  if (isRatioParts(input)) return fromRatio(input, ctx, d);
  d.error('VITALS_E_INVALID_INPUT', `expected a number, { numerator, denominator } or an aggregate, got ${JSON.stringify(input)}`);
  return { kind: 'invalid' };
}
