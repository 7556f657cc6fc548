/**
 * `linear` (线性得分): partial points between a floor (起评值, 0 points) and the target
 * (full points), clamped to [0, points]:
 *
 *   earned = points × clamp((value − floor) / (target − floor), 0, 1)
 *
 * The same formula serves both polarities because the floor lies on the "worse" side of
 * the target: below it when higher is better, above it when lower is better. Negating
 * value, floor and target and flipping the polarity therefore leaves the points unchanged.
 */
import { explain, missingWhy, opSymbol, pointsText, reportedText, RULE_LABELS, valueText } from '../format.js';
import { checkKnownParams, checkNumberParam, clamp, numParam, requirePolarity, type RuleOutcome, type ScoringRule } from '../rule.js';
import type { ScoredPolarity } from '../types.js';

const label = RULE_LABELS.linear!;

/** Why a floor/target pair is unusable for a polarity, or null when it is fine. */
export function linearRangeProblem(floor: number, target: number, polarity: ScoredPolarity): string | null {
  if (polarity === 'higher_is_better' && !(floor < target)) return `floor ${floor} must be below target ${target} for a higher-is-better item`;
  if (polarity === 'lower_is_better' && !(floor > target)) return `floor ${floor} must be above target ${target} for a lower-is-better item`;
  return null;
}

export const linearRule: ScoringRule = {
  name: 'linear',
  category: 'base',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['floor', 'target'], diagnostics);
    requirePolarity(item, 'linear', diagnostics);
    const floor = checkNumberParam(params, 'floor', diagnostics, { required: true });
    const target = checkNumberParam(params, 'target', diagnostics);
    if (floor !== undefined && target !== undefined && item.polarity) {
      const problem = linearRangeProblem(floor, target, item.polarity);
      if (problem) diagnostics.error('VITALS_E_INVALID_CONFIG', problem);
    }
  },

  checkInput(item, input, diagnostics) {
    const floor = numParam(item.params, 'floor')!;
    const target = input.target ?? numParam(item.params, 'target');
    if (target === undefined) {
      if (input.value !== null) diagnostics.error('VITALS_E_INVALID_INPUT', 'no target: set params.target in the scheme or a target column in the data');
      return;
    }
    const problem = linearRangeProblem(floor, target, item.polarity!);
    if (problem && input.target !== null) diagnostics.error('VITALS_E_INVALID_INPUT', `region target: ${problem}`);
  },

  score(item, input): RuleOutcome {
    if (input.value === null) return { earned: 0, used: { value: null }, why: missingWhy(item, { zh: '数据', en: 'data' }, item.points), missing: true };
    const floor = numParam(item.params, 'floor')!;
    const target = (input.target ?? numParam(item.params, 'target'))!;
    const fraction = clamp((input.value - floor) / (target - floor), 0, 1);
    const earned = item.points * fraction;
    const op = opSymbol(item.polarity === 'lower_is_better' ? 'le' : 'ge');
    const zh = ` ${reportedText(item, input.value, input.status, 'zh')}，目标 ${op}${valueText(item, target, 'zh')}（起评 ${valueText(item, floor, 'zh')}），按${label.zh}得 ${pointsText(earned, item.points, 'zh')}`;
    const en = ` ${reportedText(item, input.value, input.status, 'en')} vs target ${op}${valueText(item, target, 'en')} (floor ${valueText(item, floor, 'en')}): ${pointsText(earned, item.points, 'en')} (${label.en})`;
    return { earned, used: { value: input.value, floor, target, fraction }, why: explain(item, zh, en) };
  },
};
