/**
 * Structural checks of a `TargetSpec` (typically read from JSON): every problem is reported
 * into a `Diagnostics` collector so that an author sees all mistakes at once.
 */
import { Diagnostics } from '../diagnostics.js';
import { REGION_LEVELS } from '../region/types.js';
import type { TargetSpec } from './types.js';

const KINDS = new Set([
  'threshold', 'approx', 'range', 'change', 'annual_change', 'maintain', 'direction', 'slowing_growth',
  'achieve', 'proportional', 'benchmark', 'coverage', 'count', 'all', 'qualitative',
]);
const COMPARATORS = ['ge', 'gt', 'le', 'lt'];
const CHANGE_MODES = ['absolute', 'relative'];
const AMOUNT_COMPARISONS = ['at_least', 'at_most', 'about'];
const SUB_LEVELS: readonly string[] = [...REGION_LEVELS, 'unit'];

type Check = (record: Record<string, unknown>, d: Diagnostics) => void;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function requireFinite(r: Record<string, unknown>, field: string, d: Diagnostics): boolean {
  if (finite(r[field])) return true;
  d.error('VITALS_E_INVALID_TARGET', `${field} must be a finite number, got ${JSON.stringify(r[field]) ?? 'nothing'}`);
  return false;
}

function requireOneOf(r: Record<string, unknown>, field: string, allowed: readonly string[], d: Diagnostics, optional = false): void {
  const value = r[field];
  if (optional && value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    d.error('VITALS_E_INVALID_TARGET', `${field} must be one of ${allowed.join('|')}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
}

function requireNonNegative(r: Record<string, unknown>, field: string, d: Diagnostics, optional = false): void {
  if (optional && r[field] === undefined) return;
  if (requireFinite(r, field, d) && (r[field] as number) < 0) d.error('VITALS_E_INVALID_TARGET', `${field} must be ≥ 0`);
}

function requireYear(r: Record<string, unknown>, field: string, d: Diagnostics): void {
  const value = r[field];
  if (!Number.isInteger(value) || (value as number) < 1900 || (value as number) > 2200) {
    d.error('VITALS_E_INVALID_TARGET', `${field} must be a year (integer 1900–2200), got ${JSON.stringify(value) ?? 'nothing'}`);
  }
}

function requireText(r: Record<string, unknown>, field: string, d: Diagnostics): void {
  if (typeof r[field] !== 'string' || (r[field] as string).trim() === '') {
    d.error('VITALS_E_INVALID_TARGET', `${field} must be a non-empty string`);
  }
}

const CHECKS: Record<string, Check> = {
  threshold: (r, d) => { requireOneOf(r, 'op', COMPARATORS, d); requireFinite(r, 'value', d); },
  count: (r, d) => { requireOneOf(r, 'op', COMPARATORS, d); requireFinite(r, 'value', d); },
  approx: (r, d) => {
    requireFinite(r, 'value', d);
    requireNonNegative(r, 'tolerance', d);
    requireOneOf(r, 'toleranceMode', CHANGE_MODES, d, true);
  },
  range: (r, d) => {
    const ok = requireFinite(r, 'min', d) && requireFinite(r, 'max', d);
    for (const flag of ['minInclusive', 'maxInclusive']) {
      if (r[flag] !== undefined && typeof r[flag] !== 'boolean') d.error('VITALS_E_INVALID_TARGET', `${flag} must be true or false`);
    }
    if (!ok) return;
    const [min, max] = [r.min as number, r.max as number];
    if (min > max) d.error('VITALS_E_INVALID_TARGET', `min (${min}) must be ≤ max (${max})`);
    if (min === max && (r.minInclusive === false || r.maxInclusive === false)) {
      d.error('VITALS_E_INVALID_TARGET', `the range [${min}, ${max}] with an open end is empty`);
    }
  },
  change: (r, d) => {
    requireYear(r, 'baselineYear', d);
    requireOneOf(r, 'mode', CHANGE_MODES, d);
    requireOneOf(r, 'comparison', AMOUNT_COMPARISONS, d);
    requireNonNegative(r, 'tolerance', d, true);
    if (requireFinite(r, 'amount', d) && r.mode === 'relative' && (r.amount as number) < -1) {
      d.error('VITALS_E_INVALID_TARGET', `a relative change cannot fall below −100 % (amount ${String(r.amount)})`);
    }
  },
  annual_change: (r, d) => {
    requireOneOf(r, 'mode', CHANGE_MODES, d);
    requireOneOf(r, 'comparison', AMOUNT_COMPARISONS, d);
    if (requireFinite(r, 'amount', d) && r.mode === 'relative' && (r.amount as number) <= -1) {
      d.error('VITALS_E_INVALID_TARGET', `a yearly relative change must be above −100 % (amount ${String(r.amount)})`);
    }
  },
  maintain: (r, d) => {
    requireOneOf(r, 'reference', ['baseline', 'previous_year'], d);
    requireNonNegative(r, 'tolerance', d);
    requireOneOf(r, 'toleranceMode', CHANGE_MODES, d, true);
  },
  direction: (r, d) => {
    requireOneOf(r, 'direction', ['increase', 'decrease'], d);
    requireOneOf(r, 'strictness', ['overall', 'each_year'], d);
  },
  slowing_growth: () => undefined,
  achieve: () => undefined,
  proportional: (r, d) => {
    requireText(r, 'referenceIndicator', d);
    requireYear(r, 'baselineYear', d);
    if (r.ratio !== undefined && (!finite(r.ratio) || r.ratio <= 0)) d.error('VITALS_E_INVALID_TARGET', 'ratio must be a number > 0');
  },
  benchmark: (r, d) => {
    requireText(r, 'benchmarkRegion', d);
    requireOneOf(r, 'relation', ['reach', 'better', 'below', 'above'], d);
  },
  coverage: (r, d) => {
    requireOneOf(r, 'subLevel', SUB_LEVELS, d);
    if (requireFinite(r, 'share', d) && ((r.share as number) <= 0 || (r.share as number) > 1)) {
      d.error('VITALS_E_INVALID_TARGET', `share must be in (0, 1], got ${String(r.share)}`);
    }
    if (r.perUnit !== undefined && (!finite(r.perUnit) || r.perUnit <= 0)) d.error('VITALS_E_INVALID_TARGET', 'perUnit must be a number > 0');
  },
  qualitative: (r, d) => requireOneOf(r, 'direction', ['increase', 'decrease'], d, true),
  all: (r, d) => {
    if (!Array.isArray(r.parts) || r.parts.length === 0) {
      d.error('VITALS_E_INVALID_TARGET', 'parts must be a non-empty list of target specs');
      return;
    }
    r.parts.forEach((part, i) => checkSpec(part, d.inContext(`parts[${i}]`)));
  },
};

function checkSpec(spec: unknown, d: Diagnostics): void {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    d.error('VITALS_E_INVALID_TARGET', 'a target spec must be an object with a "kind"');
    return;
  }
  const record = spec as Record<string, unknown>;
  if (typeof record.kind !== 'string' || !KINDS.has(record.kind)) {
    d.error('VITALS_E_UNKNOWN_METHOD', `unknown target kind ${JSON.stringify(record.kind) ?? 'nothing'}`);
    return;
  }
  CHECKS[record.kind]!(record, d);
}

/**
 * Checks a target spec's structure: finite numbers, min ≤ max, tolerance ≥ 0, share in (0, 1],
 * non-empty `all.parts`, known enums. Problems go to `diagnostics`; nothing is thrown.
 * @returns true when this spec added no error.
 * @example
 * const d = new Diagnostics(['targets.csv row 3']);
 * if (!validateTargetSpec(JSON.parse(cell), d)) d.throwIfAny('VITALS_E_INVALID_TARGET');
 */
export function validateTargetSpec(spec: unknown, diagnostics: Diagnostics): spec is TargetSpec {
  // A private collector decides validity: the shared one drops repeated messages.
  const own = new Diagnostics();
  checkSpec(spec, own);
  checkSpec(spec, diagnostics);
  return !own.hasErrors();
}
