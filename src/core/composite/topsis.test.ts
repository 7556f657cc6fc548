import { describe, expect, it } from 'vitest';
import { topsis } from './topsis.js';

describe('TOPSIS', () => {
  // Criterion 1 (benefit) x = (3, 4, 0): ‖x‖ = 5 → r = (0.6, 0.8, 0).
  // Criterion 2 (cost)    x = (0, 6, 8): ‖x‖ = 10 → r = (0, 0.6, 0.8).
  // w = (½, ½): v1 = (0.3, 0.4, 0), v2 = (0, 0.3, 0.4).
  // A⁺ = (max v1, min v2) = (0.4, 0); A⁻ = (0, 0.4).
  // U1: D⁺ = √(0.1² + 0²) = 0.1,           D⁻ = √(0.3² + 0.4²) = 0.5     → C = 0.5/0.6 = 0.833333
  // U2: D⁺ = √(0² + 0.3²) = 0.3,           D⁻ = √(0.4² + 0.1²) = 0.4123106 → C = 0.4123106/0.7123106 = 0.578835
  // U3: D⁺ = √(0.4² + 0.4²) = 0.565685,    D⁻ = 0                         → C = 0
  const r = topsis({
    units: ['U1', 'U2', 'U3'],
    criteria: ['c1', 'c2'],
    rows: [
      [3, 0],
      [4, 6],
      [0, 8],
    ],
    weights: [1, 1],
    directions: ['higher_is_better', 'lower_is_better'],
  });

  it('computes the ideal points, distances and closeness by hand', () => {
    expect(r.weights).toEqual([0.5, 0.5]);
    expect(r.ideal[0]).toBeCloseTo(0.4, 12);
    expect(r.ideal[1]).toBeCloseTo(0, 12);
    expect(r.antiIdeal[1]).toBeCloseTo(0.4, 12);
    const [u1, u2, u3] = r.units;
    expect(u1!.dPlus).toBeCloseTo(0.1, 12);
    expect(u1!.dMinus).toBeCloseTo(0.5, 12);
    expect(u1!.closeness).toBeCloseTo(0.833333, 6);
    expect(u2!.closeness).toBeCloseTo(0.578835, 6);
    expect(u3!.closeness).toBe(0);
    expect(r.units.map((u) => u.rank)).toEqual([1, 2, 3]);
  });

  it('rejects incomplete rows', () => {
    expect(() => topsis({ units: ['a'], criteria: ['x', 'y'], rows: [[1]], weights: [1, 1], directions: ['higher_is_better', 'higher_is_better'] })).toThrow(/needs 2 finite values/);
  });
});
