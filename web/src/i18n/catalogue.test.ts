/**
 * Both catalogues must have exactly the same keys and the same placeholders, and the
 * formatters must render each language's conventions (expected strings written by hand).
 */
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import { formatPeriod, formatQuantity, formatUnit, localName, translate } from './format.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('have no empty message', () => {
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) expect(value, key).not.toBe('');
  });

  it('use the same placeholders in both languages (period.month may use month or monthName)', () => {
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      if (key === 'period.month') continue;
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('has an English text for every navigation label different from the Chinese one', () => {
    for (const key of Object.keys(zhCN).filter((k) => k.startsWith('nav.')) as Array<keyof typeof zhCN>) {
      expect(en[key], key).not.toBe(zhCN[key]);
    }
  });
});

describe('formatters', () => {
  it.each([
    ['zh-CN', '2025', '2025年'],
    ['en', '2025', '2025'],
    ['zh-CN', '2025H2', '2025年下半年'],
    ['en', '2025H1', 'H1 2025'],
    ['zh-CN', '2025Q3', '2025年第三季度'],
    ['en', '2025Q3', 'Q3 2025'],
    ['zh-CN', '2025M07', '2025年7月'],
    ['en', '2025M07', 'Jul 2025'],
    ['en', 'weird', 'weird'],
  ] as const)('formatPeriod(%s, %s) = %s', (locale, code, expected) => {
    expect(formatPeriod(locale, code)).toBe(expected);
  });

  it('formats quantities with localised units', () => {
    // 1234.5 with grouping: "1,234.5" in both locales; 张 reads "beds" in English.
    expect(formatQuantity('zh-CN', 1234.5, '张')).toBe('1,234.5 张');
    expect(formatQuantity('en', 1234.5, '张')).toBe('1,234.5 beds');
    expect(formatQuantity('en', 78.456, '%')).toBe('78.46%');
    expect(formatQuantity('en', null, '%')).toBe('—');
    expect(formatUnit('en', '1/10万')).toBe('per 100,000');
    expect(formatUnit('en', 'unknown-unit')).toBe('unknown-unit');
  });

  it('picks the bilingual name for the locale, falling back to the other', () => {
    expect(localName('en', { zh: '河北省', en: 'Hebei' })).toBe('Hebei');
    expect(localName('zh-CN', { zh: '河北省', en: 'Hebei' })).toBe('河北省');
    expect(localName('en', { zh: '河北省' })).toBe('河北省');
    expect(translate('en', 'region.of', { n: 11 })).toBe('of 11');
  });
});
