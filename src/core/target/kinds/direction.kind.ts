/**
 * Direction only. `持续提升` (overall): the latest value is above the start of the period
 * (the baseline, or the first observation). `逐年下降` (each_year): every year-on-year step
 * moves the stated way. Strict: a flat series has not risen.
 */
import type { AttainmentNote, Bilingual, KindOutcome, ResolveContext, TargetTest } from '../attainment.types.js';
import { fmt } from '../format.js';
import { plainZero } from '../gap.js';
import type { EvaluationContext, TargetKindModule } from './kind.js';
import { notEvaluable } from './level.js';
import { seriesWindow } from './path.js';

type Direction = 'increase' | 'decrease';

export function directionTest(direction: Direction, strictness: 'overall' | 'each_year', rc: Pick<ResolveContext, 'baselineYear' | 'baselineValue'>, suffix?: Bilingual): TargetTest {
  const up = direction === 'increase';
  const from = rc.baselineValue === undefined
    ? { zh: '期初', en: 'the start of the period' }
    : rc.baselineYear === undefined
      ? { zh: `起点（${fmt(rc.baselineValue)}）`, en: `the start (${fmt(rc.baselineValue)})` }
      : { zh: `${rc.baselineYear}年（${fmt(rc.baselineValue)}）`, en: `${rc.baselineYear} (${fmt(rc.baselineValue)})` };
  const explanation = strictness === 'each_year'
    ? { zh: `逐年${up ? '上升' : '下降'}：每年都${up ? '高于' : '低于'}上一年`, en: `${up ? 'higher' : 'lower'} every year than the year before` }
    : { zh: `持续${up ? '上升' : '下降'}：${up ? '高于' : '低于'}${from.zh}`, en: `${up ? 'higher' : 'lower'} than ${from.en}` };
  return {
    type: 'series',
    check: strictness === 'each_year' ? 'each_year' : 'direction',
    direction,
    explanation: suffix ? { zh: explanation.zh + suffix.zh, en: explanation.en + suffix.en } : explanation,
  };
}

/** Judges a direction over the window; shared with qualitative targets that state one. */
export function evaluateDirection(ctx: EvaluationContext, direction: Direction, strictness: 'overall' | 'each_year', extra: readonly AttainmentNote[] = [], suffix?: Bilingual): KindOutcome {
  const window = seriesWindow(ctx, 2);
  const startHint = ctx.baseline?.value !== undefined ? { baselineYear: ctx.baseline.year, baselineValue: ctx.baseline.value } : {};
  if ('code' in window) return notEvaluable(directionTest(direction, strictness, startHint, suffix), window, { warnings: [...extra] });
  const { points } = window;
  const start = points[0]!;
  const end = points[points.length - 1]!;
  const sign = direction === 'increase' ? 1 : -1;
  // Shortfall of a move from a to b: positive when it went the wrong way, 0 when flat.
  const shortfall = (a: number, b: number) => (a - b) * sign;
  const steps = points.slice(1).map((p, i) => ({ from: points[i]!.year, to: p.year, change: p.value - points[i]!.value }));
  const gap = plainZero(strictness === 'each_year'
    ? Math.max(...points.slice(1).map((p, i) => shortfall(points[i]!.value, p.value)))
    : shortfall(start.value, end.value));
  const required = directionTest(direction, strictness, { baselineYear: start.year, baselineValue: start.value }, suffix);
  const failing = strictness === 'each_year' ? steps.filter((s) => s.change * sign <= 0).map((s) => `${s.from}→${s.to}`) : [];
  const warnings = [...extra, ...window.warnings];
  return {
    status: gap < 0 ? 'attained' : 'not_attained',
    valueUsed: end.value,
    valueYear: end.year,
    baseline: { year: start.year, value: start.value },
    required,
    gapAbsolute: gap,
    gapPercentOfRequiredChange: null,
    reason: null,
    warnings,
    inputsUsed: { points, steps, ...(failing.length ? { failingSteps: failing } : {}) },
  };
}

export const directionKind: TargetKindModule<'direction'> = {
  kind: 'direction',
  resolve: (spec, rc) => directionTest(spec.direction, spec.strictness, rc),
  evaluate: (spec, ctx) => evaluateDirection(ctx, spec.direction, spec.strictness),
};
