import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../core/diagnostics.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { checkObservation, loadDemoObservations, observationFromRecord } from './demo.js';
import { loadRegions } from './regions.js';
import type { ObservationRow } from './types.js';

const catalogue = loadIndicatorCatalogue();
const regions = loadRegions();
const rows = loadDemoObservations({ catalogue, regions });
const find = (region: string, indicator: string, period: string, sex?: string) => rows.filter((r) => r.region === region && r.indicator === indicator && r.period === period && r.sex === sex);

describe('loadDemoObservations', () => {
  it('holds the national series, Jiangsu prefecture life expectancy and the 2020 census', () => {
    // 婴儿死亡率 5.4‰ (2020) and 人均预期寿命 77.93 岁 (2020): stated in the 14th FYP text (一、规划背景).
    expect(find('000000', 'IMR_VALUE', '2020')).toEqual([expect.objectContaining({ value: 5.4, verification: 'confirmed_text' })]);
    expect(find('000000', 'LE_VALUE', '2020')[0]?.value).toBe(77.93);
    expect(find('320500', 'LE_VALUE', '2020')[0]?.value).toBe(80.29); // 苏州市
    expect(find('320000', 'LE_VALUE', '2020', 'female')[0]?.value).toBe(81.83);
    expect(find('130000', 'POP_CENSUS', '2020')[0]?.value).toBe(74_610_235);
    expect(rows.filter((r) => r.indicator === 'POP_CENSUS')).toHaveLength(31);
  });

  it('marks as confirmed only the figures a seed text states, and keeps a source on every row', () => {
    const confirmed = rows.filter((r) => r.verification === 'confirmed_text');
    // 2015 and 2020 values of LE, IMR, U5MR, MMR (8) + OOP share 2020 + health literacy 2020 = 10.
    expect(confirmed).toHaveLength(10);
    expect(confirmed.every((r) => r.source.includes('国办发〔2022〕11号'))).toBe(true);
    expect(rows.filter((r) => r.verification !== 'confirmed_text' && r.verification !== 'recalled_unverified')).toEqual([]);
    expect(rows.every((r) => r.source.trim() !== '')).toBe(true);
  });
});

describe('checkObservation', () => {
  const ctx = { elements: new Set(catalogue.dataElements.map((e) => e.code)), regions: new Set(regions.map((r) => r.code)) };
  const good: ObservationRow = { region: '130102', indicator: 'LIVE_BIRTHS', period: '2025M07', value: 12, source: 'test', verification: 'synthetic' };

  it.each([
    ['a malformed region', { region: '1301' }, 'region: "1301" is not a region code'],
    ['an unknown region', { region: '139999' }, 'region: 139999 is not in the region list'],
    ['an indicator code instead of a data element', { indicator: 'IMR' }, 'indicator: "IMR" is not a data element of the catalogue'],
    ['a bad period', { period: '2025-07' }, 'period: "2025-07" is not a period code (2025, 2025H1, 2025Q3, 2025M07)'],
    ['a missing value', { value: Number.NaN }, 'value: is missing or not a number'],
    ['an unknown flag', { verification: 'sure' as never }, 'verification: "sure" is not one of confirmed_text, confirmed_text_tonghua_copy, confirmed_text_oriental_daily, confirmed_name_only, recalled_structure_confirmed, recalled_unverified, synthetic'],
  ])('rejects %s with the field and reason', (_, change, message) => {
    const d = new Diagnostics(['demo.csv', 'row 3']);
    expect(checkObservation({ ...good, ...change }, d, ctx)).toBe(false);
    expect(d.errors.map((e) => `${e.path.join(' → ')}: ${e.message}`)).toEqual([`demo.csv → row 3: ${message}`]);
  });

  it('accepts a good row and reads CSV records with blank sex as the total', () => {
    expect(checkObservation(good, new Diagnostics(), ctx)).toBe(true);
    const row = observationFromRecord({ region: '000000', indicator: 'IMR_VALUE', period: '2020', value: '5.4', sex: '', source: 's', verification: 'confirmed_text', note: '' });
    expect(row).toEqual({ region: '000000', indicator: 'IMR_VALUE', period: '2020', value: 5.4, source: 's', verification: 'confirmed_text' });
  });
});
