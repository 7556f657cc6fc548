/**
 * Shared machinery for kinds whose test is a level (`compare` or `interval`): pick the value
 * (latest within the staleness window), resolve, judge, measure the gap, and flag natural limits.
 */
import type { AttainmentNote, KindOutcome, ResolveContext, TargetTest } from '../attainment.types.js';
import { fmt, note } from '../format.js';
import { gapOf, gapPercent, passes, type LevelTest } from '../gap.js';
import { latestWithin, valueAt } from '../series.js';
import type { Comparator } from '../types.js';
import type { EvaluationContext } from './kind.js';

export interface LevelPick {
  readonly year: number;
  readonly value: number;
  readonly extras?: Partial<ResolveContext>;
  readonly inputsUsed?: Record<string, unknown>;
  readonly warnings?: readonly AttainmentNote[];
}

/** The baseline for `year` (default: the target's): stated value, else the series value that year. */
export function baselineOf(ctx: EvaluationContext, year?: number): { year: number; value?: number } | undefined {
  const baselineYear = year ?? ctx.baseline?.year;
  if (baselineYear === undefined) return undefined;
  const stated = ctx.baseline?.year === baselineYear ? ctx.baseline.value : undefined;
  return { year: baselineYear, value: stated ?? valueAt(ctx.series, baselineYear) };
}

export function staleNote(used: number, wanted: number): AttainmentNote {
  return note('VITALS_W_STALE_DATA', `${wanted}年无数据，使用${used}年的值`, `no value for ${wanted}; used ${used}`);
}

export function missingNote(what: string, whatZh: string, year: number, maxStaleness: number): AttainmentNote {
  const from = year - maxStaleness;
  return note('VITALS_W_MISSING_DATA', `${whatZh}在${from}—${year}年间无数据`, `${what}: no value between ${from} and ${year}`);
}

/** Default pick: the region's latest value in [year − maxStaleness, year]. */
export function pickLatest(ctx: EvaluationContext): LevelPick | AttainmentNote {
  const point = latestWithin(ctx.series, ctx.year, ctx.maxStaleness);
  if (!point) return missingNote('the region', '本地区', ctx.year, ctx.maxStaleness);
  return { ...point, warnings: point.year < ctx.year ? [staleNote(point.year, ctx.year)] : [] };
}

export function notEvaluable(required: TargetTest, reason: AttainmentNote, extra: Partial<KindOutcome> = {}): KindOutcome {
  return {
    status: 'not_evaluable',
    valueUsed: null,
    valueYear: null,
    baseline: null,
    required,
    gapAbsolute: null,
    gapPercentOfRequiredChange: null,
    reason,
    inputsUsed: {},
    ...extra,
    warnings: [reason, ...(extra.warnings ?? [])],
  };
}

/**
 * Moves an implied threshold (baseline × change…) back inside the natural limits: a share cannot
 * be asked to exceed 100 %, so reaching the limit is the best possible outcome.
 */
export function clampToBounds(op: Comparator, threshold: number, bounds?: ResolveContext['bounds']): { op: Comparator; threshold: number; notes: AttainmentNote[] } {
  const max = bounds?.max;
  const min = bounds?.min;
  if ((op === 'ge' || op === 'gt') && max !== undefined && threshold >= max && !(op === 'ge' && threshold === max)) {
    return { op: 'ge', threshold: max, notes: [limitNote(threshold, max)] };
  }
  if ((op === 'le' || op === 'lt') && min !== undefined && threshold <= min && !(op === 'le' && threshold === min)) {
    return { op: 'le', threshold: min, notes: [limitNote(threshold, min)] };
  }
  return { op, threshold, notes: [] };
}

function limitNote(implied: number, limit: number): AttainmentNote {
  return note(
    'VITALS_W_NEAR_NATURAL_LIMIT',
    `推算的目标值 ${fmt(implied)} 超出自然界限，按界限值 ${fmt(limit)} 判断`,
    `the implied threshold ${fmt(implied)} lies beyond the natural limit; judged against the limit ${fmt(limit)}`,
  );
}

/** Natural-limit remarks on a stated test and on the value itself. */
function boundNotes(test: LevelTest, value: number, bounds?: ResolveContext['bounds']): AttainmentNote[] {
  const notes: AttainmentNote[] = [];
  const { min, max } = bounds ?? {};
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    notes.push(note('VITALS_W_NEAR_NATURAL_LIMIT', `数值 ${fmt(value)} 超出自然界限，请核查数据`, `the value ${fmt(value)} lies outside the natural limits; check the data`));
  }
  if (test.type !== 'compare' || test.notes?.some((n) => n.code === 'VITALS_W_NEAR_NATURAL_LIMIT')) return notes;
  const t = test.threshold;
  const beyondMax = max !== undefined && ((test.op === 'ge' && t > max) || (test.op === 'gt' && t >= max));
  const beyondMin = min !== undefined && ((test.op === 'le' && t < min) || (test.op === 'lt' && t <= min));
  if (beyondMax || beyondMin) {
    notes.push(note('VITALS_W_NEAR_NATURAL_LIMIT', `目标 ${fmt(t)} 在自然界限内无法达到`, `the target ${fmt(t)} cannot be reached within the natural limits`));
  } else if ((max !== undefined && t === max && test.op === 'ge') || (min !== undefined && t === min && test.op === 'le')) {
    notes.push(note('VITALS_W_NEAR_NATURAL_LIMIT', `目标位于自然界限 ${fmt(t)}，只有恰好达到界限才算达成`, `the target sits at the natural limit ${fmt(t)}: only the limit itself attains it`));
  }
  return notes;
}

export interface LevelOptions {
  /** Baseline year of the spec when it names its own (change, proportional). */
  readonly baselineYear?: number;
  /** Custom value choice (benchmark and proportional need a year both series share). */
  readonly pick?: (ctx: EvaluationContext) => LevelPick | AttainmentNote;
}

/** Evaluates a kind whose resolved test is `compare` or `interval`. */
export function evaluateLevel(ctx: EvaluationContext, resolve: (rc: ResolveContext) => TargetTest, options: LevelOptions = {}): KindOutcome {
  const baseline = baselineOf(ctx, options.baselineYear);
  const base: ResolveContext = {
    polarity: ctx.polarity,
    year: ctx.year,
    ...(ctx.bounds ? { bounds: ctx.bounds } : {}),
    ...(baseline ? { baselineYear: baseline.year } : {}),
    ...(baseline?.value !== undefined ? { baselineValue: baseline.value } : {}),
  };
  const baselineUsed = baseline?.value !== undefined ? { year: baseline.year, value: baseline.value } : null;
  const picked = (options.pick ?? pickLatest)(ctx);
  if ('code' in picked) return notEvaluable(resolve(base), picked, { baseline: baselineUsed });
  const test = resolve({ ...base, ...picked.extras });
  const inputsUsed = { value: { year: picked.year, value: picked.value }, baseline: baselineUsed, ...picked.inputsUsed };
  if (test.type === 'none') return notEvaluable(test, test.reason, { baseline: baselineUsed, inputsUsed, warnings: picked.warnings ?? [] });
  if (test.type !== 'compare' && test.type !== 'interval') throw new Error(`level kind resolved to a ${test.type} test`);
  const percent = gapPercent(test, picked.value, baseline?.value);
  const warnings = [
    ...(picked.warnings ?? []),
    ...(test.notes ?? []),
    ...boundNotes(test, picked.value, ctx.bounds),
    ...(percent.warning ? [percent.warning] : []),
  ];
  return {
    status: passes(test, picked.value) ? 'attained' : 'not_attained',
    valueUsed: picked.value,
    valueYear: picked.year,
    baseline: baselineUsed,
    required: test,
    gapAbsolute: gapOf(test, picked.value),
    gapPercentOfRequiredChange: percent.value,
    reason: null,
    warnings,
    inputsUsed,
  };
}

/** A `none` test for a missing baseline value. */
export function missingBaseline(year: number | undefined): TargetTest {
  return noneTest(
    year === undefined
      ? note('VITALS_W_MISSING_DATA', '缺少基期（年份与数值）', 'no baseline (year and value) is known')
      : note('VITALS_W_MISSING_DATA', `缺少${year}年基期值`, `no baseline value for ${year}`),
  );
}

/** A test that cannot be built, with its reason. */
export function noneTest(reason: AttainmentNote): TargetTest {
  return { type: 'none', reason, explanation: { zh: reason.zh, en: reason.en } };
}

export function zeroBaselineNote(value: number): AttainmentNote {
  return note('VITALS_W_ZERO_BASELINE', `基期值为 ${fmt(value)}，相对变化没有意义`, `the baseline is ${fmt(value)}: a relative change from it is not meaningful`);
}

/** A `none` test for a relative change asked of a zero or negative baseline. */
export function zeroBaseline(value: number): TargetTest {
  return noneTest(zeroBaselineNote(value));
}
