/**
 * Shared plumbing for progress methods: input validation, choosing the start and current
 * points, growth rates, parameter parsing and result assembly. Methods stay small and
 * differ only in their arithmetic and categories.
 */
import { VitalsError } from '../errors.js';
import {
  UNABLE_TO_ASSESS,
  type LocalizedLabel,
  type ProgressCategory,
  type ProgressInput,
  type ProgressInputsUsed,
  type ProgressPolarity,
  type ProgressResult,
  type ProgressWarning,
  type TimePoint,
} from './types.js';

/** +1 when higher is better, −1 when lower is better (the `d` of the published formulas). */
export function directionOf(polarity: ProgressPolarity): 1 | -1 {
  return polarity === 'higher_is_better' ? 1 : -1;
}

function invalid(detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail }, { detail });
}

function checkPoint(p: unknown, where: string): asserts p is TimePoint {
  if (p === null || typeof p !== 'object') throw invalid(`${where} must be an object { t, value }`);
  const { t, value } = p as Record<string, unknown>;
  if (typeof t !== 'number' || !Number.isFinite(t)) throw invalid(`${where}.t must be a finite number, got ${String(t)}`);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(`${where}.value must be a finite number, got ${String(value)}`);
  }
}

/**
 * Rejects malformed input with a VitalsError naming the position (`series[2].value`).
 * Missing data is not malformed: it is simply absent from `series`.
 */
export function validateProgressInput(input: ProgressInput): void {
  if (input === null || typeof input !== 'object') throw invalid('progress input must be an object');
  if (input.polarity !== 'higher_is_better' && input.polarity !== 'lower_is_better') {
    throw invalid(`polarity must be higher_is_better or lower_is_better, got "${String(input.polarity)}"`);
  }
  if (!Array.isArray(input.series)) throw invalid('series must be an array of { t, value }');
  const seen = new Map<number, number>();
  input.series.forEach((p, i) => {
    checkPoint(p, `series[${i}]`);
    const earlier = seen.get(p.t);
    if (earlier !== undefined) throw invalid(`series[${i}] repeats time ${p.t} (also series[${earlier}])`);
    seen.set(p.t, i);
  });
  if (input.baseline !== undefined) checkPoint(input.baseline, 'baseline');
  if (input.target !== undefined) checkPoint(input.target, 'target');
  if (input.asOf !== undefined && !Number.isFinite(input.asOf)) throw invalid(`asOf must be a finite number, got ${input.asOf}`);
  if (input.limit !== undefined && !Number.isFinite(input.limit)) throw invalid(`limit must be a finite number, got ${input.limit}`);
}

/** The points a method works with; `start`/`current` are null when the data do not allow a judgement. */
export interface PreparedSeries {
  readonly d: 1 | -1;
  readonly observations: readonly TimePoint[];
  readonly start: TimePoint | null;
  readonly current: TimePoint | null;
  readonly target: TimePoint | null;
  /** Set when start or current is missing. */
  readonly unable?: LocalizedLabel;
}

/**
 * Sorts, applies `asOf`, and picks:
 * - `current`: the latest observation at or before `asOf`;
 * - `start`: the explicit baseline, or the earliest observation; with `windowYears`, the
 *   observation at `current.t − windowYears`, or the first one after it when that year is
 *   missing (the "next available year" rule of Statistics Canada).
 * `current` must be strictly later than `start`.
 */
export function prepareSeries(input: ProgressInput, options: { windowYears?: number | null } = {}): PreparedSeries {
  validateProgressInput(input);
  const d = directionOf(input.polarity);
  const asOf = input.asOf;
  const observations = [...input.series]
    .filter((p) => asOf === undefined || p.t <= asOf)
    .sort((a, b) => a.t - b.t)
    .map((p) => ({ t: p.t, value: p.value }));
  const target = input.target ? { t: input.target.t, value: input.target.value } : null;
  const current = observations.length > 0 ? observations[observations.length - 1]! : null;
  let start: TimePoint | null;
  if (options.windowYears != null && current) {
    const from = current.t - options.windowYears;
    start = observations.find((p) => p.t >= from && p.t < current.t) ?? null;
  } else if (input.baseline) {
    start = { t: input.baseline.t, value: input.baseline.value };
  } else {
    start = observations[0] ?? null;
  }
  const base = { d, observations, target };
  if (!current) {
    return { ...base, start, current: null, unable: { zh: '没有可用的观测值', en: 'no observation available' } };
  }
  if (!start) {
    return { ...base, start: null, current, unable: { zh: '评估期起点没有观测值', en: 'no observation at the start of the assessed period' } };
  }
  if (current.t <= start.t) {
    return {
      ...base,
      start,
      current: null,
      unable: { zh: '基线之后没有观测值（至少需要两个时点）', en: 'no observation after the baseline (two points in time are needed)' },
    };
  }
  return { ...base, start, current };
}

/** Compound annual growth rate from `a` to `b`: (b.value / a.value)^(1 / (b.t − a.t)) − 1. */
export function cagr(a: TimePoint, b: TimePoint): number {
  return Math.pow(b.value / a.value, 1 / (b.t - a.t)) - 1;
}

/** True when `value` meets `target` in the polarity's direction (ties meet). */
export function meets(value: number, target: number, d: 1 | -1): boolean {
  return d * (value - target) >= 0;
}

/** Linear change per year still needed from `current` to reach the target on time; null at or after the target year. */
export function annualChangeStillRequired(current: TimePoint, target: TimePoint | null): number | null {
  if (!target || target.t <= current.t) return null;
  return (target.value - current.value) / (target.t - current.t);
}

// ---------------------------------------------------------------- parameters

function badParam(method: string, detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `progress method "${method}": ${detail}` });
}

/** Rejects parameter names the method does not know (a typo must not silently fall back to a default). */
export function checkParamNames(method: string, raw: Readonly<Record<string, unknown>> | undefined, known: readonly string[]): Record<string, unknown> {
  const params = raw ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) throw badParam(method, 'parameters must be an object');
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw badParam(method, `unknown parameter "${key}" (known: ${known.join(', ') || 'none'})`);
  }
  return params as Record<string, unknown>;
}

/** A finite number parameter with a default and an allowed open/closed range. */
export function numberParam(
  method: string,
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  range: { min?: number; max?: number; minExclusive?: boolean } = {},
): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badParam(method, `${name} must be a finite number`);
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) {
    throw badParam(method, `${name} must be ${range.minExclusive ? '>' : '≥'} ${range.min}, got ${value}`);
  }
  if (range.max !== undefined && value > range.max) throw badParam(method, `${name} must be ≤ ${range.max}, got ${value}`);
  return value;
}

/** An optional positive window length in years (null = from the baseline). */
export function windowParam(method: string, params: Record<string, unknown>): number | null {
  const value = params.windowYears;
  if (value === undefined || value === null) return null;
  return numberParam(method, params, 'windowYears', 0, { min: 0, minExclusive: true });
}

/** One of the listed strings. */
export function enumParam<T extends string>(method: string, params: Record<string, unknown>, name: string, allowed: readonly T[], fallback: T): T {
  const value = params[name] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw badParam(method, `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

// ---------------------------------------------------------------- results

/** Builds the ordered category table of a method. */
export function categoryTable(entries: ReadonlyArray<[code: string, zh: string, en: string]>): readonly ProgressCategory[] {
  return entries.map(([code, zh, en], rank) => ({ code, rank, label: { zh, en } }));
}

export interface ResultParts {
  readonly variant: 'target' | 'no_target';
  readonly status: string;
  readonly score?: number | null;
  readonly measures?: Readonly<Record<string, number | boolean | null>>;
  readonly reason?: LocalizedLabel;
  readonly warnings?: readonly ProgressWarning[];
}

/** Assembles a result with full provenance from a method's identity, the prepared series and its verdict. */
export function buildResult(
  method: { name: string; version: string; categories: readonly ProgressCategory[] },
  params: object,
  input: ProgressInput,
  prepared: PreparedSeries,
  parts: ResultParts,
): ProgressResult {
  const unable = parts.status === UNABLE_TO_ASSESS;
  const category = method.categories.find((c) => c.code === parts.status);
  if (!unable && !category) throw new VitalsError('VITALS_E_INTERNAL', {}, { method: method.name, status: parts.status });
  const inputs: ProgressInputsUsed = {
    polarity: input.polarity,
    start: prepared.start,
    current: prepared.current,
    target: prepared.target,
    limit: input.limit ?? null,
    asOf: input.asOf ?? null,
    observations: prepared.observations,
  };
  return {
    method: method.name,
    methodVersion: method.version,
    params: { ...params },
    variant: parts.variant,
    status: parts.status,
    rank: category ? category.rank : -1,
    label: category ? category.label : { zh: '无法评估', en: 'unable to assess' },
    score: parts.score ?? null,
    measures: parts.measures ?? {},
    inputs,
    ...(parts.reason ? { reason: parts.reason } : {}),
    warnings: parts.warnings ?? [],
  };
}

/** Shorthand for an `unable_to_assess` result. */
export function unableResult(
  method: { name: string; version: string; categories: readonly ProgressCategory[] },
  params: object,
  input: ProgressInput,
  prepared: PreparedSeries,
  variant: 'target' | 'no_target',
  reason: LocalizedLabel,
  warnings: readonly ProgressWarning[] = [],
): ProgressResult {
  return buildResult(method, params, input, prepared, { variant, status: UNABLE_TO_ASSESS, reason, warnings });
}
