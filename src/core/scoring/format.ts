/**
 * Number formatting and text fragments for the bilingual "why" of every item score.
 * Kept in one place so every rule explains itself the same way.
 */
import type { BilingualText, SchemeItem } from './types.js';

export type Comparator = 'ge' | 'gt' | 'le' | 'lt';

/**
 * Rounds half away from zero to `decimals`. `toPrecision(15)` first removes binary noise
 * (1.005 × 100 = 100.49999999999999 would otherwise round down).
 */
export function roundTo(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  const rounded = (Math.sign(x) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded; // no -0 in outputs
}

/** A value as written: up to 4 decimals, trailing zeros dropped (4.1, 78.25, 0.0525). */
export function fmtNum(x: number): string {
  return String(roundTo(x, 4));
}

/** Points with one decimal, two when needed: 6.0, 7.5, 6.25. */
export function fmtPoints(x: number): string {
  const two = roundTo(x, 2);
  return Math.abs(two * 10 - Math.round(two * 10)) < 1e-9 ? two.toFixed(1) : two.toFixed(2);
}

export function opSymbol(op: Comparator): string {
  return { ge: '≥', gt: '>', le: '≤', lt: '<' }[op];
}

export function compare(value: number, op: Comparator, threshold: number): boolean {
  switch (op) {
    case 'ge':
      return value >= threshold;
    case 'gt':
      return value > threshold;
    case 'le':
      return value <= threshold;
    case 'lt':
      return value < threshold;
  }
}

/** Units made only of symbols (%, ‰) attach directly; word units get a space in English. */
function unitSuffix(item: SchemeItem, lang: 'zh' | 'en'): string {
  if (!item.unit) return '';
  const unit = item.unit[lang];
  if (unit === '') return '';
  return lang === 'en' && /[A-Za-z]/.test(unit) ? ` ${unit}` : unit;
}

/** `4.1‰`, `78.5岁` / `78.5 years`. */
export function valueText(item: SchemeItem, value: number, lang: 'zh' | 'en'): string {
  return `${fmtNum(value)}${unitSuffix(item, lang)}`;
}

/** An amount of change: percentages change by percentage points (`2.8个百分点`), other units as values. */
export function changeAmountText(item: SchemeItem, amount: number, lang: 'zh' | 'en'): string {
  if (item.unit?.zh === '%') return lang === 'zh' ? `${fmtNum(amount)}个百分点` : `${fmtNum(amount)} percentage points`;
  return valueText(item, amount, lang);
}

/** `6.0/10 分` / `6.0 of 10 points`. */
export function pointsText(earned: number, max: number, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? `${fmtPoints(earned)}/${fmtNum(max)} 分` : `${fmtPoints(earned)} of ${fmtNum(max)} points`;
}

export const RULE_LABELS: Readonly<Record<string, BilingualText>> = {
  full_if_met: { zh: '达标得分规则', en: 'full-if-met rule' },
  linear: { zh: '线性规则', en: 'linear rule' },
  improvement: { zh: '改善计分规则', en: 'improvement rule' },
  deterioration: { zh: '退步扣分规则', en: 'deterioration rule' },
  bonus: { zh: '加分规则', en: 'bonus rule' },
  veto: { zh: '一票否决', en: 'veto rule' },
  banded: { zh: '分档规则', en: 'banded rule' },
};

/** Joins zh fragments with Chinese commas and en fragments with the English layout `Name …: …`. */
export function explain(item: SchemeItem, zh: string, en: string): BilingualText {
  return { zh: `${item.name.zh}${zh}`, en: `${item.name.en}${en}` };
}

/** The explanation for an item without the data its rule needs. */
export function missingWhy(item: SchemeItem, what: BilingualText, max: number): BilingualText {
  return explain(item, ` 缺少${what.zh}，得 ${pointsText(0, max, 'zh')}`, `: no ${what.en}, ${pointsText(0, max, 'en')}`);
}

/** The reported value, showing a task status with the value it maps to: `已完成（100%）`. */
export function reportedText(item: SchemeItem, value: number, status: string | null, lang: 'zh' | 'en'): string {
  if (status === null) return valueText(item, value, lang);
  return lang === 'zh' ? `${status}（${valueText(item, value, 'zh')}）` : `${status} (${valueText(item, value, 'en')})`;
}
