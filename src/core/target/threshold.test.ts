import { describe, expect, it } from 'vitest';
import type { TargetTest } from './attainment.types.js';
import { thresholdOf } from './threshold.js';
import type { TargetSpec } from './types.js';

const text = { zh: '', en: '' };
const compare = (threshold: number): TargetTest => ({ type: 'compare', subject: 'value', op: 'le', threshold, explanation: text }) as unknown as TargetTest;

describe('thresholdOf', () => {
  it('takes the threshold of a numeric comparison: IMR ≤ 5.2‰ → 5.2', () => {
    expect(thresholdOf({ kind: 'threshold', op: 'le', value: 5.2 } as unknown as TargetSpec, compare(5.2))).toBe(5.2);
  });
  it('takes the middle of an interval: 78.5 ± 0.5 → (78 + 79) / 2 = 78.5', () => {
    expect(thresholdOf({ kind: 'approx', value: 78.5 } as unknown as TargetSpec, { type: 'interval', min: 78, max: 79, explanation: text } as unknown as TargetTest)).toBe(78.5);
  });
  it('takes the first numeric part of `all`, skipping a directional one', () => {
    const spec = { kind: 'all', parts: [{ kind: 'direction' }, { kind: 'threshold', op: 'ge', value: 80 }] } as unknown as TargetSpec;
    const test = { type: 'all', parts: [{ type: 'direction', explanation: text }, compare(80)], explanation: text } as unknown as TargetTest;
    expect(thresholdOf(spec, test)).toBe(80);
  });
  it('has none for a directional target ("keep improving")', () => {
    expect(thresholdOf({ kind: 'direction' } as unknown as TargetSpec, { type: 'direction', explanation: text } as unknown as TargetTest)).toBeNull();
  });
});
