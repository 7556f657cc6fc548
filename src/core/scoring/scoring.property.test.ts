import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { miniScheme } from './__fixtures__/schemes.js';
import { EMPTY_INPUT, type NormalizedInput } from './rule.js';
import { SCORING_RULES } from './rules/index.js';
import { parseScheme } from './scheme.js';
import { scoreRegion } from './score.js';
import type { ItemInput, SchemeItem, ScoredPolarity } from './types.js';

const num = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const points = fc.double({ min: 0.5, max: 50, noNaN: true });
const polarity = fc.constantFrom<ScoredPolarity>('higher_is_better', 'lower_is_better');
const flip = (p: ScoredPolarity): ScoredPolarity => (p === 'higher_is_better' ? 'lower_is_better' : 'higher_is_better');
const input = (over: Partial<NormalizedInput>): NormalizedInput => ({ ...EMPTY_INPUT, ...over });
const item = (over: Partial<SchemeItem>): SchemeItem => ({ code: 'X', name: { zh: '指标', en: 'Indicator' }, kind: 'indicator', indicator: 'X', points: 10, rule: 'linear', params: {}, ...over });

/** A floor/target pair on the right sides for its polarity. */
const linearSetup = fc.tuple(num, num, points).filter(([a, b]) => Math.abs(a - b) > 1e-6).map(([a, b, p]) => {
  const pol: ScoredPolarity = a < b ? 'higher_is_better' : 'lower_is_better';
  return item({ polarity: pol, points: p, params: { floor: a, target: b } });
});

describe('linear rule properties', () => {
  it('stays within [0, points]', () => {
    fc.assert(
      fc.property(linearSetup, num, (it, value) => {
        const earned = SCORING_RULES.linear.score(it, input({ value })).earned;
        expect(earned).toBeGreaterThanOrEqual(0);
        expect(earned).toBeLessThanOrEqual(it.points);
      }),
    );
  });

  it('is monotone in the value, in the polarity direction', () => {
    fc.assert(
      fc.property(linearSetup, num, num, (it, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const atLo = SCORING_RULES.linear.score(it, input({ value: lo })).earned;
        const atHi = SCORING_RULES.linear.score(it, input({ value: hi })).earned;
        if (it.polarity === 'higher_is_better') expect(atHi).toBeGreaterThanOrEqual(atLo);
        else expect(atLo).toBeGreaterThanOrEqual(atHi);
      }),
    );
  });
});

describe('reversing polarity and negating values gives the same points', () => {
  it('linear', () => {
    fc.assert(
      fc.property(linearSetup, num, (it, value) => {
        const floor = it.params.floor as number;
        const target = it.params.target as number;
        const mirrored = { ...it, polarity: flip(it.polarity!), params: { floor: -floor, target: -target } };
        const a = SCORING_RULES.linear.score(it, input({ value })).earned;
        const b = SCORING_RULES.linear.score(mirrored, input({ value: -value })).earned;
        expect(b).toBeCloseTo(a, 9);
      }),
    );
  });

  it('full_if_met', () => {
    fc.assert(
      fc.property(polarity, num, num, points, (pol, value, target, p) => {
        const it = item({ rule: 'full_if_met', polarity: pol, points: p, params: { target } });
        const mirrored = { ...it, polarity: flip(pol), params: { target: -target } };
        expect(SCORING_RULES.full_if_met.score(mirrored, input({ value: -value })).earned).toBe(SCORING_RULES.full_if_met.score(it, input({ value })).earned);
      }),
    );
  });

  it.each([
    ['improvement', { mode: 'per_unit', pointsPerUnit: 1.5, unit: 0.5 }],
    ['improvement', { mode: 'proportional', fullAt: 7, relative: true }],
    ['deterioration', { mode: 'per_unit', pointsPerUnit: 2, tolerance: 0.3 }],
    ['deterioration', { mode: 'fixed', relative: true }],
  ] as const)('%s %j', (rule, params) => {
    fc.assert(
      fc.property(polarity, num, num, points, (pol, value, previous, p) => {
        const it = item({ rule, polarity: pol, points: p, params });
        const mirrored = { ...it, polarity: flip(pol) };
        const a = SCORING_RULES[rule].score(it, input({ value, previous })).earned;
        const b = SCORING_RULES[rule].score(mirrored, input({ value: -value, previous: -previous })).earned;
        expect(b).toBeCloseTo(a, 9);
      }),
    );
  });
});

describe('totals', () => {
  const scheme = parseScheme(miniScheme);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const regionInput = fc.record({
    IMR: maybe(fc.record({ value: fc.double({ min: 2, max: 7, noNaN: true }) })),
    LE: maybe(fc.record({ value: fc.double({ min: 74, max: 82, noNaN: true }) })),
    LEDGER: maybe(fc.record({ status: fc.constantFrom('已完成', '推进中', '未启动') })),
    IMR_WORSE: maybe(fc.record({ value: fc.double({ min: 2, max: 7, noNaN: true }), previous: fc.double({ min: 2, max: 7, noNaN: true }) })),
    AWARD: maybe(fc.record({ attained: fc.boolean() })),
    EXTRA: maybe(fc.record({ value: fc.double({ min: 0, max: 5, noNaN: true }) })),
    SAFETY: maybe(fc.record({ value: fc.constantFrom(0, 1) })),
  });
  const clean = (items: Record<string, ItemInput | undefined>) => Object.fromEntries(Object.entries(items).filter(([, v]) => v !== undefined)) as Record<string, ItemInput>;

  it('total = max(0, sum of item points) with the bonus capped, or 0 when a veto zeroes it', () => {
    for (const zeroTotal of [false, true]) {
      const s = parseScheme({ ...miniScheme, vetoPolicy: { zeroTotal } });
      fc.assert(
        fc.property(regionInput, (items) => {
          const score = scoreRegion(s, { region: 'r', items: clean(items) });
          const sum = score.items.reduce((acc, i) => acc + i.earned, 0);
          const expected = score.vetoed && zeroTotal ? 0 : Math.max(0, sum);
          expect(score.total).toBeCloseTo(expected, 5);
          expect(score.bonus).toBeLessThanOrEqual(3 + 1e-9);
          expect(score.base).toBeLessThanOrEqual(scheme.totalPoints + 1e-9);
          for (const it of score.items) {
            if (it.category === 'base') expect(it.earned).toBeGreaterThanOrEqual(0), expect(it.earned).toBeLessThanOrEqual(it.max);
            if (it.category === 'deduction') expect(it.earned).toBeGreaterThanOrEqual(-it.points), expect(it.earned).toBeLessThanOrEqual(0);
          }
          expect(score.dimensions.reduce((acc, d) => acc + d.earned, 0)).toBeCloseTo(sum, 5);
          if (score.vetoed) expect(score.grade).toBe('fail');
        }),
      );
    }
  });

  it('an item never earns more when its value gets worse', () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 7, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (imr, worse) => {
        const better = scoreRegion(scheme, { region: 'r', items: { IMR: { value: imr } } }).total;
        const worseTotal = scoreRegion(scheme, { region: 'r', items: { IMR: { value: imr + worse } } }).total;
        expect(worseTotal).toBeLessThanOrEqual(better + 1e-9);
      }),
    );
  });
});
