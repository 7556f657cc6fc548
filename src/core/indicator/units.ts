/**
 * Units that imply a scale factor. Chinese statistical tables write rates as `%`, `‰`,
 * `1/10万` (per 100,000) and `1/万`; a ratio indicator in such a unit must multiply by that
 * factor, and a mismatch (unit ‰ with factor 100) is almost always an authoring slip.
 */
import type { IndicatorFactor } from './types.js';

export const INDICATOR_FACTORS: readonly IndicatorFactor[] = [1, 100, 1000, 10000, 100000];

const UNIT_FACTORS: ReadonlyArray<readonly [IndicatorFactor, readonly string[]]> = [
  [100, ['%', 'percent', '百分比']],
  [1000, ['‰', '1/千', '/千', '每千', 'per 1,000', 'per 1000']],
  [10000, ['1/万', '/万', '每万', '‱', 'per 10,000', 'per 10000']],
  [100000, ['1/10万', '/10万', '每10万', '1/100000', 'per 100,000', 'per 100000']],
];

function fold(unit: string): string {
  return unit.normalize('NFKC').replace(/[\s,]+/g, '').toLowerCase();
}

const LOOKUP = new Map<string, IndicatorFactor>(UNIT_FACTORS.flatMap(([factor, units]) => units.map((u) => [fold(u), factor] as const)));

/**
 * The factor a unit implies, or `undefined` for units that imply none (岁, 人, 张, 个).
 * Accepts full-width forms (`％`) and ignores spaces.
 * @example unitFactor('1/10万') === 100000; unitFactor('‰') === 1000; unitFactor('岁') === undefined
 */
export function unitFactor(unit: string): IndicatorFactor | undefined {
  return LOOKUP.get(fold(unit));
}
