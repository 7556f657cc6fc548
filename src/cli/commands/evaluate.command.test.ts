import { describe, expect, it } from 'vitest';
import { VitalsError } from '../../core/errors.js';
import { parseYears } from './evaluate.command.js';

describe('parseYears (vitals evaluate --year)', () => {
  it.each([
    ['2025', [2025]],
    ['2023-2025', [2023, 2024, 2025]],
    [' 2019 – 2021 ', [2019, 2020, 2021]], // en dash, spaces
    ['2024-2024', [2024]],
  ])('%s → %j', (text, years) => {
    expect(parseYears(text)).toEqual(years);
  });

  it.each([
    ['2025-2023', /--year must be a whole number from 2025 to 2074/], // a reversed range
    ['2000-2050', /--year must be a whole number from 2000 to 2049/], // 51 years: more than 50
    ['twenty', /--year must be a whole number/],
    ['2025.5', /--year must be a whole number/],
  ])('refuses %s', (text, message) => {
    expect(() => parseYears(text)).toThrow(VitalsError);
    expect(() => parseYears(text)).toThrow(message);
  });
});
