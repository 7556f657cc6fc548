/**
 * `持续减缓`, `上升趋势减缓`, `增速下降`: the growth rate of the value keeps falling. Each
 * year-on-year growth rate r = (v − v_prev) / v_prev / years must be below the one before it, or
 * not positive at all (a value that stops rising has certainly slowed). Needs three values.
 * When the indicator is itself a growth rate, write `direction decrease each_year` instead.
 */
import type { TargetKindModule } from './kind.js';
import { notEvaluable, zeroBaselineNote } from './level.js';
import { seriesWindow } from './path.js';

const TEST = {
  type: 'series',
  check: 'slowing_growth',
  explanation: { zh: '增长率逐期减缓（每期增长率低于上一期，或不再增长）', en: 'the growth rate falls period after period (or growth stops)' },
} as const;

export const slowingGrowthKind: TargetKindModule<'slowing_growth'> = {
  kind: 'slowing_growth',
  resolve: () => TEST,
  evaluate: (_spec, ctx) => {
    const window = seriesWindow(ctx, 3);
    if ('code' in window) return notEvaluable(TEST, window);
    const { points } = window;
    const rates: { from: number; to: number; rate: number }[] = [];
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      if (a.value === 0) return notEvaluable(TEST, zeroBaselineNote(0), { warnings: window.warnings });
      rates.push({ from: a.year, to: b.year, rate: (b.value - a.value) / a.value / (b.year - a.year) });
    }
    const failing = rates.slice(1).filter((r, i) => r.rate > 0 && r.rate >= rates[i]!.rate);
    const end = points[points.length - 1]!;
    return {
      status: failing.length === 0 ? 'attained' : 'not_attained',
      valueUsed: end.value,
      valueYear: end.year,
      baseline: { year: points[0]!.year, value: points[0]!.value },
      required: TEST,
      gapAbsolute: null,
      gapPercentOfRequiredChange: null,
      reason: null,
      warnings: window.warnings,
      inputsUsed: { points, growthRates: rates, ...(failing.length ? { failingSteps: failing.map((r) => `${r.from}→${r.to}`) } : {}) },
    };
  },
};
