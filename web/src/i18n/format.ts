/**
 * Locale-aware formatting of numbers, dates, periods, units and bilingual names. Pure
 * functions over a catalogue so that they can be unit-tested without React.
 */
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Params = Record<string, string | number>;

/** The message for `key` with `{name}` placeholders filled; unknown keys show the key itself. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogues[locale][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Does the catalogue have this key? Used for keys built from API values (units, statuses). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/** Grouped decimal with at most `digits` fraction digits (trailing zeros dropped). */
export function formatNumber(locale: Locale, value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return translate(locale, 'common.noValue');
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A date or timestamp in the locale's short form, in the browser's time zone. */
export function formatDate(locale: Locale, iso: string | null | undefined, withTime = false): string {
  if (!iso) return translate(locale, 'common.noValue');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}

/** A period code (`2025`, `2025H1`, `2025Q3`, `2025M07`) in words; unknown shapes pass through. */
export function formatPeriod(locale: Locale, code: string | null | undefined): string {
  if (!code) return translate(locale, 'common.noValue');
  let m = /^(\d{4})$/.exec(code);
  if (m) return translate(locale, 'period.year', { year: m[1]! });
  m = /^(\d{4})H([12])$/.exec(code);
  if (m) return translate(locale, m[2] === '1' ? 'period.half1' : 'period.half2', { year: m[1]! });
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return translate(locale, 'period.quarter', { year: m[1]!, q: quarterWord(locale, Number(m[2])) });
  m = /^(\d{4})M(\d{2})$/.exec(code);
  if (m) {
    const month = Number(m[2]);
    const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
    return translate(locale, 'period.month', { year: m[1]!, month, monthName });
  }
  return code;
}

function quarterWord(locale: Locale, q: number): string {
  return locale === 'zh-CN' ? ['一', '二', '三', '四'][q - 1]! : String(q);
}

/** A unit as stored (Chinese, e.g. `张`, `1/10万`) in the reader's language. */
export function formatUnit(locale: Locale, unit: string | null | undefined): string {
  if (!unit) return '';
  const key = `unit.${unit}`;
  return hasKey(key) ? translate(locale, key) : unit;
}

/** A value with its unit: `78.5%`, `4.2 张` / `4.2 beds`. */
export function formatQuantity(locale: Locale, value: number | null | undefined, unit: string | null | undefined, digits = 2): string {
  const number = formatNumber(locale, value, digits);
  if (value === null || value === undefined || !Number.isFinite(value)) return number;
  const u = formatUnit(locale, unit);
  if (!u) return number;
  return u === '%' || u === '‰' ? `${number}${u}` : `${number} ${u}`;
}

/** Names from the API are `{ zh, en }` (or `{ 'zh-CN', en }`) objects, or plain strings. */
export type Bilingual = string | { zh?: string; 'zh-CN'?: string; en?: string } | null | undefined;

export function localName(locale: Locale, name: Bilingual, fallback = ''): string {
  if (name === null || name === undefined) return fallback;
  if (typeof name === 'string') return name;
  const zh = name.zh ?? name['zh-CN'];
  return (locale === 'en' ? name.en ?? zh : zh ?? name.en) ?? fallback;
}
