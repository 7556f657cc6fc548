/**
 * Data values: data element × region × period, disaggregated by sex, age group and area
 * (each 'total' unless stated). Types shared by the repository and its bulk path.
 */
import { VitalsError } from '../../core/errors.js';
import { isPeriodCode } from '../../core/period/index.js';
import type { VerificationFlag } from '../../core/provenance.js';

export type Sex = 'total' | 'male' | 'female';
export type Area = 'total' | 'urban' | 'rural';
export const SEXES: readonly Sex[] = ['total', 'male', 'female'];
export const AREAS: readonly Area[] = ['total', 'urban', 'rural'];

// A record keyed by the union: a flag added to VerificationFlag fails to compile here until it is
// listed, and it then needs a new migration widening the CHECK on data_value.verification.
const FLAG_SET: Record<VerificationFlag, true> = {
  confirmed_text: true,
  confirmed_text_tonghua_copy: true,
  confirmed_text_oriental_daily: true,
  confirmed_name_only: true,
  recalled_structure_confirmed: true,
  recalled_unverified: true,
  synthetic: true,
};
/** Every verification flag a data value may carry; the database CHECK allows the same list. */
export const DATA_VALUE_VERIFICATION_FLAGS = Object.keys(FLAG_SET) as readonly VerificationFlag[];

export interface DataValueKey {
  /** Data element code. */
  readonly dataElement: string;
  /** Region code. */
  readonly region: string;
  /** Period code: `2025`, `2025H1`, `2025Q3`, `2025M07`. */
  readonly period: string;
  readonly sex?: Sex;
  readonly ageGroup?: string;
  readonly area?: Area;
}

export interface DataValueInput extends DataValueKey {
  /** `null` records the value as explicitly missing (the comment can say why). */
  readonly value: number | null;
  /** `undefined` keeps the stored comment, `null` clears it. */
  readonly comment?: string | null;
  /** `undefined` keeps the stored source, `null` clears it. */
  readonly source?: string | null;
  /** How sure the source is of the value (shipped reference data). `undefined` keeps the stored flag, `null` clears it. */
  readonly verification?: VerificationFlag | null;
  /**
   * The version the writer read (0: "did not exist"). A change against any other version
   * is a `VITALS_E_CONFLICT`. Omit for last-writer-wins (imports).
   */
  readonly expectedVersion?: number;
}

export interface StoredDataValue {
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: Sex;
  readonly ageGroup: string;
  readonly area: Area;
  readonly provinceCode: string;
  readonly value: number | null;
  readonly comment: string | null;
  readonly source: string | null;
  /** Verification flag of the value; `null` when none was stated. */
  readonly verification: VerificationFlag | null;
  /** Row version for optimistic concurrency; 1 after the first write. */
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

/** Who writes, and why; stamped on the values and on every audit row. */
export interface WriteContext {
  readonly actor: string;
  readonly reason?: string;
  /** Import batch the write belongs to. */
  readonly batchId?: number;
  /**
   * How values inserted for the first time are audited. `per-value` (default): one audit row
   * each. `per-batch` (imports; needs `batchId`): one `insert_batch` row per province per call,
   * naming the batch, the file hash, the count and the key range; the values themselves stay
   * recoverable from `data_value` (`row_version` 1, `created_by`, `created_at` = the row's
   * `occurred_at`). Updates always write one row per value, with the old value.
   */
  readonly insertAudit?: 'per-value' | 'per-batch';
  /** SHA-256 of the imported file, named by `per-batch` audit rows. */
  readonly fileHash?: string;
}

export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
  /** Same value, comment, source and verification flag as stored: nothing written, nothing audited. */
  readonly unchanged: number;
  /** With `returnChanges`: every inserted or updated item, in input order. */
  readonly changes?: readonly ChangedItem[];
}

/** One written item: its index in the input, and the value it replaced (updates). */
export interface ChangedItem {
  readonly index: number;
  readonly action: 'insert' | 'update';
  readonly oldValue?: number | null;
}

export interface UpsertOptions {
  /**
   * `row`: per-row statements (small saves); `bulk`: staging table + one set-based statement
   * (COPY on a PostgreSQL server, unnest on PGlite); `auto` (default) picks by size.
   */
  readonly path?: 'auto' | 'row' | 'bulk';
  /** List the items written (`UpsertResult.changes`), so that a caller need not plan first. */
  readonly returnChanges?: boolean;
}

/** A validated input with every key part filled in. */
export interface NormalizedInput {
  readonly ord: number;
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: Sex;
  readonly ageGroup: string;
  readonly area: Area;
  readonly value: number | null;
  readonly comment: string | null;
  readonly commentSet: boolean;
  readonly source: string | null;
  readonly sourceSet: boolean;
  readonly verification: VerificationFlag | null;
  readonly verificationSet: boolean;
  readonly expectedVersion: number | null;
}

/** The audit `entity_key` of a data value: its key parts joined by '|'. */
export function dataValueKeyString(k: { dataElement: string; region: string; period: string; sex: string; ageGroup: string; area: string }): string {
  return [k.dataElement, k.region, k.period, k.sex, k.ageGroup, k.area].join('|');
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * Check every input and fill the defaults; all problems are reported at once, each with its
 * item number and field.
 */
export function normalizeInputs(items: readonly DataValueInput[]): NormalizedInput[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const out: NormalizedInput[] = [];
  items.forEach((item, i) => {
    const at = `item ${i + 1}`;
    const bad = (field: string, reason: string): void => void problems.push(`${at}, ${field}: ${reason}`);
    if (!isText(item.dataElement) || item.dataElement.includes('|')) bad('dataElement', 'a data element code is required');
    if (!isText(item.region)) bad('region', 'a region code is required');
    if (typeof item.period !== 'string' || !isPeriodCode(item.period)) bad('period', `"${String(item.period)}" is not a period code like 2025, 2025H1, 2025Q3 or 2025M07`);
    const sex = item.sex ?? 'total';
    const area = item.area ?? 'total';
    const ageGroup = item.ageGroup ?? 'total';
    if (!SEXES.includes(sex)) bad('sex', `"${String(sex)}" is not one of ${SEXES.join(', ')}`);
    if (!AREAS.includes(area)) bad('area', `"${String(area)}" is not one of ${AREAS.join(', ')}`);
    if (!isText(ageGroup)) bad('ageGroup', 'must be a non-empty code');
    if (item.value !== null && (typeof item.value !== 'number' || !Number.isFinite(item.value))) bad('value', `${String(item.value)} is not a finite number`);
    if (item.comment !== undefined && item.comment !== null && typeof item.comment !== 'string') bad('comment', 'must be text');
    if (item.source !== undefined && item.source !== null && typeof item.source !== 'string') bad('source', 'must be text');
    if (item.verification !== undefined && item.verification !== null && !Object.hasOwn(FLAG_SET, item.verification)) {
      bad('verification', `"${String(item.verification)}" is not one of ${DATA_VALUE_VERIFICATION_FLAGS.join(', ')}`);
    }
    if (item.expectedVersion !== undefined && !(Number.isInteger(item.expectedVersion) && item.expectedVersion >= 0)) bad('expectedVersion', 'must be a whole number ≥ 0');
    const normalized: NormalizedInput = {
      ord: i,
      dataElement: item.dataElement,
      region: item.region,
      period: item.period,
      sex,
      ageGroup,
      area,
      value: item.value,
      comment: item.comment ?? null,
      commentSet: item.comment !== undefined,
      source: item.source ?? null,
      sourceSet: item.source !== undefined,
      verification: item.verification ?? null,
      verificationSet: item.verification !== undefined,
      expectedVersion: item.expectedVersion ?? null,
    };
    const key = dataValueKeyString(normalized);
    const first = seen.get(key);
    if (first !== undefined) bad('key', `same data element, region, period and disaggregation as item ${first + 1}`);
    else seen.set(key, i);
    out.push(normalized);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('; ');
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: problems.length > 20 ? `${shown}; … ${problems.length - 20} more` : shown }, problems);
  }
  return out;
}
