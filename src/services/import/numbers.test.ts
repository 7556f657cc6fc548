import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberCell, parseNumberText } from './numbers.js';
import { checkValue, ruleForUnit } from './value-rules.js';

/** ASCII → full-width (what a Chinese IME types): digits, '.', ',', '%', '-', '+'. */
const fullWidth = (s: string): string => s.replace(/[0-9.,%+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('parseNumberText', () => {
  it.each([
    ['123', 123, false],
    ['１２３．５', 123.5, false],
    ['1,234,567', 1234567, false],
    ['1，234', 1234, false], // full-width comma as thousands separator
    ['1 234 567', 1234567, false], // spaces as separators
    ['12,345.67', 12345.67, false],
    ['23.5%', 23.5, true],
    ['２３．５％', 23.5, true],
    ['-3', -3, false],
    ['－3', -3, false], // full-width minus
    ['+7', 7, false],
    ['.5', 0.5, false],
    ['1.2e3', 1200, false],
    ['3。5', 3.5, false], // ideographic full stop typed for a decimal point
    [' 12 ', 12, false],
  ])('%s → %d (percent: %s)', (input, value, percent) => {
    expect(parseNumberText(input)).toEqual({ kind: 'number', value, percent });
  });

  it.each(['', ' ', '-', '--', '—', '——', '–', '/', '／', 'NA', 'n/a', 'N/A', '…', '...', 'null', '#N/A'])('"%s" means no value', (input) => {
    expect(parseNumberText(input)).toEqual({ kind: 'empty' });
  });

  it.each(['abc', '1,23', '12,3456', '1.2.3', '5人', '1e', '--5', '0x10', 'Infinity', '1e400'])('"%s" is not a number', (input) => {
    expect(parseNumberText(input)).toEqual({ kind: 'invalid', reason: 'not_number' });
  });

  it('strips the element unit after the number, only that unit', () => {
    expect(parseNumberText('5.4‰', '‰')).toEqual({ kind: 'number', value: 5.4, percent: false });
    expect(parseNumberText('78.6岁', '岁')).toEqual({ kind: 'number', value: 78.6, percent: false });
    expect(parseNumberText('78.6岁', '人')).toEqual({ kind: 'invalid', reason: 'not_number' });
  });

  it('property: a grouped number parses to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const n = whole + Math.sign(whole || 1) * cents / 100;
        const text = n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        const parsed = parseNumberText(text);
        expect(parsed.kind).toBe('number');
        expect((parsed as { value: number }).value).toBeCloseTo(n, 2);
      }),
    );
  });

  it('property: full-width input parses exactly as its ASCII form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.boolean(), (n, percent) => {
        const ascii = `${n}${percent ? '%' : ''}`;
        expect(parseNumberText(fullWidth(ascii))).toEqual(parseNumberText(ascii));
      }),
    );
  });
});

describe('parseNumberCell', () => {
  it('reads a %-formatted spreadsheet number as the percentage shown', () => {
    // 0.235 displayed as 23.5 % (0.235 × 100 = 23.499999999999996 before rounding).
    expect(parseNumberCell({ t: 'num', v: 0.235, percent: true })).toEqual({ kind: 'number', value: 23.5, percent: true });
    // (0.1 + 0.2) × 100 = 30.000000000000004 in binary floating point; 15 significant digits give 30.
    expect(parseNumberCell({ t: 'num', v: 0.1 + 0.2, percent: true })).toEqual({ kind: 'number', value: 30, percent: true });
  });
  it('refuses dates, booleans and formulas without a result', () => {
    expect(parseNumberCell({ t: 'date', v: new Date(0) })).toEqual({ kind: 'invalid', reason: 'date' });
    expect(parseNumberCell({ t: 'bool', v: true })).toEqual({ kind: 'invalid', reason: 'not_number' });
    expect(parseNumberCell({ t: 'bad', v: '=A1', why: 'formula' })).toEqual({ kind: 'invalid', reason: 'formula' });
    expect(parseNumberCell(undefined)).toEqual({ kind: 'empty' });
  });
});

describe('value rules by unit', () => {
  const el = (unit: string) => ({ code: 'X', unit });
  it.each([
    // unit, value, percent sign?, accepted?
    ['%', 23.5, false, true],
    ['%', 23.5, true, true],
    ['%', 0, false, true],
    ['%', 100, false, true],
    ['%', 100.1, false, false],
    ['%', -0.1, false, false],
    ['‰', 5.4, false, true],
    ['‰', 1000.5, false, false],
    ['1/10万', 18.3, false, true],
    ['1/10万', -1, false, false],
    ['人', 12, false, true],
    ['人', 12.5, false, false],
    ['人', -1, false, false],
    ['人', 12, true, false],
    ['张', 0, false, true],
    ['0/1', 1, false, true],
    ['0/1', 2, false, false],
    ['岁', 78.6, false, true],
    ['岁', -1, false, false],
    ['亿元', -3.5, false, true],
    ['', -3.5, false, true],
  ])('unit %s, value %d (%% sign: %s) → ok %s', (unit, value, percent, ok) => {
    expect(checkValue(value, percent, el(unit), String(value)).ok).toBe(ok);
  });

  it('names the reason', () => {
    expect(checkValue(12.5, false, el('人'), '12.5')).toMatchObject({ code: 'VITALS_E_VALUE_NOT_INTEGER' });
    expect(checkValue(120, false, el('%'), '120')).toMatchObject({ code: 'VITALS_E_VALUE_OUT_OF_RANGE', params: { range: '0–100' } });
    expect(checkValue(12, true, el('人'), '12%')).toMatchObject({ code: 'VITALS_E_VALUE_UNEXPECTED_PERCENT' });
    expect(ruleForUnit('％')).toMatchObject({ percent: true }); // full-width percent sign as a unit
  });
});
