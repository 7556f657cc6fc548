/**
 * Typed reads of YAML records that report problems instead of throwing, so one load lists
 * every mistake (`file → entry → field: reason`).
 */
import type { Diagnostics } from '../core/diagnostics.js';
import type { LocalizedText } from '../core/indicator/types.js';
import type { VerificationFlag } from '../core/provenance.js';

export const VERIFICATION_FLAGS: readonly VerificationFlag[] = [
  'confirmed_text',
  'confirmed_text_tonghua_copy',
  'confirmed_text_oriental_daily',
  'confirmed_name_only',
  'recalled_structure_confirmed',
  'recalled_unverified',
  'synthetic',
];

export type RawRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is RawRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads fields of one record, reporting into `d` (which already names the entry). */
export class FieldReader {
  constructor(
    readonly record: RawRecord,
    readonly d: Diagnostics,
  ) {}

  has(field: string): boolean {
    return this.record[field] !== undefined && this.record[field] !== null;
  }

  text(field: string): string | undefined;
  text(field: string, required: true): string;
  text(field: string, required = false): string | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) {
      if (required) this.d.error('VITALS_E_INVALID_CONFIG', `${field} is required`);
      return required ? '' : undefined;
    }
    // YAML reads `2023` or `7.5` as numbers; codes and wordings are text.
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} must be non-empty text, got ${JSON.stringify(value)}`);
      return required ? '' : undefined;
    }
    return value;
  }

  number(field: string, required = false): number | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) {
      if (required) this.d.error('VITALS_E_INVALID_CONFIG', `${field} is required`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} must be a number, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  integer(field: string, required = false): number | undefined {
    const value = this.number(field, required);
    if (value !== undefined && !Number.isInteger(value)) {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} must be a whole number, got ${value}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required = false): T | undefined {
    const value = this.text(field, required as true);
    if (value === undefined || value === '') return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} "${value}" is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  localized(field: string, required = false): LocalizedText | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) {
      if (required) this.d.error('VITALS_E_INVALID_CONFIG', `${field} is required ({ zh, en })`);
      return undefined;
    }
    if (!isRecord(value) || typeof value.zh !== 'string' || value.zh.trim() === '') {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} must be { zh, en } with a Chinese text`);
      return undefined;
    }
    return typeof value.en === 'string' ? { zh: value.zh, en: value.en } : { zh: value.zh };
  }

  verification(field = 'verification', required = true): VerificationFlag | undefined {
    return this.oneOf(field, VERIFICATION_FLAGS, required);
  }

  list(field: string): unknown[] {
    const value = this.record[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.d.error('VITALS_E_INVALID_CONFIG', `${field} must be a list`);
      return [];
    }
    return value;
  }

  /** Fields outside `known` are typos more often than not. */
  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.record)) {
      if (!known.includes(key)) this.d.error('VITALS_E_INVALID_CONFIG', `unknown field "${key}" (expected one of ${known.join(', ')})`);
    }
  }
}
