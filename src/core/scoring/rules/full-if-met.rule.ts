/**
 * `full_if_met` (达标得满分): all points when the target is met, none otherwise.
 *
 * Met = the reported `attained` flag when no value is given; otherwise `value op target`,
 * where `op` defaults to ≥ for higher-is-better and ≤ for lower-is-better items and the
 * target is the region's own target (input) or `params.target`.
 */
import { compare, explain, opSymbol, pointsText, reportedText, RULE_LABELS, valueText, missingWhy, type Comparator } from '../format.js';
import { checkEnumParam, checkKnownParams, checkNumberParam, numParam, type RuleOutcome, type ScoringRule } from '../rule.js';

const OPS: readonly Comparator[] = ['ge', 'gt', 'le', 'lt'];
const label = RULE_LABELS.full_if_met!;

export const fullIfMetRule: ScoringRule = {
  name: 'full_if_met',
  category: 'base',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['target', 'op'], diagnostics);
    checkNumberParam(params, 'target', diagnostics);
    const op = checkEnumParam(params, 'op', OPS, diagnostics);
    if (!op && !item.polarity) diagnostics.error('VITALS_E_INVALID_CONFIG', 'rule "full_if_met" needs the item\'s polarity or an explicit "op"');
  },

  checkInput(item, input, diagnostics) {
    if (input.value !== null && input.target === null && numParam(item.params, 'target') === undefined) {
      diagnostics.error('VITALS_E_INVALID_INPUT', 'a value was given but no target: set params.target in the scheme or a target column in the data');
    }
  },

  score(item, input): RuleOutcome {
    const op: Comparator = (item.params.op as Comparator | undefined) ?? (item.polarity === 'lower_is_better' ? 'le' : 'ge');
    const target = input.target ?? numParam(item.params, 'target') ?? null;
    if (input.value !== null && target !== null) {
      const met = compare(input.value, op, target);
      const earned = met ? item.points : 0;
      const zh = ` ${reportedText(item, input.value, input.status, 'zh')}，目标 ${opSymbol(op)}${valueText(item, target, 'zh')}，${met ? '已达标' : '未达标'}，按${label.zh}得 ${pointsText(earned, item.points, 'zh')}`;
      const en = ` ${reportedText(item, input.value, input.status, 'en')} vs target ${opSymbol(op)}${valueText(item, target, 'en')}: ${met ? 'met' : 'not met'}, ${pointsText(earned, item.points, 'en')} (${label.en})`;
      return { earned, used: { value: input.value, target, op, met }, why: explain(item, zh, en) };
    }
    if (input.attained !== null) {
      const met = input.attained;
      const earned = met ? item.points : 0;
      const zh = ` 报送${met ? '已达标' : '未达标'}，按${label.zh}得 ${pointsText(earned, item.points, 'zh')}`;
      const en = `: reported ${met ? 'met' : 'not met'}, ${pointsText(earned, item.points, 'en')} (${label.en})`;
      return { earned, used: { attained: met }, why: explain(item, zh, en) };
    }
    return { earned: 0, used: { value: null }, why: missingWhy(item, { zh: '数据', en: 'data' }, item.points), missing: true };
  },
};
