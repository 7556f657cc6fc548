/**
 * A change every year: `力争每年降低0.5个百分点以上`. The implied level for year t is
 * baseline + amount × (t − baselineYear) (absolute) or baseline × (1 + amount)^(t − baselineYear)
 * (relative, compounded). The baseline comes from the target (or the series in its year).
 */
import { fmt, note } from '../format.js';
import { amountText, changeTest } from './change.kind.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel, missingBaseline, zeroBaseline } from './level.js';

export const annualChangeKind: TargetKindModule<'annual_change'> = {
  kind: 'annual_change',
  resolve: (spec, rc) => {
    const { baselineYear, baselineValue: b } = rc;
    if (baselineYear === undefined || b === undefined) return missingBaseline(baselineYear);
    const years = rc.year - baselineYear;
    if (years < 0) {
      const reason = note('VITALS_W_MISSING_DATA', `评估年份 ${rc.year} 早于基期 ${baselineYear}`, `the evaluation year ${rc.year} precedes the baseline year ${baselineYear}`);
      return { type: 'none', reason, explanation: { zh: reason.zh, en: reason.en } };
    }
    if (spec.mode === 'relative' && b <= 0) return zeroBaseline(b);
    const target = spec.mode === 'absolute' ? b + spec.amount * years : b * (1 + spec.amount) ** years;
    const words = amountText(spec.amount, spec.mode);
    const prefix = {
      zh: `自${baselineYear}年（${fmt(b)}）起每年${words.zh}，${years}年后为 ${fmt(target)}，`,
      en: `${words.en} a year from ${baselineYear} (${fmt(b)}) over ${years} years = ${fmt(target)}: `,
    };
    return changeTest({ target, change: target - b, prefix }, spec.amount, spec.comparison, undefined, rc);
  },
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => annualChangeKind.resolve(spec, rc)),
};
