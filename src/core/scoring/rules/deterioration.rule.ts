/**
 * `deterioration` (较上年退步扣分): deductions when the value worsens on last year.
 *
 *   worsening W = −Δ, with Δ the directed change of the improvement rule (absolute, or
 *   percent of |previous| when `relative: true`);
 *   W ≤ tolerance → no deduction;
 *   fixed:    earned = −points
 *   per_unit: earned = −min(points, pointsPerUnit × W / unit)
 *
 * The item's points are the ceiling of the deduction (扣完为止); it adds nothing to the maximum.
 */
import { explain, fmtNum, fmtPoints, RULE_LABELS, valueText } from '../format.js';
import { checkBooleanParam, checkEnumParam, checkKnownParams, checkNumberParam, numParam, requirePolarity, strParam, type RuleOutcome, type ScoringRule } from '../rule.js';
import { directedChange, directedChangeText } from './improvement.rule.js';

const label = RULE_LABELS.deterioration!;
type Mode = 'fixed' | 'per_unit';

export const deteriorationRule: ScoringRule = {
  name: 'deterioration',
  category: 'deduction',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['mode', 'pointsPerUnit', 'unit', 'tolerance', 'relative'], diagnostics);
    requirePolarity(item, 'deterioration', diagnostics);
    checkBooleanParam(params, 'relative', diagnostics);
    checkNumberParam(params, 'tolerance', diagnostics, { nonNegative: true });
    const mode = checkEnumParam<Mode>(params, 'mode', ['fixed', 'per_unit'], diagnostics, { required: true });
    if (mode === 'per_unit') {
      checkNumberParam(params, 'pointsPerUnit', diagnostics, { required: true, positive: true });
      checkNumberParam(params, 'unit', diagnostics, { positive: true });
    }
  },

  score(item, input): RuleOutcome {
    if (input.value === null || input.previous === null) {
      const zh = ` 缺少${input.value === null ? '本年' : '上年'}数据，无法判断是否退步，不扣分`;
      const en = `: no ${input.value === null ? 'current' : "last year's"} value, deterioration not assessed, no deduction`;
      return { earned: 0, used: { value: input.value, previous: input.previous }, why: explain(item, zh, en), missing: true };
    }
    const relative = item.params.relative === true;
    const change = directedChange(item, input.value, input.previous, relative);
    const head = {
      zh: ` ${valueText(item, input.value, 'zh')}，上年 ${valueText(item, input.previous, 'zh')}`,
      en: ` ${valueText(item, input.value, 'en')} vs ${valueText(item, input.previous, 'en')} last year`,
    };
    if (change === null) {
      const why = explain(item, `${head.zh}，上年为 0，无法计算相对变化，不扣分`, `${head.en}: last year is 0, relative change undefined, no deduction`);
      return { earned: 0, used: { value: input.value, previous: input.previous }, why, missing: true };
    }
    const worsening = -change;
    const tolerance = numParam(item.params, 'tolerance') ?? 0;
    const used = { value: input.value, previous: input.previous, worsening, tolerance, relative };
    if (worsening <= tolerance) {
      const zh = worsening > 0 ? `${head.zh}，退步 ${directedChangeText(item, worsening, relative, 'zh')} 未超过容差 ${fmtNum(tolerance)}，不扣分` : `${head.zh}，未退步，不扣分`;
      const en = worsening > 0 ? `${head.en}: worsened by ${directedChangeText(item, worsening, relative, 'en')}, within tolerance ${fmtNum(tolerance)}, no deduction` : `${head.en}: no deterioration, no deduction`;
      return { earned: 0, used, why: explain(item, zh, en) };
    }
    const mode = strParam<Mode>(item.params, 'mode', 'fixed');
    const deduction =
      mode === 'fixed' ? item.points : Math.min(item.points, ((numParam(item.params, 'pointsPerUnit') ?? 0) * worsening) / (numParam(item.params, 'unit') ?? 1));
    const zh = `${head.zh}，退步 ${directedChangeText(item, worsening, relative, 'zh')}，按${label.zh}扣 ${fmtPoints(deduction)} 分（上限 ${fmtNum(item.points)} 分）`;
    const en = `${head.en}: worsened by ${directedChangeText(item, worsening, relative, 'en')}, ${fmtPoints(deduction)} points deducted (cap ${fmtNum(item.points)}) (${label.en})`;
    return { earned: -deduction, used, why: explain(item, zh, en) };
  },
};
