import { describe, expect, it } from 'vitest';
import { parseIndexConfig } from './config.js';
import { computeIndexForPeriod } from './pipeline.js';
import type { Observation } from './types.js';

// No imputation: a missing value stays missing, so the unit has no complete TOPSIS/RSR row.
const config = parseIndexConfig({
  id: 'patchy',
  indicators: [
    { code: 'x', direction: 'higher_is_better' },
    { code: 'y', direction: 'lower_is_better' },
  ],
  structure: { code: 'I', children: ['x', 'y'] },
  topsis: true,
  rsr: true,
});

const obs = (unit: string, indicator: string, value: number | null): Observation => ({ unit, indicator, period: '2025', value });
const codesOf = (r: ReturnType<typeof computeIndexForPeriod>, context: string) =>
  r.warnings.filter((w) => w.path.includes(context)).map((w) => w.code);

describe('TOPSIS and RSR with incomplete data', () => {
  it('skips both with a warning, and still computes the index, when no unit has every indicator', () => {
    // Each unit misses one of the two indicators: 0 complete rows (TOPSIS needs 1, RSR 3).
    const data = [obs('a', 'x', 1), obs('a', 'y', null), obs('b', 'x', null), obs('b', 'y', 20), obs('c', 'x', 3), obs('c', 'y', null)];
    const r = computeIndexForPeriod(config, data, '2025');
    expect(r.topsis).toBeUndefined();
    expect(r.rsr).toBeUndefined();
    expect(r.incompleteUnits).toEqual(['a', 'b', 'c']);
    expect(codesOf(r, 'topsis')).toEqual(['VITALS_W_MISSING_DATA']);
    expect(codesOf(r, 'rsr')).toEqual(['VITALS_W_MISSING_DATA']);
    expect(r.warnings.find((w) => w.path.includes('topsis'))!.message).toMatch(/TOPSIS skipped: it needs at least 1 unit\(s\) with every indicator, 0 of 3 have them/);
    expect(r.warnings.find((w) => w.path.includes('rsr'))!.message).toMatch(/RSR skipped: it needs at least 3 unit\(s\) with every indicator, 0 of 3/);
    // The index itself is still there for every unit (values or null, never an exception).
    expect(r.scores.filter((s) => s.node === 'I').map((s) => s.unit)).toEqual(['a', 'b', 'c']);
  });

  it('runs TOPSIS on the complete units, names the others, and skips RSR below 3 complete units', () => {
    // a (x 1, y 30) and b (x 2, y 20) are complete; b is better on both criteria, so b is the
    // ideal point and a the anti-ideal: closeness b = D⁻/(D⁺+D⁻) = d/(0+d) = 1, a = 0/(d+0) = 0.
    const data = [
      obs('a', 'x', 1), obs('a', 'y', 30), obs('b', 'x', 2), obs('b', 'y', 20),
      obs('c', 'x', 5), obs('c', 'y', null), obs('d', 'x', null), obs('d', 'y', 5),
    ];
    const r = computeIndexForPeriod(config, data, '2025');
    expect(r.topsis!.units.map((u) => [u.unit, u.closeness, u.rank])).toEqual([
      ['a', 0, 2],
      ['b', 1, 1],
    ]);
    expect(r.rsr).toBeUndefined();
    expect(r.incompleteUnits).toEqual(['c', 'd']);
    expect(r.warnings.find((w) => w.path.includes('topsis'))!.message).toBe('TOPSIS: 2 of 4 unit(s) miss an indicator and get no TOPSIS score: c, d');
    expect(r.warnings.find((w) => w.path.includes('rsr'))!.message).toMatch(/RSR skipped: .* 2 of 4 have them/);
  });

  it('adds nothing when neither method is configured', () => {
    const plain = parseIndexConfig({ ...config, topsis: false, rsr: undefined });
    const r = computeIndexForPeriod(plain, [obs('a', 'x', 1), obs('a', 'y', null), obs('b', 'x', 2), obs('b', 'y', 3)], '2025');
    expect(r.incompleteUnits).toEqual([]);
    expect(r.warnings.filter((w) => w.path.includes('topsis') || w.path.includes('rsr'))).toEqual([]);
  });
});
