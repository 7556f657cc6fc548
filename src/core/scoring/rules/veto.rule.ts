/**
 * `veto` (一票否决): a triggered veto forces the grade to the lowest band (and, if the
 * scheme's `vetoPolicy.zeroTotal` says so, the total to 0). The item earns no points.
 *
 * Triggered when the value satisfies `op threshold` (default `> 0`: any occurrence, e.g.
 * 发生重大公共卫生事件迟报瞒报 1 起), or, without a value, when `attained` is false (the
 * baseline requirement was not met). No input: not triggered, but the region is warned.
 */
import { compare, explain, fmtNum, opSymbol, reportedText, type Comparator } from '../format.js';
import { checkEnumParam, checkKnownParams, checkNumberParam, numParam, type RuleOutcome, type ScoringRule } from '../rule.js';

export const vetoRule: ScoringRule = {
  name: 'veto',
  category: 'veto',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['op', 'threshold'], diagnostics);
    checkEnumParam<Comparator>(params, 'op', ['ge', 'gt', 'le', 'lt'], diagnostics);
    checkNumberParam(params, 'threshold', diagnostics);
    if (item.points !== undefined && item.points !== 0) diagnostics.error('VITALS_E_INVALID_CONFIG', `a veto item carries no points (got ${item.points})`);
  },

  score(item, input): RuleOutcome {
    if (input.value !== null) {
      const op = (item.params.op as Comparator | undefined) ?? 'gt';
      const threshold = numParam(item.params, 'threshold') ?? 0;
      const triggered = compare(input.value, op, threshold);
      const condition = `${opSymbol(op)}${fmtNum(threshold)}`;
      const zh = ` ${reportedText(item, input.value, input.status, 'zh')}（否决条件 ${condition}），${triggered ? '触发一票否决' : '未触发一票否决'}`;
      const en = ` ${reportedText(item, input.value, input.status, 'en')} (veto when ${condition}): ${triggered ? 'veto triggered' : 'no veto'}`;
      return { earned: 0, used: { value: input.value, op, threshold, triggered }, why: explain(item, zh, en), vetoTriggered: triggered };
    }
    if (input.attained !== null) {
      const triggered = !input.attained;
      const zh = triggered ? '：报送未达到底线要求，触发一票否决' : '：报送已达到底线要求，未触发一票否决';
      const en = triggered ? ': reported the baseline requirement not met, veto triggered' : ': reported the baseline requirement met, no veto';
      return { earned: 0, used: { attained: input.attained, triggered }, why: explain(item, zh, en), vetoTriggered: triggered };
    }
    return { earned: 0, used: { triggered: false }, why: explain(item, '：缺少数据，按未触发一票否决处理', ': no data, treated as no veto'), missing: true, vetoTriggered: false };
  },
};
