/**
 * `同比例提高`: the region's relative change since the baseline year keeps pace with the
 * reference indicator's (times `ratio`, default 1), over the same years:
 * threshold = baseline × (1 + ratio × referenceChange).
 */
import { fmt, note, opText } from '../format.js';
import { valueAt } from '../series.js';
import { pickCommonYear } from './benchmark.kind.js';
import { clampTest } from './change.kind.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel, missingBaseline, noneTest, zeroBaseline, zeroBaselineNote } from './level.js';

export const proportionalKind: TargetKindModule<'proportional'> = {
  kind: 'proportional',
  resolve: (spec, rc) => {
    const b = rc.baselineYear === undefined || rc.baselineYear === spec.baselineYear ? rc.baselineValue : undefined;
    if (b === undefined) return missingBaseline(spec.baselineYear);
    if (b <= 0) return zeroBaseline(b);
    const change = rc.referenceChange;
    if (change === undefined) {
      return noneTest(note('VITALS_W_MISSING_DATA', `缺少参照指标 ${spec.referenceIndicator} 的变化幅度`, `the change of the reference indicator ${spec.referenceIndicator} is unknown`));
    }
    const ratio = spec.ratio ?? 1;
    const threshold = b * (1 + ratio * change);
    const op = rc.polarity === 'lower_is_better' ? 'le' : 'ge';
    const words = opText(op, threshold);
    const pct = `${change >= 0 ? '+' : '−'}${fmt(Math.abs(change) * 100)}%`;
    const times = ratio === 1 ? '' : ` × ${fmt(ratio)}`;
    return clampTest(
      {
        type: 'compare', subject: 'value', op, threshold,
        explanation: {
          zh: `与${spec.referenceIndicator}同比例变化（${pct}${times}），较${spec.baselineYear}年（${fmt(b)}）：${words.zh}`,
          en: `change in proportion to ${spec.referenceIndicator} (${pct}${times}) from ${spec.baselineYear} (${fmt(b)}): ${words.en}`,
        },
      },
      rc.bounds,
    );
  },
  evaluate: (spec, ctx) => {
    const reference = ctx.references.get(spec.referenceIndicator) ?? [];
    return evaluateLevel(ctx, (rc) => proportionalKind.resolve(spec, rc), {
      baselineYear: spec.baselineYear,
      pick: (c) => {
        const label = { zh: `参照指标 ${spec.referenceIndicator}`, en: `the reference indicator ${spec.referenceIndicator}` };
        const referenceBase = valueAt(reference, spec.baselineYear);
        if (referenceBase === undefined) {
          return note('VITALS_W_MISSING_DATA', `${label.zh}缺少${spec.baselineYear}年基期值`, `${label.en} has no value for the baseline year ${spec.baselineYear}`);
        }
        if (referenceBase <= 0) return zeroBaselineNote(referenceBase);
        const picked = pickCommonYear(c, reference, label);
        if ('code' in picked) return picked;
        const current = picked.inputsUsed!.otherValue as number;
        const referenceChange = (current - referenceBase) / referenceBase;
        return {
          ...picked,
          extras: { referenceChange },
          inputsUsed: {
            reference: { indicator: spec.referenceIndicator, baseline: { year: spec.baselineYear, value: referenceBase }, current: { year: picked.year, value: current }, change: referenceChange },
          },
        };
      },
    });
  },
};
