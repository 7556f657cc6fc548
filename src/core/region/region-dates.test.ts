import { describe, expect, it } from 'vitest';
import { dayBefore, isActiveAt, isActiveAtClose, isActiveDuring, isIsoDate } from './index.js';

describe('effective-dating helpers', () => {
  it.each([
    ['2024-02-29', true], // leap year
    ['2023-02-29', false],
    ['2025-13-01', false],
    ['2025-7-01', false],
    ['20250701', false],
  ])('isIsoDate(%s) = %s', (value, ok) => expect(isIsoDate(value)).toBe(ok));

  it.each([
    ['2024-03-01', '2024-02-29'],
    ['2025-01-01', '2024-12-31'],
    ['2025-10-01', '2025-09-30'],
  ])('dayBefore(%s) = %s', (iso, before) => expect(dayBefore(iso)).toBe(before));

  // A county split on 2021-07-01: [1980-01-01, 2021-07-01).
  const old = { validFrom: '1980-01-01', validTo: '2021-07-01' };
  it('validTo is exclusive', () => {
    expect(isActiveAt(old, '2021-06-30')).toBe(true);
    expect(isActiveAt(old, '2021-07-01')).toBe(false);
    expect(isActiveDuring(old, '2021-01-01', '2022-01-01')).toBe(true);
    expect(isActiveDuring(old, '2021-07-01', '2022-01-01')).toBe(false);
    expect(isActiveAtClose(old, '2022-01-01')).toBe(false);
    expect(isActiveAtClose(old, '2021-07-01')).toBe(true); // in force on 2021-06-30, the last day of 2021H1
  });
});
