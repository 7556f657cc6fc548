import { describe, expect, it } from 'vitest';
import type { GrowthBasis } from './growth.js';
import { nearLimitScaling, prepareGrowthRatio, requiredGrowthRatio } from './growth-ratio.js';
import { categoryTable, prepareSeries } from './series.js';
import type { ProgressInput, ProgressWarning } from './types.js';

const basis = (start: [number, number], current: [number, number], target: [number, number] | null, sign: 1 | -1 = 1): GrowthBasis => ({
  sign,
  start: { t: start[0], value: start[1] },
  current: { t: current[0], value: current[1] },
  target: target ? { t: target[0], value: target[1] } : null,
  replaced: [],
});

describe('requiredGrowthRatio', () => {
  it.each([
    // required = (121/100)^(1/2) − 1 = 0.1; R = 1·1·0.05 / 0.1 = 0.5
    ['positive series, higher is better', basis([0, 100], [1, 105], [2, 121]), 0.05, 1, 0.1, 0.5],
    // negative series: (−121/−100)^(1/2) − 1 = 0.1; R = s·d·g/|req| = (−1)(−1)(0.05)/0.1 = 0.5
    ['negative series (sign −1), lower is better', basis([0, -100], [1, -105], [2, -121], -1), 0.05, -1, 0.1, 0.5],
    // the value fell 5 % a year where 10 % rises were needed: R = −0.05/0.1 = −0.5
    ['moving away', basis([0, 100], [1, 95], [2, 121]), -0.05, 1, 0.1, -0.5],
  ] as const)('%s', (_label, b, observed, d, required, ratio) => {
    const r = requiredGrowthRatio(b, b.target!, observed, d);
    expect(r.required).toBeCloseTo(required, 12);
    expect(r.ratio).toBeCloseTo(ratio, 12);
  });

  it('has no ratio when the target equals the start value (required CAGR 0)', () => {
    const b = basis([0, 50], [1, 60], [5, 50]);
    expect(requiredGrowthRatio(b, b.target!, 0.2, 1)).toEqual({ required: 0, ratio: null });
  });
});

describe('nearLimitScaling', () => {
  const near = (start: number, limit: number, c: number) => `near ${start}/${limit}: C = ${c}`;

  it.each([
    // no limit: C = 1, nothing to say
    ['no limit', undefined, basis([0, 50], [1, 60], null), 1, []],
    // a negative limit for positive values cannot be approached: ignored
    ['limit of the other sign', -5, basis([0, 50], [1, 60], null), 1, ['limit -5 has the other sign than the values and was ignored']],
    // exponent 1: C = 1 − (b/L)^1 = 1 − 50/100 = 0.5
    ['halfway to a maximum', 100, basis([0, 50], [1, 60], null), 0.5, ['near 50/100: C = 0.5']],
    // start beyond the maximum: C = 0 with the "beyond" warning
    ['beyond the limit', 100, basis([0, 120], [1, 125], null), 0, ['base value 120 is beyond the natural limit 100; thresholds above 0 are reduced to 0']],
  ] as const)('%s', (_label, limit, b, factor, messages) => {
    const warnings: ProgressWarning[] = [];
    expect(nearLimitScaling(limit, b, 1, 1, warnings, near)).toBe(factor);
    expect(warnings.map((w) => w.message)).toEqual(messages);
    for (const w of warnings) expect(w.code).toBe('VITALS_W_NEAR_NATURAL_LIMIT');
  });
});

describe('prepareGrowthRatio', () => {
  const meta = { name: 'test', version: '0', categories: categoryTable([['ok', '好', 'ok']]) };
  const tooEarly = { zh: '太早', en: 'too early' };
  const run = (input: ProgressInput) => prepareGrowthRatio(meta, {}, input, prepareSeries(input), 0.001, tooEarly);

  it('replaces a zero start value, warns, and computes the observed CAGR from the replacement', () => {
    // start 0 → 0.001; CAGR over 1 year to 0.004 = 0.004/0.001 − 1 = 3
    const r = run({ series: [{ t: 2020, value: 0 }, { t: 2021, value: 0.004 }], polarity: 'higher_is_better' });
    if (!r.ok) throw new Error('expected a growth basis');
    expect(r.value.observed).toBeCloseTo(3, 12);
    expect(r.value.common).toEqual({ observedCagr: r.value.observed, sign: 1, zeroReplaced: true });
    expect(r.value.warnings).toEqual([{ code: 'VITALS_W_MISSING_DATA', message: 'start value 0 replaced by 0.001 for the growth-rate model' }]);
  });

  it('returns a finished unable_to_assess result with the method’s reason for a target not after the start', () => {
    const r = run({ series: [{ t: 2020, value: 10 }, { t: 2022, value: 12 }], polarity: 'higher_is_better', target: { t: 2020, value: 15 } });
    if (r.ok) throw new Error('expected unable');
    expect([r.result.status, r.result.variant, r.result.reason]).toEqual(['unable_to_assess', 'target', tooEarly]);
  });

  it('refuses mixed signs with the growth model’s reason', () => {
    const r = run({ series: [{ t: 2020, value: -1 }, { t: 2022, value: 2 }], polarity: 'higher_is_better' });
    if (r.ok) throw new Error('expected unable');
    expect(r.result.reason?.en).toMatch(/positive, or all negative/);
  });
});
