/**
 * `bonus` (加分项): points added on top of the base total.
 *
 *   flag:     earned = points when attained (or value > 0), else 0
 *   per_unit: earned = min(points, pointsPerUnit × value)      e.g. 每获 1 项国家级表彰加 0.5 分
 *   value:    earned = clamp(value, 0, points)                 the assessor states the bonus directly
 *
 * The sum of all bonus items is further capped by `Scheme.bonusCap` (see score.ts).
 * No input means no bonus claimed: 0 points, no warning.
 */
import { explain, fmtNum, fmtPoints, RULE_LABELS, valueText } from '../format.js';
import { checkEnumParam, checkKnownParams, checkNumberParam, clamp, numParam, strParam, type RuleOutcome, type ScoringRule } from '../rule.js';

const label = RULE_LABELS.bonus!;
type Mode = 'flag' | 'per_unit' | 'value';

export const bonusRule: ScoringRule = {
  name: 'bonus',
  category: 'bonus',
  version: '1',

  validate(params, _item, diagnostics) {
    checkKnownParams(params, ['mode', 'pointsPerUnit'], diagnostics);
    const mode = checkEnumParam<Mode>(params, 'mode', ['flag', 'per_unit', 'value'], diagnostics, { required: true });
    if (mode === 'per_unit') checkNumberParam(params, 'pointsPerUnit', diagnostics, { required: true, positive: true });
  },

  checkInput(_item, input, diagnostics) {
    if (input.value !== null && input.value < 0) diagnostics.error('VITALS_E_INVALID_INPUT', `a bonus value cannot be negative, got ${input.value}`);
  },

  score(item, input): RuleOutcome {
    const mode = strParam<Mode>(item.params, 'mode', 'flag');
    if (input.value === null && input.attained === null) {
      return { earned: 0, used: { claimed: false }, why: explain(item, '：未申报，不加分', ': not claimed, no bonus') };
    }
    let earned: number;
    let zhDetail: string;
    let enDetail: string;
    if (mode === 'flag') {
      const granted = input.value !== null ? input.value > 0 : input.attained === true;
      earned = granted ? item.points : 0;
      zhDetail = granted ? '符合加分条件' : '不符合加分条件';
      enDetail = granted ? 'qualifies' : 'does not qualify';
    } else if (mode === 'per_unit') {
      const perUnit = numParam(item.params, 'pointsPerUnit')!;
      const value = input.value ?? (input.attained ? 1 : 0);
      earned = Math.min(item.points, perUnit * value);
      zhDetail = `${valueText(item, value, 'zh')}，每单位加 ${fmtNum(perUnit)} 分`;
      enDetail = `${valueText(item, value, 'en')} at ${fmtNum(perUnit)} per unit`;
    } else {
      const value = input.value ?? 0;
      earned = clamp(value, 0, item.points);
      zhDetail = `核定加分 ${fmtNum(value)}`;
      enDetail = `${fmtNum(value)} awarded`;
    }
    const zh = `：${zhDetail}，按${label.zh}加 ${fmtPoints(earned)} 分（单项上限 ${fmtNum(item.points)} 分）`;
    const en = `: ${enDetail}, +${fmtPoints(earned)} points (item cap ${fmtNum(item.points)}) (${label.en})`;
    return { earned, used: { value: input.value, attained: input.attained, mode }, why: explain(item, zh, en) };
  },
};
