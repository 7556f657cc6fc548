/**
 * `27左右`, `70左右`: about a value. For an indicator with a polarity the tolerance softens the
 * bar on the worse side only — overshooting in the better direction still attains (plans write
 * 左右 to soften a bar, not to cap improvement). A neutral indicator gets the two-sided interval.
 */
import type { Polarity } from '../../indicator/types.js';
import type { Bilingual, TargetTest } from '../attainment.types.js';
import { fmt, opText } from '../format.js';
import type { TargetKindModule } from './kind.js';
import { evaluateLevel } from './level.js';

/** Share of the stated amount used as tolerance when a wording says 左右 without one. */
export const DEFAULT_ABOUT_TOLERANCE = 0.05;

/**
 * The test for "about `target` ± `tolerance`": `side` +1 → at least target − tolerance,
 * −1 → at most target + tolerance, 0 → within the interval.
 */
export function aboutTest(target: number, tolerance: number, side: 1 | -1 | 0, prefix: Bilingual): TargetTest {
  const tol = `±${fmt(tolerance)}`;
  if (side === 0) {
    const [min, max] = [target - tolerance, target + tolerance];
    return {
      type: 'interval', min, max, minInclusive: true, maxInclusive: true,
      explanation: { zh: `${prefix.zh}约 ${fmt(target)}（${tol}），即在 ${fmt(min)}～${fmt(max)} 之间`, en: `${prefix.en}about ${fmt(target)} (${tol}): between ${fmt(min)} and ${fmt(max)}` },
    };
  }
  const op = side > 0 ? 'ge' : 'le';
  const threshold = side > 0 ? target - tolerance : target + tolerance;
  const words = opText(op, threshold);
  return {
    type: 'compare', subject: 'value', op, threshold,
    explanation: { zh: `${prefix.zh}约 ${fmt(target)}（${tol}），即${words.zh}`, en: `${prefix.en}about ${fmt(target)} (${tol}): ${words.en}` },
  };
}

export function polaritySide(polarity: Polarity): 1 | -1 | 0 {
  return polarity === 'higher_is_better' ? 1 : polarity === 'lower_is_better' ? -1 : 0;
}

export const approxKind: TargetKindModule<'approx'> = {
  kind: 'approx',
  resolve: (spec, rc) => {
    const tolerance = spec.toleranceMode === 'relative' ? spec.tolerance * Math.abs(spec.value) : spec.tolerance;
    return aboutTest(spec.value, tolerance, polaritySide(rc.polarity), { zh: '', en: '' });
  },
  evaluate: (spec, ctx) => evaluateLevel(ctx, (rc) => approxKind.resolve(spec, rc)),
};
