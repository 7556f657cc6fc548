/**
 * Small shared helpers: number display, bilingual comparator wording, coded notes.
 */
import type { AttainmentNote, Bilingual, TargetWarningCode } from './attainment.types.js';
import type { Comparator } from './types.js';

/**
 * Display a number for an explanation: no floating-point noise (0.1 + 0.2 shows as 0.3) and at
 * most 4 decimals (3 significant digits below 0.01). Result fields keep the exact value.
 */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const clean = Number(value.toPrecision(12));
  if (clean !== 0 && Math.abs(clean) < 0.01) return String(Number(clean.toPrecision(3)));
  return String(Number(clean.toFixed(4)));
}

const OP_WORDS: Record<Comparator, Bilingual> = {
  ge: { zh: '达到或超过', en: 'at least' },
  gt: { zh: '超过', en: 'more than' },
  le: { zh: '不高于', en: 'at most' },
  lt: { zh: '低于', en: 'less than' },
};

/** `达到或超过 7.5` / `at least 7.5`. */
export function opText(op: Comparator, threshold: number): Bilingual {
  return { zh: `${OP_WORDS[op].zh} ${fmt(threshold)}`, en: `${OP_WORDS[op].en} ${fmt(threshold)}` };
}

export function note(code: TargetWarningCode, zh: string, en: string): AttainmentNote {
  return { code, zh, en };
}

/** The comparator that mirrors `op` when every value is negated (≥ ↔ ≤, > ↔ <). */
export function mirrorOp(op: Comparator): Comparator {
  return ({ ge: 'le', gt: 'lt', le: 'ge', lt: 'gt' } as const)[op];
}

/** +1 when the comparator asks for higher values, −1 when it asks for lower ones. */
export function opDirection(op: Comparator): 1 | -1 {
  return op === 'ge' || op === 'gt' ? 1 : -1;
}

export function isStrict(op: Comparator): boolean {
  return op === 'gt' || op === 'lt';
}
