import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { inferRegionLevel, isValidRegionCode, provinceCodeFromCode, validateRegionCode } from './index.js';

function rejection(fn: () => unknown): VitalsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    expect((e as VitalsError).code).toBe('VITALS_E_INVALID_REGION_CODE');
    return e as VitalsError;
  }
  throw new Error('expected VITALS_E_INVALID_REGION_CODE');
}

describe('validateRegionCode', () => {
  it.each([
    ['000000', 'nation'],
    ['130000', 'province'],
    ['810000', 'province'], // 香港特别行政区
    ['130100', 'prefecture'],
    ['110100', 'prefecture'], // 北京 市辖区 placeholder
    ['419000', 'prefecture'], // 省直辖县级行政区划
    ['441900', 'prefecture'], // 东莞, no counties
    ['130102', 'county'],
    ['419001', 'county'], // 济源市
    ['130102001', 'township'],
    ['441900003', 'township'], // under a prefecture directly
    ['350527000', 'township'], // 金门县's placeholder township in the NBS list
    ['130102-H001', 'unit'],
    ['HEB.CDC', 'unit'],
  ])('%s is a %s code', (code, level) => {
    expect(validateRegionCode(code)).toBe(level);
    expect(validateRegionCode(code, level as never)).toBe(level);
    expect(inferRegionLevel(code)).toBe(level);
    expect(isValidRegionCode(code)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['13010', /5 digits/],
    ['1301020', /7 digits/],
    ['1301020011', /10 digits/],
    ['030100', /first digit must be 1–8/],
    ['930100', /first digit must be 1–8/],
    ['130012', /digits 3–4 are 00/],
    ['130000001', /township code must be a county or prefecture/],
    [' 130102', /whitespace/],
    ['1301 02', /whitespace/],
    ['１３０１０２', /expected 6 digits/], // full-width digits must be normalised before validation
    ['长安区', /expected 6 digits/],
    ['-H001', /expected 6 digits/],
    ['a'.repeat(65), /expected 6 digits/],
  ])('rejects %j with the reason', (code, reason) => {
    const error = rejection(() => validateRegionCode(code));
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(code);
    expect(error.details).toMatchObject({ code });
    expect(isValidRegionCode(code)).toBe(false);
    expect(inferRegionLevel(code)).toBeUndefined();
  });

  it.each([
    ['130100', 'county', /a county code has the form six digits not ending in 00; this is a prefecture code/],
    ['130102', 'prefecture', /XXXX00; this is a county code/],
    ['130000', 'nation', /000000; this is a province code/],
    ['130102001', 'county', /this is a township code/],
    ['130102', 'unit', /non-numeric unit code/],
  ])('%s declared as %s is rejected', (code, level, reason) => {
    expect(rejection(() => validateRegionCode(code, level as never)).message).toMatch(reason);
    expect(isValidRegionCode(code, level as never)).toBe(false);
  });

  it('rejects non-strings without crashing', () => {
    expect(rejection(() => validateRegionCode(130102 as unknown as string)).message).toMatch(/not a string/);
  });
});

describe('provinceCodeFromCode', () => {
  it.each([
    ['000000', '000000'],
    ['130000', '130000'],
    ['130102', '130000'],
    ['441900003', '440000'],
  ])('%s → %s', (code, province) => expect(provinceCodeFromCode(code)).toBe(province));

  it('refuses unit codes (their province comes from the tree)', () => {
    expect(rejection(() => provinceCodeFromCode('130102-H001')).message).toMatch(/region tree/);
  });
});

describe('code shape properties', () => {
  const sixDigits = fc.stringMatching(/^[1-8]\d{5}$/);

  it('every six-digit code with a 1–8 region digit is valid unless it reads XX00YY', () => {
    fc.assert(
      fc.property(sixDigits, (code) => {
        const malformed = code.slice(2, 4) === '00' && code.slice(4) !== '00';
        expect(isValidRegionCode(code)).toBe(!malformed);
      }),
    );
  });

  it('a county code followed by three digits is a township', () => {
    fc.assert(
      fc.property(sixDigits, fc.stringMatching(/^\d{3}$/), (code, tail) => {
        fc.pre(inferRegionLevel(code) === 'county');
        expect(inferRegionLevel(code + tail)).toBe('township');
        expect(provinceCodeFromCode(code + tail)).toBe(`${code.slice(0, 2)}0000`);
      }),
    );
  });
});
