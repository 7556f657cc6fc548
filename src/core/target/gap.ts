/**
 * Applying a resolved level test (`compare` or `interval`) to a value, and the two gap
 * measures. Signs are chosen so that a positive gap always means "short of the target".
 */
import type { AttainmentNote, TargetTest } from './attainment.types.js';
import { fmt, note, opDirection } from './format.js';

export type LevelTest = Extract<TargetTest, { type: 'compare' | 'interval' }>;

/** Does `value` pass the test? Exactly at a strict threshold does not pass. */
export function passes(test: LevelTest, value: number): boolean {
  if (test.type === 'compare') {
    switch (test.op) {
      case 'ge': return value >= test.threshold;
      case 'gt': return value > test.threshold;
      case 'le': return value <= test.threshold;
      case 'lt': return value < test.threshold;
    }
  }
  const aboveMin = test.minInclusive ? value >= test.min : value > test.min;
  const belowMax = test.maxInclusive ? value <= test.max : value < test.max;
  return aboveMin && belowMax;
}

/**
 * Signed distance to the target: compare → (threshold − value) in the test's direction;
 * interval → distance outside the interval, or minus the margin to the nearer edge inside it.
 */
export function gapOf(test: LevelTest, value: number): number {
  if (test.type === 'compare') return plainZero((test.threshold - value) * opDirection(test.op));
  if (value < test.min) return test.min - value;
  if (value > test.max) return value - test.max;
  return plainZero(-Math.min(value - test.min, test.max - value));
}

/** −0 reads as a bug in a report; show 0. */
export function plainZero(value: number): number {
  return value === 0 ? 0 : value;
}

/**
 * The change the baseline needed to meet the test, in the test's direction: the gap of the
 * baseline. Zero or negative means the baseline already met it.
 */
export function requiredChangeOf(test: LevelTest, baseline: number): number {
  return gapOf(test, baseline);
}

export interface GapPercent {
  readonly value: number | null;
  readonly warning?: AttainmentNote;
}

/**
 * gap% = gapAbsolute / requiredChange × 100, where requiredChange is the baseline's own gap:
 * 100 % = no progress since the baseline, 0 % = exactly on target, < 0 = beyond it.
 */
export function gapPercent(test: LevelTest, value: number, baseline: number | undefined): GapPercent {
  if (baseline === undefined) return { value: null };
  const required = requiredChangeOf(test, baseline);
  if (required <= 0) {
    return {
      value: null,
      warning: note(
        'VITALS_W_MET_AT_BASELINE',
        `基期值 ${fmt(baseline)} 已达到目标，“差距占所需变化的百分比”没有意义`,
        `the baseline ${fmt(baseline)} already met the target, so the gap as % of the required change is not meaningful`,
      ),
    };
  }
  return { value: plainZero((gapOf(test, value) / required) * 100) };
}
