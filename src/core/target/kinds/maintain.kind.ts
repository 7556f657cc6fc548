/**
 * `保持稳定`: stay within a tolerance of the reference — the baseline, or the previous year's
 * value. Two-sided: a big move either way is not "stable".
 */
import type { TargetTest } from '../attainment.types.js';
import { fmt, note } from '../format.js';
import { valueAt } from '../series.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel, missingBaseline, pickLatest } from './level.js';

/** Tolerance the wording parser gives 保持稳定 when none is stated: ±2 % of the reference. */
export const DEFAULT_MAINTAIN_TOLERANCE = 0.02;

export const maintainKind: TargetKindModule<'maintain'> = {
  kind: 'maintain',
  resolve: (spec, rc): TargetTest => {
    const previous = spec.reference === 'previous_year';
    const ref = previous ? rc.previousValue : rc.baselineValue;
    if (ref === undefined) {
      if (!previous) return missingBaseline(rc.baselineYear);
      const reason = note('VITALS_W_MISSING_DATA', '缺少上一年的值', 'no value for the previous year');
      return { type: 'none', reason, explanation: { zh: reason.zh, en: reason.en } };
    }
    const tol = spec.toleranceMode === 'relative' ? spec.tolerance * Math.abs(ref) : spec.tolerance;
    const [min, max] = [ref - tol, ref + tol];
    const what = previous ? { zh: '上一年', en: 'the previous year' } : { zh: `基期${rc.baselineYear ?? ''}年`, en: `the baseline${rc.baselineYear ? ` ${rc.baselineYear}` : ''}` };
    return {
      type: 'interval', min, max, minInclusive: true, maxInclusive: true,
      explanation: {
        zh: `保持在${what.zh}（${fmt(ref)}）±${fmt(tol)} 以内，即 ${fmt(min)}～${fmt(max)}`,
        en: `stay within ±${fmt(tol)} of ${what.en} (${fmt(ref)}): between ${fmt(min)} and ${fmt(max)}`,
      },
    };
  },
  evaluate: (spec, ctx) =>
    evaluateLevel(ctx, (rc) => maintainKind.resolve(spec, rc), {
      pick: (c) => {
        const picked = pickLatest(c);
        if ('code' in picked || spec.reference !== 'previous_year') return picked;
        const previousValue = valueAt(c.series, picked.year - 1);
        return previousValue === undefined ? picked : { ...picked, extras: { previousValue }, inputsUsed: { previous: { year: picked.year - 1, value: previousValue } } };
      },
    }),
};
