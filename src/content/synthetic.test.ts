import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../core/diagnostics.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { checkObservation } from './demo.js';
import { loadRegions } from './regions.js';
import { generateSyntheticHebei, SYNTHETIC_COUNTY_ELEMENTS, SYNTHETIC_MONTHLY_ELEMENTS } from './synthetic.js';
import type { ObservationRow } from './types.js';

const regions = loadRegions();
const rows = [...generateSyntheticHebei(2023, { regions })];
const annual = (r: ObservationRow) => /^\d{4}$/.test(r.period);

describe('generateSyntheticHebei', () => {
  it('is deterministic: the same seed gives identical rows, another seed different ones', () => {
    expect([...generateSyntheticHebei(2023, { regions })]).toEqual(rows);
    const other = [...generateSyntheticHebei(7, { regions })];
    const values = (list: ObservationRow[]) => list.filter((r) => r.indicator === 'LIVE_BIRTHS').map((r) => r.value);
    expect(values(other)).not.toEqual(values(rows));
  });

  it('streams: the first row arrives without building the dataset', () => {
    const first = generateSyntheticHebei(2023, { regions }).next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(rows[0]);
  });

  it('covers the province, 11 cities and 167 counties', () => {
    const codes = new Set(rows.map((r) => r.region));
    const level = (code: string) => regions.find((r) => r.code === code)!.level;
    expect([...codes].filter((c) => level(c) === 'province')).toEqual(['130000']);
    expect([...codes].filter((c) => level(c) === 'prefecture')).toHaveLength(11);
    // 190 county rows of Hebei − 23 statistical-only zones = 167.
    expect([...codes].filter((c) => level(c) === 'county')).toHaveLength(167);
    expect([...codes].some((c) => regions.find((r) => r.code === c)!.statisticalOnly)).toBe(false);
  });

  it('covers 2019–2025 annually and every month of those years', () => {
    expect([...new Set(rows.filter(annual).map((r) => r.period))].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    const months = new Set(rows.filter((r) => !annual(r)).map((r) => r.period));
    expect(months.size).toBe(7 * 12);
    expect(months.has('2019M01') && months.has('2025M12')).toBe(true);
    expect(new Set(rows.filter((r) => !annual(r)).map((r) => r.indicator))).toEqual(new Set(SYNTHETIC_MONTHLY_ELEMENTS));
  });

  it('labels every row synthetic and passes the observation checks', () => {
    expect(rows.filter((r) => r.source !== 'synthetic' || r.verification !== 'synthetic')).toEqual([]);
    const catalogue = loadIndicatorCatalogue();
    const d = new Diagnostics();
    const ctx = { elements: new Set(catalogue.dataElements.map((e) => e.code)), regions: new Set(regions.map((r) => r.code)) };
    const bad = rows.filter((r) => !checkObservation(r, d, ctx));
    expect(d.errors.slice(0, 3)).toEqual([]);
    expect(bad).toHaveLength(0);
  });

  it('leaves about 3 % of county rows missing', () => {
    // Expected county rows: 167 × (12 annual elements × 7 years + 4 monthly elements × 84 months)
    //   = 167 × (84 + 336) = 70,140. At 3 % missing the standard deviation is √(70,140·0.03·0.97) ≈ 45 rows.
    const expected = 167 * (SYNTHETIC_COUNTY_ELEMENTS.length * 7 + SYNTHETIC_MONTHLY_ELEMENTS.length * 84);
    expect(expected).toBe(70_140);
    const countyRows = rows.filter((r) => r.region.slice(4) !== '00').length;
    const missing = 1 - countyRows / expected;
    expect(missing).toBeGreaterThan(0.02);
    expect(missing).toBeLessThan(0.04);
  });

  it('spreads annual live births over the months so that they add up', () => {
    const key = (r: ObservationRow) => `${r.region}|${r.period.slice(0, 4)}`;
    const months = new Map<string, number[]>();
    for (const r of rows.filter((x) => x.indicator === 'LIVE_BIRTHS_MONTHLY')) months.set(key(r), [...(months.get(key(r)) ?? []), r.value]);
    const complete = rows.filter((r) => r.indicator === 'LIVE_BIRTHS' && months.get(key(r))?.length === 12);
    const adding = complete.filter((r) => months.get(key(r))!.reduce((a, b) => a + b, 0) === r.value);
    // 167 × 7 = 1,169 county-years; all 13 rows present with probability 0.97^13 ≈ 0.673 → ≈ 787.
    expect(complete.length).toBeGreaterThan(700);
    // Only a slipped digit (≈0.2 % of rows) breaks the sum.
    expect(adding.length / complete.length).toBeGreaterThan(0.95);
  });

  it('moves province figures plausibly towards the Healthy Hebei targets', () => {
    const total = (element: string, year: string) => rows.filter((r) => r.indicator === element && r.period === year && r.region.slice(4) !== '00').reduce((a, r) => a + r.value, 0);
    const rate = (num: string, den: string, year: string, factor: number) => (total(num, year) / total(den, year)) * factor;
    // IMR path 3.9‰ (2019) → 3.0‰ (2025) times county factors: stays within 2–6‰.
    for (const year of ['2019', '2025']) expect(rate('INFANT_DEATHS', 'LIVE_BIRTHS', year, 1000)).toBeGreaterThan(2);
    expect(rate('INFANT_DEATHS', 'LIVE_BIRTHS', '2019', 1000)).toBeGreaterThan(rate('INFANT_DEATHS', 'LIVE_BIRTHS', '2025', 1000));
    // Beds per 1,000: path 5.9 → 7.45 (target 7.5 in 2025).
    expect(rate('BEDS', 'POP', '2025', 1000)).toBeGreaterThan(rate('BEDS', 'POP', '2019', 1000));
    expect(rate('BEDS', 'POP', '2025', 1000)).toBeGreaterThan(6.5);
    expect(rate('BEDS', 'POP', '2025', 1000)).toBeLessThan(8.5);
    // County heterogeneity: county life expectancies in 2025 are not all alike.
    const les = rows.filter((r) => r.indicator === 'LE_VALUE' && r.period === '2025' && r.region.slice(4) !== '00').map((r) => r.value);
    expect(Math.max(...les) - Math.min(...les)).toBeGreaterThan(2);
  });

  it('gives survey estimates to the province and each city only, every year', () => {
    const literacy = rows.filter((r) => r.indicator === 'HEALTH_LITERACY_VALUE');
    expect(literacy).toHaveLength(12 * 7);
    expect(literacy.every((r) => r.region.endsWith('00'))).toBe(true);
  });

  it.each([1.5, Number.NaN, 2 ** 60])('rejects the seed %s', (seed) => {
    expect(() => generateSyntheticHebei(seed, { regions }).next()).toThrow(/seed must be an integer/);
  });
});
