/**
 * Reproduces the UNDP Human Development Index from published inputs with the published method:
 * goalposts life expectancy 20–85, expected schooling 0–18, mean schooling 0–15, GNI per capita
 * (PPP $) 100–75,000 on a log scale; education = arithmetic mean of its two indices; HDI =
 * geometric mean of the three dimension indices (UNDP, HDR technical notes, since HDR 2014).
 * Values above the maximum goalpost are capped at 1 (expected schooling capped at 18 years,
 * GNI at $75,000).
 */
import { describe, expect, it } from 'vitest';
import { parseIndexConfig } from './config.js';
import { computeIndex } from './pipeline.js';
import type { Observation } from './types.js';

const hdi = parseIndexConfig({
  id: 'undp-hdi',
  indicators: [
    { code: 'LE', direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [20, 85], clamp: true } },
    { code: 'EYS', direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [0, 18], clamp: true } },
    { code: 'MYS', direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [0, 15], clamp: true } },
    { code: 'GNI', direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [100, 75000], log: true, clamp: true } },
  ],
  structure: {
    code: 'HDI',
    aggregation: 'geometric',
    children: [
      { code: 'health', children: ['LE'] },
      { code: 'education', aggregation: 'arithmetic', children: ['EYS', 'MYS'] },
      { code: 'income', children: ['GNI'] },
    ],
  },
});

// HDR 2015, statistical annex Table 1 "Human Development Index and its components" (data for
// 2014, GNI in 2011 PPP $): country, published HDI, LE, EYS, MYS, GNI.
const HDR2015: Array<[string, number, number, number, number, number]> = [
  ['Norway', 0.944, 81.6, 17.5, 12.6, 64992],
  ['Australia', 0.935, 82.4, 20.2, 13.0, 42261],
  ['Switzerland', 0.930, 83.0, 15.8, 12.8, 56431],
  ['Denmark', 0.923, 80.2, 18.7, 12.7, 44025],
  ['Netherlands', 0.922, 81.6, 17.9, 11.9, 45435],
  ['Germany', 0.916, 80.9, 16.5, 13.1, 43919],
  ['Ireland', 0.916, 80.9, 18.6, 12.2, 39568],
  ['United States', 0.915, 79.1, 16.5, 12.9, 52947],
  ['Canada', 0.913, 82.0, 15.9, 13.0, 42155],
  ['New Zealand', 0.913, 81.8, 19.2, 12.5, 32689],
  ['Singapore', 0.912, 83.0, 15.4, 10.6, 76628],
  ['Hong Kong, China (SAR)', 0.910, 84.0, 15.6, 11.2, 53959],
  ['Liechtenstein', 0.908, 80.0, 15.0, 11.8, 79851],
  ['Sweden', 0.907, 82.2, 15.8, 12.1, 45636],
  ['United Kingdom', 0.907, 80.7, 16.2, 13.1, 39267],
  ['Iceland', 0.899, 82.6, 19.0, 10.6, 35182],
  ['Korea (Republic of)', 0.898, 81.9, 16.9, 11.9, 33890],
  ['Israel', 0.894, 82.4, 16.0, 12.5, 30676],
  ['Luxembourg', 0.892, 81.7, 13.9, 11.7, 58711],
  ['Japan', 0.891, 83.5, 15.3, 11.5, 36927],
  ['Belgium', 0.890, 80.8, 16.3, 11.3, 41187],
  ['France', 0.888, 82.2, 16.0, 11.1, 38056],
  ['Austria', 0.885, 81.4, 15.7, 10.8, 43869],
  ['Finland', 0.883, 80.8, 17.1, 10.3, 38695],
];

const observations: Observation[] = HDR2015.flatMap(([unit, , le, eys, mys, gni]) => [
  { unit, indicator: 'LE', period: '2014', value: le },
  { unit, indicator: 'EYS', period: '2014', value: eys },
  { unit, indicator: 'MYS', period: '2014', value: mys },
  { unit, indicator: 'GNI', period: '2014', value: gni },
]);

const [result] = computeIndex(hdi, observations, { period: '2014' });
const score = (node: string, unit: string): number => result!.scores.find((s) => s.node === node && s.unit === unit)!.value!;

describe('UNDP Human Development Index (HDR 2015 Table 1)', () => {
  it('reproduces Norway to the published three decimals', () => {
    // LE index (81.6 − 20)/65 = 0.947692; education (17.5/18 + 12.6/15)/2 = (0.972222 + 0.84)/2 = 0.906111;
    // income (ln 64992 − ln 100)/(ln 75000 − ln 100) = 6.476849/6.620073 = 0.978365;
    // HDI = (0.947692 · 0.906111 · 0.978365)^(1/3) = 0.840136^(1/3) = 0.9436 → 0.944 (published 0.944).
    expect(score('health', 'Norway')).toBeCloseTo(0.947692, 6);
    expect(score('education', 'Norway')).toBeCloseTo(0.906111, 6);
    expect(score('income', 'Norway')).toBeCloseTo(0.978365, 6);
    expect(score('HDI', 'Norway').toFixed(3)).toBe('0.944');
  });

  it('caps expected schooling at 18 years (Australia, EYS 20.2) and GNI at $75,000 (Liechtenstein, Singapore)', () => {
    // Australia: education (1 + 13/15)/2 = 0.933333; HDI (0.96 · 0.933333 · 0.913341)^(1/3) = 0.9354 → 0.935.
    expect(score('education', 'Australia')).toBeCloseTo(0.933333, 6);
    expect(score('HDI', 'Australia').toFixed(3)).toBe('0.935');
    // Liechtenstein: income index capped at 1; education (15/18 + 11.8/15)/2 = 0.81;
    // HDI (60/65 · 0.81 · 1)^(1/3) = (0.923077 · 0.81)^(1/3) = 0.747692^(1/3) = 0.9076 → 0.908.
    expect(score('income', 'Liechtenstein')).toBe(1);
    expect(score('HDI', 'Liechtenstein').toFixed(3)).toBe('0.908');
    expect(score('income', 'Singapore')).toBe(1);
  });

  it('matches every published HDI within the rounding of the published inputs', () => {
    // The annex prints inputs rounded (0.1 year, $1), UNDP computes from unrounded ones: a 0.05-year
    // rounding moves an index by up to 0.05/15 = 0.0033 and the HDI by about 0.0008. So 16 of these 24
    // rows agree to the third decimal and the others differ by 0.001; none may differ by more.
    for (const [unit, published] of HDR2015) {
      expect(Math.abs(score('HDI', unit) - published), unit).toBeLessThanOrEqual(0.0011);
    }
    const exact = HDR2015.filter(([unit, published]) => score('HDI', unit).toFixed(3) === published.toFixed(3)).length;
    expect(exact).toBeGreaterThanOrEqual(16);
  });

  it('ranks as published (ties share a rank)', () => {
    expect(result!.scores.find((s) => s.node === 'HDI' && s.unit === 'Norway')!.rank).toBe(1);
    expect(result!.scores.find((s) => s.node === 'HDI' && s.unit === 'Finland')!.rank).toBe(24);
  });

  it('records the goalposts it used', () => {
    const gni = result!.normalisation.find((r) => r.indicator === 'GNI')!;
    expect(gni.params.lo).toBeCloseTo(Math.log(100), 12);
    expect(gni.params.hi).toBeCloseTo(Math.log(75000), 12);
    expect(gni.params.bounds).toBe('goalposts');
    expect(result!.effectiveWeights).toEqual({ LE: 1 / 3, EYS: 1 / 6, MYS: 1 / 6, GNI: 1 / 3 });
  });
});

describe('HDR 2020 technical notes worked example', () => {
  it('income index for GNI per capita $3,829 is 0.5506', () => {
    // (ln 3829 − ln 100)/(ln 75000 − ln 100) = 3.645188/6.620073 = 0.550627 → 0.5506 (published).
    const [r] = computeIndex(hdi, [{ unit: 'X', indicator: 'GNI', period: '2019', value: 3829 }], {});
    expect(r!.indicators.find((t) => t.indicator === 'GNI')!.normalised!.toFixed(4)).toBe('0.5506');
  });

  it('HDI from the published dimension indices (0.6971, 0.3447, 0.5506) is 0.510', () => {
    // (0.6971 · 0.3447 · 0.5506)^(1/3) = 0.132306^(1/3) = 0.50963 → 0.510 (published).
    const dims = parseIndexConfig({
      id: 'hdi-from-dimensions',
      indicators: ['H', 'E', 'I'].map((code) => ({ code, direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [0, 1] } })),
      structure: { code: 'HDI', aggregation: 'geometric', children: ['H', 'E', 'I'] },
    });
    const obs = [
      ['H', 0.6971],
      ['E', 0.3447],
      ['I', 0.5506],
    ].map(([indicator, value]) => ({ unit: 'X', indicator: indicator as string, period: '2019', value: value as number }));
    const [r] = computeIndex(dims, obs);
    expect(r!.scores[0]!.value!.toFixed(3)).toBe('0.510');
  });
});
