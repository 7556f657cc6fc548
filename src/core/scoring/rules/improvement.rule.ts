/**
 * `improvement` (较上年改善计分): points for improving on last year's value.
 *
 *   improvement Δ = s × (value − previous), s = +1 higher-is-better, −1 lower-is-better;
 *   with `relative: true`, Δ = 100 × s × (value − previous) / |previous| (percent of last year).
 *   per_unit:     earned = clamp(pointsPerUnit × Δ / unit, 0, points)
 *   proportional: earned = points × clamp(Δ / fullAt, 0, 1)
 *
 * No improvement (Δ ≤ 0) earns 0; worsening is penalised only by a separate `deterioration` item.
 */
import { changeAmountText, explain, fmtNum, missingWhy, pointsText, RULE_LABELS, valueText } from '../format.js';
import {
  checkBooleanParam,
  checkEnumParam,
  checkKnownParams,
  checkNumberParam,
  clamp,
  numParam,
  polaritySign,
  requirePolarity,
  strParam,
  type RuleOutcome,
  type ScoringRule,
} from '../rule.js';
import type { SchemeItem } from '../types.js';

const label = RULE_LABELS.improvement!;
type Mode = 'per_unit' | 'proportional';

/** The signed change "in the better direction": absolute, or percent of |previous| when relative. */
export function directedChange(item: SchemeItem, value: number, previous: number, relative: boolean): number | null {
  const change = polaritySign(item) * (value - previous);
  if (!relative) return change;
  if (previous === 0) return null;
  return (100 * change) / Math.abs(previous);
}

/** `0.8‰`, `2.8个百分点` (absolute) or `2.5%（相对上年）` (relative, percent of last year). */
export function directedChangeText(item: SchemeItem, change: number, relative: boolean, lang: 'zh' | 'en'): string {
  if (relative) return lang === 'zh' ? `${fmtNum(change)}%（相对上年）` : `${fmtNum(change)}% of last year`;
  return changeAmountText(item, change, lang);
}

export const improvementRule: ScoringRule = {
  name: 'improvement',
  category: 'base',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['mode', 'pointsPerUnit', 'unit', 'fullAt', 'relative'], diagnostics);
    requirePolarity(item, 'improvement', diagnostics);
    checkBooleanParam(params, 'relative', diagnostics);
    const mode = checkEnumParam<Mode>(params, 'mode', ['per_unit', 'proportional'], diagnostics, { required: true });
    if (mode === 'per_unit') {
      checkNumberParam(params, 'pointsPerUnit', diagnostics, { required: true, positive: true });
      checkNumberParam(params, 'unit', diagnostics, { positive: true });
    }
    if (mode === 'proportional') checkNumberParam(params, 'fullAt', diagnostics, { required: true, positive: true });
  },

  score(item, input): RuleOutcome {
    if (input.value === null || input.previous === null) {
      const what = input.value === null ? { zh: '本年数据', en: 'current value' } : { zh: '上年数据', en: "last year's value" };
      return { earned: 0, used: { value: input.value, previous: input.previous }, why: missingWhy(item, what, item.points), missing: true };
    }
    const relative = item.params.relative === true;
    const change = directedChange(item, input.value, input.previous, relative);
    const head = (lang: 'zh' | 'en') =>
      lang === 'zh'
        ? ` ${valueText(item, input.value!, 'zh')}，上年 ${valueText(item, input.previous!, 'zh')}`
        : ` ${valueText(item, input.value!, 'en')} vs ${valueText(item, input.previous!, 'en')} last year`;
    if (change === null) {
      const why = explain(item, `${head('zh')}，上年为 0，无法计算相对改善，得 ${pointsText(0, item.points, 'zh')}`, `${head('en')}: last year is 0, relative change undefined, ${pointsText(0, item.points, 'en')}`);
      return { earned: 0, used: { value: input.value, previous: input.previous }, why, missing: true };
    }
    const mode = strParam<Mode>(item.params, 'mode', 'per_unit');
    let earned: number;
    let used: Record<string, number | boolean>;
    if (mode === 'per_unit') {
      const perUnit = numParam(item.params, 'pointsPerUnit')!;
      const unit = numParam(item.params, 'unit') ?? 1;
      earned = clamp((perUnit * change) / unit, 0, item.points);
      used = { value: input.value, previous: input.previous, improvement: change, pointsPerUnit: perUnit, unit, relative };
    } else {
      const fullAt = numParam(item.params, 'fullAt')!;
      earned = item.points * clamp(change / fullAt, 0, 1);
      used = { value: input.value, previous: input.previous, improvement: change, fullAt, relative };
    }
    const improved = change > 0;
    const zh = `${head('zh')}，${improved ? `改善 ${directedChangeText(item, change, relative, 'zh')}` : '未改善'}，按${label.zh}得 ${pointsText(earned, item.points, 'zh')}`;
    const en = `${head('en')}: ${improved ? `improved by ${directedChangeText(item, change, relative, 'en')}` : 'no improvement'}, ${pointsText(earned, item.points, 'en')} (${label.en})`;
    return { earned, used, why: explain(item, zh, en) };
  },
};
