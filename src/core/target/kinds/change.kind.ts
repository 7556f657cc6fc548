/**
 * Change from a baseline: `在2020年基础上继续提高1岁左右` (absolute, about),
 * `比2015年降低30%` (relative, at least). The implied level for the year is
 * baseline + amount (absolute) or baseline × (1 + amount) (relative).
 */
import type { Bilingual, ResolveContext, TargetTest } from '../attainment.types.js';
import { fmt, opText } from '../format.js';
import type { AmountComparison, ChangeMode } from '../types.js';
import { aboutTest, DEFAULT_ABOUT_TOLERANCE, polaritySide } from './approx.kind.js';
import type { TargetKindModule } from './kind.js';
import { clampToBounds, evaluateLevel, missingBaseline, zeroBaseline } from './level.js';

/** Keeps an implied `compare` threshold inside the natural limits (see `clampToBounds`). */
export function clampTest(test: TargetTest, bounds: ResolveContext['bounds']): TargetTest {
  if (test.type !== 'compare') return test;
  const clamped = clampToBounds(test.op, test.threshold, bounds);
  if (clamped.notes.length === 0) return test;
  const words = opText(clamped.op, clamped.threshold);
  return {
    ...test,
    op: clamped.op,
    threshold: clamped.threshold,
    explanation: { zh: `${test.explanation.zh}；受自然界限约束：${words.zh}`, en: `${test.explanation.en}; within natural limits: ${words.en}` },
    notes: [...(test.notes ?? []), ...clamped.notes],
  };
}

export interface ImpliedChange {
  readonly target: number;
  /** The whole change asked for (signed), in value units, used for the default 左右 tolerance. */
  readonly change: number;
  readonly prefix: Bilingual;
}

/** Builds the test for an implied target level reached by a change of sign `amount`. */
export function changeTest(
  implied: ImpliedChange,
  amount: number,
  comparison: AmountComparison,
  tolerance: number | undefined,
  rc: ResolveContext,
): TargetTest {
  // The stated direction decides the side; a zero amount falls back to the polarity.
  const dir = amount > 0 ? 1 : amount < 0 ? -1 : polaritySide(rc.polarity);
  if (comparison === 'about' || dir === 0) {
    const tol = tolerance ?? DEFAULT_ABOUT_TOLERANCE * Math.abs(implied.change);
    return clampTest(aboutTest(implied.target, tol, dir, implied.prefix), rc.bounds);
  }
  const op = (comparison === 'at_least') === dir > 0 ? 'ge' : 'le';
  const words = opText(op, implied.target);
  return clampTest(
    { type: 'compare', subject: 'value', op, threshold: implied.target, explanation: { zh: `${implied.prefix.zh}即${words.zh}`, en: `${implied.prefix.en}${words.en}` } },
    rc.bounds,
  );
}

export function amountText(amount: number, mode: ChangeMode): Bilingual {
  const size = mode === 'relative' ? `${fmt(Math.abs(amount) * 100)}%` : fmt(Math.abs(amount));
  return { zh: `${amount >= 0 ? '提高' : '降低'}${size}`, en: `${amount >= 0 ? '+' : '−'}${size}` };
}

export const changeKind: TargetKindModule<'change'> = {
  kind: 'change',
  resolve: (spec, rc) => {
    // A baseline stated for another year is not this change's baseline.
    const b = rc.baselineYear === undefined || rc.baselineYear === spec.baselineYear ? rc.baselineValue : undefined;
    if (b === undefined) return missingBaseline(spec.baselineYear);
    if (spec.mode === 'relative' && b <= 0) return zeroBaseline(b);
    const target = spec.mode === 'absolute' ? b + spec.amount : b * (1 + spec.amount);
    const words = amountText(spec.amount, spec.mode);
    const prefix = { zh: `较${spec.baselineYear}年（${fmt(b)}）${words.zh}，`, en: `${words.en} from ${spec.baselineYear} (${fmt(b)}): ` };
    // A relative tolerance is a share of the baseline, like the amount itself.
    const tolerance = spec.tolerance === undefined ? undefined : spec.mode === 'relative' ? spec.tolerance * b : spec.tolerance;
    return changeTest({ target, change: target - b, prefix }, spec.amount, spec.comparison, tolerance, rc);
  },
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => changeKind.resolve(spec, rc), { baselineYear: spec.baselineYear }),
};
