/**
 * What a value may be, read from its data element's unit: percentages lie in 0–100, rates per
 * thousand or 100,000 are never negative, 0/1 flags are 0 or 1, and counts of people, beds,
 * institutions… are whole numbers ≥ 0. Units that say nothing (元, 万亿元, '') allow any
 * finite number.
 */
import type { ErrorCode } from '../../core/errors.js';
import { unitFactor } from '../../core/indicator/index.js';

export interface ValueRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer: boolean;
  /** Only these values (0/1 flags). */
  readonly oneOf?: readonly number[];
  /** The unit is a percentage, so `23.5%` and `23.5` mean the same. */
  readonly percent: boolean;
}

/** Units that count things: whole numbers, never negative. */
export const COUNT_UNITS: readonly string[] = [
  '人', '个', '所', '家', '名', '种', '张', '床', '剂次', '人次', '例', '次', '户', '辆', '台', '项', '座', '支', '件', '位', '间',
];
/** Units of quantities that cannot be negative but need not be whole. */
const NON_NEGATIVE_UNITS = ['岁', '年', '小时', '天', '分钟', '平方米', '公里', '千克', 'kg', 'km'];

function fold(unit: string): string {
  return unit.normalize('NFKC').replace(/\s+/g, '');
}

/** The rule a unit implies. */
export function ruleForUnit(unit: string): ValueRule {
  const u = fold(unit);
  if (u === '%') return { min: 0, max: 100, integer: false, percent: true };
  if (u === '0/1') return { integer: true, oneOf: [0, 1], percent: false };
  const factor = unitFactor(u);
  if (factor === 1000) return { min: 0, max: 1000, integer: false, percent: false };
  if (factor !== undefined) return { min: 0, integer: false, percent: false };
  if (COUNT_UNITS.includes(u)) return { min: 0, integer: true, percent: false };
  if (NON_NEGATIVE_UNITS.includes(u.toLowerCase())) return { min: 0, integer: false, percent: false };
  return { integer: false, percent: false };
}

export type RuleCheck =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: Record<string, unknown> };

function rangeText(rule: ValueRule): string {
  if (rule.oneOf) return rule.oneOf.join(' / ');
  if (rule.min !== undefined && rule.max !== undefined) return `${rule.min}–${rule.max}`;
  if (rule.min !== undefined) return `≥ ${rule.min}`;
  return `≤ ${rule.max}`;
}

/**
 * Check a parsed number against its element's unit. `shown` is the cell as written (for
 * the message); `percent` says whether it carried a `%`.
 */
export function checkValue(value: number, percent: boolean, element: { readonly code: string; readonly unit: string }, shown: string): RuleCheck {
  const rule = ruleForUnit(element.unit);
  if (percent && !rule.percent) {
    return { ok: false, code: 'VITALS_E_VALUE_UNEXPECTED_PERCENT', params: { value: shown, element: element.code, unit: element.unit || '—' } };
  }
  const outside =
    (rule.oneOf !== undefined && !rule.oneOf.includes(value)) ||
    (rule.min !== undefined && value < rule.min) ||
    (rule.max !== undefined && value > rule.max);
  if (outside) return { ok: false, code: 'VITALS_E_VALUE_OUT_OF_RANGE', params: { value: shown, range: rangeText(rule), unit: element.unit || '—' } };
  if (rule.integer && !Number.isInteger(value)) {
    return { ok: false, code: 'VITALS_E_VALUE_NOT_INTEGER', params: { value: shown, unit: element.unit } };
  }
  return { ok: true, value };
}
