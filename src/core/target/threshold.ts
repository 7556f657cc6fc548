import type { TargetTest } from './attainment.types.js';
import type { TargetSpec } from './types.js';

/** Kinds whose resolved test carries one number worth drawing as "the target" on a chart. */
const NUMERIC_KINDS = new Set(['threshold', 'approx', 'change', 'annual_change', 'count']);

/**
 * The single numeric target of a resolved test: the threshold of a comparison, the middle of an
 * interval, the first numeric part of `all`; null for directional and qualitative kinds.
 */
export function thresholdOf(spec: TargetSpec, test: TargetTest): number | null {
  if (spec.kind === 'all' && test.type === 'all') {
    for (let i = 0; i < spec.parts.length; i++) {
      const value = thresholdOf(spec.parts[i]!, test.parts[i]!);
      if (value !== null) return value;
    }
    return null;
  }
  if (!NUMERIC_KINDS.has(spec.kind)) return null;
  if (test.type === 'compare' && test.subject === 'value') return test.threshold;
  if (test.type === 'interval') return (test.min + test.max) / 2;
  return null;
}
