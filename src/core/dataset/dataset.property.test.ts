import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, completeness, timeliness, type EnteredCell, type ExpectedCell } from './index.js';

const ELEMENTS = ['A', 'B', 'C'];
const REGIONS = ['130102', '130104', '130107'];
const EXPECTED: ExpectedCell[] = REGIONS.flatMap((region) => ELEMENTS.map((element) => ({ element, region, period: '2025' })));

// Each expected cell is absent, cleared (null) or entered on some day of January 2026.
const entries = fc.array(fc.option(fc.record({ value: fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 4 }), day: fc.integer({ min: 0, max: 30 }) }), { freq: 3 }), {
  minLength: EXPECTED.length,
  maxLength: EXPECTED.length,
});

function toEntered(picks: ReadonlyArray<{ value: number | null; day: number } | null>): EnteredCell[] {
  return picks.flatMap((pick, i) => (pick ? [{ ...EXPECTED[i]!, value: pick.value, firstEnteredAt: addDays('2026-01-01', pick.day) }] : []));
}

describe('completeness / timeliness properties', () => {
  it('counts exactly the expected cells holding a value; timely ⊆ entered; more grace never lowers timeliness', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 }), (picks, due, grace) => {
        const entered = toEntered(picks);
        const c = completeness(EXPECTED, entered);
        expect(c.cells.numerator).toBe(picks.filter((p) => p !== null && p.value !== null).length);
        expect(c.cells.denominator).toBe(9);
        expect(c.cells.numerator + c.missing.length).toBe(9);
        const dueAt = addDays('2026-01-01', due);
        const t1 = timeliness(EXPECTED, entered, { dueAt, timelyDays: grace });
        const t2 = timeliness(EXPECTED, entered, { dueAt, timelyDays: grace + 1 });
        expect(t1.cells.numerator).toBeLessThanOrEqual(c.cells.numerator);
        expect(t1.cells.numerator + t1.late.length).toBe(c.cells.numerator);
        expect(t2.cells.numerator).toBeGreaterThanOrEqual(t1.cells.numerator);
        expect(t1.reports.numerator).toBeLessThanOrEqual(c.reports.numerator);
      }),
    );
  });
});
