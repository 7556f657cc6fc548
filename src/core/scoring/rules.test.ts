import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { EMPTY_INPUT, type NormalizedInput } from './rule.js';
import { requireScoringRule, SCORING_RULES } from './rules/index.js';
import type { SchemeItem } from './types.js';

function item(over: Partial<SchemeItem>): SchemeItem {
  return {
    code: 'X',
    name: { zh: '指标', en: 'Indicator' },
    kind: 'indicator',
    indicator: 'X',
    points: 10,
    rule: 'linear',
    params: {},
    ...over,
  };
}
const input = (over: Partial<NormalizedInput>): NormalizedInput => ({ ...EMPTY_INPUT, ...over });

const imr = (params: Record<string, unknown>, points = 10) =>
  item({ name: { zh: '婴儿死亡率', en: 'Infant mortality' }, unit: { zh: '‰', en: '‰' }, polarity: 'lower_is_better', points, rule: 'linear', params });

describe('linear rule', () => {
  const rule = SCORING_RULES.linear;
  it.each([
    // lower is better, floor 5.0, target 3.8, 10 points: earned = 10 × (v − 5)/(3.8 − 5)
    [4.1, 7.5], // (4.1−5)/(−1.2) = 0.75 → 7.5
    [4.4, 5], // (−0.6)/(−1.2) = 0.5 → 5
    [5.0, 0], // at the floor
    [5.2, 0], // worse than the floor: clamped to 0
    [3.8, 10], // at the target
    [3.5, 10], // better than the target: clamped to 10
  ])('IMR %f‰ earns %f of 10', (value, expected) => {
    expect(rule.score(imr({ floor: 5, target: 3.8 }), input({ value })).earned).toBeCloseTo(expected, 9);
  });

  it.each([
    // higher is better, floor 20, target 29, 6 points
    [26, 4], // 6 × (26−20)/(29−20) = 6 × 6/9 = 4
    [24.5, 3], // 6 × 4.5/9 = 3
    [19, 0],
    [31, 6],
  ])('health literacy %f (percent) earns %f of 6', (value, expected) => {
    const it2 = item({ polarity: 'higher_is_better', points: 6, params: { floor: 20, target: 29 } });
    expect(rule.score(it2, input({ value })).earned).toBeCloseTo(expected, 9);
  });

  it('uses a region-specific target from the input', () => {
    // (4.1 − 5)/(4.0 − 5) = 0.9 → 9 of 10
    expect(rule.score(imr({ floor: 5, target: 3.8 }), input({ value: 4.1, target: 4.0 })).earned).toBeCloseTo(9, 9);
  });

  it('explains the lost points in both languages', () => {
    const outcome = rule.score(imr({ floor: 5, target: 3.8 }), input({ value: 4.1 }));
    expect(outcome.why.zh).toBe('婴儿死亡率 4.1‰，目标 ≤3.8‰（起评 5‰），按线性规则得 7.5/10 分');
    expect(outcome.why.en).toBe('Infant mortality 4.1‰ vs target ≤3.8‰ (floor 5‰): 7.5 of 10 points (linear rule)');
    expect(outcome.used).toMatchObject({ value: 4.1, floor: 5, target: 3.8 });
  });

  it('scores a missing value 0 and marks it missing', () => {
    const outcome = rule.score(imr({ floor: 5, target: 3.8 }), EMPTY_INPUT);
    expect(outcome).toMatchObject({ earned: 0, missing: true });
    expect(outcome.why.zh).toBe('婴儿死亡率 缺少数据，得 0.0/10 分');
  });
});

describe('full_if_met rule', () => {
  const rule = SCORING_RULES.full_if_met;
  const le = item({ name: { zh: '人均预期寿命', en: 'Life expectancy' }, unit: { zh: '岁', en: 'years' }, polarity: 'higher_is_better', points: 4, rule: 'full_if_met', params: { target: 78 } });
  it.each([
    [{ value: 78.3 }, 4], // 78.3 ≥ 78
    [{ value: 78 }, 4], // ≥ includes equality
    [{ value: 77.9 }, 0],
    [{ attained: true }, 4],
    [{ attained: false }, 0],
    [{ value: 77.9, target: 77.5 }, 4], // region target 77.5
  ])('%j earns %d of 4', (over, expected) => {
    expect(rule.score(le, input(over)).earned).toBe(expected);
  });

  it('honours a strict comparator and lower-is-better polarity', () => {
    expect(rule.score({ ...le, params: { target: 78, op: 'gt' } }, input({ value: 78 })).earned).toBe(0);
    const mmr = item({ polarity: 'lower_is_better', points: 5, rule: 'full_if_met', params: { target: 3.8 } });
    expect(rule.score(mmr, input({ value: 3.8 })).earned).toBe(5); // 3.8 ≤ 3.8
    expect(rule.score(mmr, input({ value: 3.81 })).earned).toBe(0);
  });

  it('explains in both languages, with a word unit spaced in English', () => {
    const outcome = rule.score(le, input({ value: 77.9 }));
    expect(outcome.why.zh).toBe('人均预期寿命 77.9岁，目标 ≥78岁，未达标，按达标得分规则得 0.0/4 分');
    expect(outcome.why.en).toBe('Life expectancy 77.9 years vs target ≥78 years: not met, 0.0 of 4 points (full-if-met rule)');
  });
});

describe('improvement rule', () => {
  const rule = SCORING_RULES.improvement;
  const exercise = (params: Record<string, unknown>, points = 3) => item({ polarity: 'higher_is_better', points, rule: 'improvement', params });
  it.each([
    // 1 point per percentage point, cap 3
    [{ mode: 'per_unit', pointsPerUnit: 1 }, 25.5, 24, 1.5], // Δ = 1.5 → 1.5
    [{ mode: 'per_unit', pointsPerUnit: 1 }, 28, 24, 3], // Δ = 4 → 4, capped at 3
    [{ mode: 'per_unit', pointsPerUnit: 1 }, 23, 24, 0], // worse: 0
    [{ mode: 'per_unit', pointsPerUnit: 0.5, unit: 0.5 }, 25.5, 24, 1.5], // 0.5 × 1.5/0.5 = 1.5
  ])('%j: %f after %f earns %f', (params, value, previous, expected) => {
    expect(rule.score(exercise(params), input({ value, previous })).earned).toBeCloseTo(expected, 9);
  });

  it('proportional mode reaches full points at fullAt', () => {
    // Δ = 1.5, fullAt 2, 4 points → 4 × 0.75 = 3
    expect(rule.score(exercise({ mode: 'proportional', fullAt: 2 }, 4), input({ value: 25.5, previous: 24 })).earned).toBeCloseTo(3, 9);
  });

  it('relative improvement of a lower-is-better indicator', () => {
    // IMR 5.0 → 4.5: improvement 0.5 = 10% of 5.0; fullAt 20% → 4 × 0.5 = 2
    const it2 = item({ polarity: 'lower_is_better', points: 4, rule: 'improvement', params: { mode: 'proportional', fullAt: 20, relative: true } });
    expect(rule.score(it2, input({ value: 4.5, previous: 5 })).earned).toBeCloseTo(2, 9);
    expect(rule.score(it2, input({ value: 4.5, previous: 0 }))).toMatchObject({ earned: 0, missing: true });
  });

  it('needs last year', () => {
    expect(rule.score(exercise({ mode: 'per_unit', pointsPerUnit: 1 }), input({ value: 25 }))).toMatchObject({ earned: 0, missing: true });
  });
});

describe('deterioration rule', () => {
  const rule = SCORING_RULES.deterioration;
  const worse = (params: Record<string, unknown>, points = 2) =>
    item({ name: { zh: '婴儿死亡率', en: 'Infant mortality' }, unit: { zh: '‰', en: '‰' }, polarity: 'lower_is_better', points, rule: 'deterioration', params });
  it.each([
    [{ mode: 'fixed' }, 5.2, 5.0, -2], // worse by 0.2 → the full 2 points
    [{ mode: 'fixed' }, 4.9, 5.0, 0], // better: nothing
    [{ mode: 'fixed' }, 5.0, 5.0, 0], // equal: nothing
    [{ mode: 'fixed', tolerance: 0.1 }, 5.1, 5.0, 0], // worse by 0.1 ≤ tolerance 0.1
    [{ mode: 'per_unit', pointsPerUnit: 1, unit: 0.1 }, 5.2, 5.0, -2], // 1 × 0.2/0.1 = 2
    [{ mode: 'per_unit', pointsPerUnit: 1, unit: 0.1 }, 5.5, 5.0, -2], // 1 × 0.5/0.1 = 5, capped at 2
  ])('%j: %f after %f earns %f', (params, value, previous, expected) => {
    expect(rule.score(worse(params), input({ value, previous })).earned).toBeCloseTo(expected, 9);
  });

  it('explains the deduction', () => {
    const why = rule.score(worse({ mode: 'fixed' }), input({ value: 5.2, previous: 5 })).why;
    expect(why.zh).toBe('婴儿死亡率 5.2‰，上年 5‰，退步 0.2‰，按退步扣分规则扣 2.0 分（上限 2 分）');
    expect(why.en).toBe('Infant mortality 5.2‰ vs 5‰ last year: worsened by 0.2‰, 2.0 points deducted (cap 2) (deterioration rule)');
  });
});

describe('bonus rule', () => {
  const rule = SCORING_RULES.bonus;
  const bonus = (params: Record<string, unknown>, points: number) => item({ kind: 'task', points, rule: 'bonus', params });
  it.each([
    [{ mode: 'flag' }, 2, { attained: true }, 2],
    [{ mode: 'flag' }, 2, { value: 0 }, 0],
    [{ mode: 'per_unit', pointsPerUnit: 0.5 }, 2, { value: 3 }, 1.5], // 3 × 0.5
    [{ mode: 'per_unit', pointsPerUnit: 0.5 }, 2, { value: 5 }, 2], // 2.5 capped at 2
    [{ mode: 'value' }, 3, { value: 2.5 }, 2.5],
    [{ mode: 'value' }, 3, { value: 4 }, 3],
  ])('%j (cap %d) with %j earns %f', (params, points, over, expected) => {
    expect(rule.score(bonus(params, points), input(over)).earned).toBeCloseTo(expected, 9);
  });

  it('no claim means no bonus and no missing-data warning', () => {
    expect(rule.score(bonus({ mode: 'flag' }, 2), EMPTY_INPUT)).toMatchObject({ earned: 0 });
    expect(rule.score(bonus({ mode: 'flag' }, 2), EMPTY_INPUT).missing).toBeUndefined();
  });
});

describe('veto rule', () => {
  const rule = SCORING_RULES.veto;
  const veto = (params: Record<string, unknown> = {}) => item({ kind: 'task', points: 0, rule: 'veto', params });
  it.each([
    [{}, { value: 1 }, true], // default: > 0 (any occurrence)
    [{}, { value: 0 }, false],
    [{ op: 'ge', threshold: 30 }, { value: 30 }, true],
    [{ op: 'ge', threshold: 30 }, { value: 29.9 }, false],
    [{}, { attained: false }, true], // baseline requirement not met
    [{}, { attained: true }, false],
  ])('%j with %j triggers: %s', (params, over, triggered) => {
    const outcome = rule.score(veto(params), input(over));
    expect(outcome.vetoTriggered).toBe(triggered);
    expect(outcome.earned).toBe(0);
  });

  it('missing data does not trigger but is flagged', () => {
    expect(rule.score(veto(), EMPTY_INPUT)).toMatchObject({ vetoTriggered: false, missing: true });
  });
});

describe('banded rule', () => {
  const rule = SCORING_RULES.banded;
  const bands = [
    { min: 95, points: 5 },
    { min: 90, max: 95, points: 3 },
    { min: 80, max: 90, points: 1 },
    { max: 80, points: 0 },
  ];
  const coverage = item({ unit: { zh: '%', en: '%' }, points: 5, rule: 'banded', params: { bands } });
  it.each([
    [96, 5],
    [95, 5], // min is inclusive
    [94.9, 3],
    [90, 3],
    [85, 1],
    [79.9, 0],
  ])('coverage %f (percent) earns %d', (value, expected) => {
    expect(rule.score(coverage, input({ value })).earned).toBe(expected);
  });

  it.each([
    // inclusive: max → (min, max]: "≤12 得6分, 12—15 得4分, 15—18 得2分, >18 不得分"
    [12, 6],
    [12.1, 4],
    [15, 4],
    [18, 2],
    [18.1, 0],
  ])('closed-max bands: MMR %f earns %d', (value, expected) => {
    const mmr = item({ unit: { zh: '/10万', en: 'per 100,000' }, polarity: 'lower_is_better', points: 6, rule: 'banded', params: { inclusive: 'max', bands: [{ max: 12, points: 6 }, { min: 12, max: 15, points: 4 }, { min: 15, max: 18, points: 2 }, { min: 18, points: 0 }] } });
    expect(rule.score(mmr, input({ value })).earned).toBe(expected);
  });

  it('shows closed-max bands as (min, max]', () => {
    const mmr = item({ name: { zh: '孕产妇死亡率', en: 'MMR' }, unit: { zh: '/10万', en: 'per 100,000' }, points: 6, rule: 'banded', params: { inclusive: 'max', bands: [{ max: 12, points: 6 }, { min: 12, max: 15, points: 4 }] } });
    expect(rule.score(mmr, input({ value: 12 })).why.zh).toBe('孕产妇死亡率 12/10万，落在 ≤12 档，按分档规则得 6.0/6 分');
    expect(rule.score(mmr, input({ value: 13 })).why.en).toBe('MMR 13 per 100,000 in band (12, 15]: 4.0 of 6 points (banded rule)');
  });

  it('a value in a gap earns 0 and says so', () => {
    const gappy = item({ points: 2, rule: 'banded', params: { bands: [{ min: 90, points: 2 }, { max: 80, points: 0 }] } });
    const outcome = rule.score(gappy, input({ value: 85 }));
    expect(outcome.earned).toBe(0);
    expect(outcome.why.en).toContain('in no scoring band');
  });
});

describe('rule registry', () => {
  it('has the seven rules', () => {
    expect(Object.keys(SCORING_RULES).sort()).toEqual(['banded', 'bonus', 'deterioration', 'full_if_met', 'improvement', 'linear', 'veto']);
  });

  it('rejects an unknown rule with VITALS_E_UNKNOWN_METHOD', () => {
    try {
      requireScoringRule('logistic');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VitalsError);
      expect((error as VitalsError).code).toBe('VITALS_E_UNKNOWN_METHOD');
      expect((error as VitalsError).params).toEqual({ kind: 'scoring rule', name: 'logistic' });
    }
  });
});
