/**
 * Field readers for scheme documents (parsed YAML/JSON): each reports a problem into the
 * diagnostics and returns `undefined` instead of throwing, so one pass lists every mistake.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { BilingualText } from './types.js';

export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is RawObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function checkKnownFields(raw: RawObject, allowed: readonly string[], diagnostics: Diagnostics): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) diagnostics.error('VITALS_E_INVALID_CONFIG', `unknown field "${key}" (allowed: ${allowed.join(', ')})`);
  }
}

export function readString(raw: RawObject, key: string, diagnostics: Diagnostics, required = true): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    const hint = typeof value === 'number' ? ` (quote it in YAML: ${key}: "${value}")` : '';
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be a non-empty string, got ${JSON.stringify(value)}${hint}`);
    return undefined;
  }
  return value.trim();
}

export function readNumber(
  raw: RawObject,
  key: string,
  diagnostics: Diagnostics,
  options: { required?: boolean; min?: number; exclusiveMin?: boolean; max?: number } = {},
): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (options.required) diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be a number, got ${JSON.stringify(value)}`);
    return undefined;
  }
  if (options.min !== undefined && (options.exclusiveMin ? value <= options.min : value < options.min)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be ${options.exclusiveMin ? '>' : '≥'} ${options.min}, got ${value}`);
    return undefined;
  }
  if (options.max !== undefined && value > options.max) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be ≤ ${options.max}, got ${value}`);
    return undefined;
  }
  return value;
}

export function readBoolean(raw: RawObject, key: string, diagnostics: Diagnostics): boolean | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be true or false, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

export function readEnum<T extends string>(raw: RawObject, key: string, allowed: readonly T[], diagnostics: Diagnostics, required = false): T | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" is required (one of ${allowed.join(', ')})`);
    return undefined;
  }
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value as T;
}

/** `{zh, en}` with both languages present. */
export function readBilingual(raw: RawObject, key: string, diagnostics: Diagnostics, required = true): BilingualText | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" is required as {zh, en}`);
    return undefined;
  }
  if (!isObject(value)) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `"${key}" must be {zh, en}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  const at = diagnostics.inContext(key);
  // Catches unquoted commas in YAML flow maps: `{ en: Beds per 1,000 population }` splits into two keys.
  checkKnownFields(value, ['zh', 'en'], at);
  const zh = readString(value, 'zh', at);
  const en = readString(value, 'en', at);
  return zh !== undefined && en !== undefined ? { zh, en } : undefined;
}

/** A unit: one string used in both languages (`%`, `‰`) or `{zh, en}` (`岁` / `years`). */
export function readUnit(raw: RawObject, diagnostics: Diagnostics): BilingualText | undefined {
  const value = raw.unit;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { zh: value, en: value };
  return readBilingual(raw, 'unit', diagnostics);
}

export function readStatuses(raw: RawObject, diagnostics: Diagnostics): Readonly<Record<string, number>> | undefined {
  const value = raw.statuses;
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || Object.keys(value).length === 0) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', '"statuses" must map status labels to numbers, e.g. {已完成: 100, 未启动: 0}');
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [label, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) diagnostics.error('VITALS_E_INVALID_CONFIG', `status "${label}" must map to a number, got ${JSON.stringify(v)}`);
    else out[label] = v;
  }
  return out;
}

/** Sums compared with a tolerance so 0.1 + 0.2 style noise never fails a scheme. */
export function sameTotal(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
