/**
 * The consistency check of the aggregate table: stored rows against a full recomputation, to
 * the tolerance docs/methods/aggregation.md sets (numbers to 1e-9 relative, counts exactly,
 * missing children as a set).
 */
import { aggregateKey, type AggregateRow } from '../../storage/repositories/aggregate.repository.js';

export interface AggregateMismatch {
  readonly key: string;
  /** `row` when the whole row is missing or extra. */
  readonly field: string;
  readonly stored: unknown;
  readonly expected: unknown;
}

const NUMBERS = ['value', 'numerator', 'denominator', 'weightedSum', 'weightSum', 'completeness'] as const;
const EXACT = [
  'rule', 'lastPeriod', 'childrenExpected', 'childrenContributing', 'leavesExpected', 'leavesContributing',
  'periodsExpected', 'periodsContributing', 'leafLevel', 'reason',
] as const;

/** Equal within 1e-9 relative (absolute near zero); nulls equal only nulls. */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function sameSet(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

/** Every difference between stored and expected rows, in key order. */
export function compareRows(stored: readonly AggregateRow[], expected: readonly AggregateRow[]): AggregateMismatch[] {
  const byKey = new Map(stored.map((r) => [aggregateKey(r), r]));
  const out: AggregateMismatch[] = [];
  for (const e of expected) {
    const key = aggregateKey(e);
    const s = byKey.get(key);
    byKey.delete(key);
    if (!s) {
      out.push({ key, field: 'row', stored: null, expected: 'present' });
      continue;
    }
    for (const f of NUMBERS) if (!sameNumber(s[f], e[f])) out.push({ key, field: f, stored: s[f], expected: e[f] });
    for (const f of EXACT) if (s[f] !== e[f]) out.push({ key, field: f, stored: s[f], expected: e[f] });
    const [sm, em] = [s.detail?.missing ?? [], e.detail?.missing ?? []];
    if (!sameSet(sm, em)) out.push({ key, field: 'missing', stored: sm, expected: em });
  }
  for (const [key] of byKey) out.push({ key, field: 'row', stored: 'present', expected: null });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
