/**
 * The one interface every item scoring rule implements, plus helpers to read and
 * validate rule parameters. Rules are registered in `rules/index.ts`.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { BilingualText, ItemCategory, SchemeItem, ScoringRuleName, ScoredPolarity, UsedValues } from './types.js';

/** An item input after status mapping; `null` = not reported. */
export interface NormalizedInput {
  readonly value: number | null;
  readonly attained: boolean | null;
  readonly previous: number | null;
  readonly target: number | null;
  readonly status: string | null;
}

export const EMPTY_INPUT: NormalizedInput = { value: null, attained: null, previous: null, target: null, status: null };

export interface RuleOutcome {
  /** Points: in [0, points] for base/bonus rules, in [-points, 0] for deductions, 0 for vetoes. */
  readonly earned: number;
  readonly used: UsedValues;
  readonly why: BilingualText;
  /** The rule lacked the data it needs; the region is warned. */
  readonly missing?: boolean;
  readonly vetoTriggered?: boolean;
}

/** The part of an item a rule's validation may look at (points may still be unresolved). */
export interface ItemDraft {
  readonly code: string;
  readonly kind: SchemeItem['kind'];
  readonly points: number | undefined;
  readonly polarity: ScoredPolarity | undefined;
}

export interface ScoringRule {
  readonly name: ScoringRuleName;
  readonly category: ItemCategory;
  /** Bumped whenever the rule's arithmetic changes, so stored results say which version made them. */
  readonly version: string;
  /** Checks `params` and item-level settings, pushing every problem into `diagnostics`. */
  validate(params: Readonly<Record<string, unknown>>, item: ItemDraft, diagnostics: Diagnostics): void;
  /** Checks one region's input against the item (e.g. a region target on the wrong side of the floor). */
  checkInput?(item: SchemeItem, input: NormalizedInput, diagnostics: Diagnostics): void;
  score(item: SchemeItem, input: NormalizedInput): RuleOutcome;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Unknown parameter names are errors: a typo (`flor`) would otherwise silently change a score. */
export function checkKnownParams(params: Readonly<Record<string, unknown>>, allowed: readonly string[], diagnostics: Diagnostics): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) diagnostics.error('VITALS_E_INVALID_CONFIG', `unknown parameter "${key}" (allowed: ${allowed.join(', ') || 'none'})`);
  }
}

export function checkNumberParam(
  params: Readonly<Record<string, unknown>>,
  key: string,
  diagnostics: Diagnostics,
  options: { required?: boolean; positive?: boolean; nonNegative?: boolean } = {},
): number | undefined {
  const raw = params[key];
  if (raw === undefined || raw === null) {
    if (options.required) diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" is required`);
    return undefined;
  }
  if (!isFiniteNumber(raw)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" must be a number, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  if (options.positive && raw <= 0) diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" must be > 0, got ${raw}`);
  if (options.nonNegative && raw < 0) diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" must be ≥ 0, got ${raw}`);
  return raw;
}

export function checkEnumParam<T extends string>(
  params: Readonly<Record<string, unknown>>,
  key: string,
  allowed: readonly T[],
  diagnostics: Diagnostics,
  options: { required?: boolean } = {},
): T | undefined {
  const raw = params[key];
  if (raw === undefined || raw === null) {
    if (options.required) diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" is required (one of ${allowed.join(', ')})`);
    return undefined;
  }
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  return raw as T;
}

export function checkBooleanParam(params: Readonly<Record<string, unknown>>, key: string, diagnostics: Diagnostics): void {
  const raw = params[key];
  if (raw !== undefined && typeof raw !== 'boolean') diagnostics.error('VITALS_E_INVALID_CONFIG', `parameter "${key}" must be true or false`);
}

export function requirePolarity(item: ItemDraft, rule: string, diagnostics: Diagnostics): void {
  if (!item.polarity) diagnostics.error('VITALS_E_INVALID_CONFIG', `rule "${rule}" needs the item's polarity (higher_is_better or lower_is_better)`);
}

/** Reads a parameter already checked by `validate` (score time). */
export function numParam(params: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const raw = params[key];
  return isFiniteNumber(raw) ? raw : undefined;
}

export function strParam<T extends string>(params: Readonly<Record<string, unknown>>, key: string, fallback: T): T {
  const raw = params[key];
  return typeof raw === 'string' ? (raw as T) : fallback;
}

/** +1 when higher is better, −1 when lower is better: multiplies a change into "improvement". */
export function polaritySign(item: SchemeItem): 1 | -1 {
  return item.polarity === 'lower_is_better' ? -1 : 1;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
