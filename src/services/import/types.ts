/**
 * Types of the data-value import service, shared by the CLI and (later) the HTTP API.
 * The pipeline: detect format → decode → parse rows → normalise → validate → plan → write in
 * one transaction → report. See docs/import.md.
 */
import type { ErrorCode } from '../../core/errors.js';
import type { Kysely } from 'kysely';
import type { Area, DataValueKey, DB, Sex } from '../../storage/index.js';

export type ImportFormat = 'csv' | 'xlsx' | 'json' | 'dhis2';
export type EncodingChoice = 'auto' | 'utf8' | 'gb18030';
/** What a CSV was actually decoded as. */
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

/**
 * Identifier mapping for DHIS2 payloads. Without it, `dataElement` and `orgUnit` are read as
 * Vitals codes (DHIS2 `idScheme=CODE`); region names are accepted too.
 */
export interface Dhis2IdMap {
  /** DHIS2 data element id → Vitals data element code. A key `deUid.cocUid` (DHIS2's operand
   *  notation) maps one disaggregation of a data element to its own Vitals data element. */
  readonly dataElements?: Readonly<Record<string, string>>;
  /** DHIS2 org unit id → Vitals region code. */
  readonly orgUnits?: Readonly<Record<string, string>>;
  /** DHIS2 category option combo → Vitals disaggregation. */
  readonly categoryOptionCombos?: Readonly<Record<string, { readonly sex?: Sex; readonly ageGroup?: string; readonly area?: Area }>>;
  /** Ids that mean "no disaggregation" besides the built-in `default` and `HllvX50cXC0`. */
  readonly defaultCombos?: readonly string[];
}

/** The file to import: a path (CLI) or bytes with a name (HTTP upload). */
export interface ImportSource {
  readonly path?: string;
  readonly bytes?: Uint8Array;
  /** Shown in the report and stored in the batch; defaults to the path's base name. */
  readonly fileName?: string;
}

export interface ImportProgress {
  /** `scan`: hashing and encoding check; `read`: parsing and validating rows; `write`: the transaction. */
  readonly phase: 'scan' | 'read' | 'plan' | 'write' | 'done';
  /** Rows (read, write) or bytes (scan) done so far. */
  readonly done: number;
  /** Known total, when there is one (bytes while scanning, values to write while writing). */
  readonly total?: number;
}

export interface ImportOptions {
  /** Who imports; stamped on every value and audit row. */
  readonly actor: string;
  readonly format?: ImportFormat | 'auto';
  readonly encoding?: EncodingChoice;
  /** Report what would change and write no data values (one `dry_run` batch row is recorded). */
  readonly dryRun?: boolean;
  /** Load the valid rows even when other rows have errors. */
  readonly partial?: boolean;
  /** XLSX: the worksheet to read (default: the first one with a recognisable header). */
  readonly sheet?: string;
  readonly idMap?: Dhis2IdMap;
  /** Audit reason; default `import <file name>`. */
  readonly reason?: string;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Values per write statement inside the one transaction (default 20,000). */
  readonly writeChunkSize?: number;
  /**
   * Runs inside the import's transaction after every value is written and before the commit
   * (not on dry runs or rejected files). Throwing rolls the whole import back; a VitalsError
   * thrown here marks the batch `rejected`. The HTTP layer checks scopes and locks here.
   */
  readonly beforeCommit?: (trx: Kysely<DB>, written: WrittenValues) => Promise<void>;
}

/** What an import wrote, for `beforeCommit`. */
export interface WrittenValues {
  readonly batchId: number;
  /** Every inserted or updated value with the file row it came from. */
  readonly values: readonly (DataValueKey & { readonly row: number; readonly value: number })[];
}

/** Import-specific warning codes (documented in docs/errors.md). */
export type ImportWarningCode = 'VITALS_W_DUPLICATE_ROW' | 'VITALS_W_EMPTY_VALUE' | 'VITALS_W_IGNORED_COLUMN' | 'VITALS_W_ALREADY_IMPORTED';

export interface LocalizedMessage {
  readonly zh: string;
  readonly en: string;
}

/** One problem, located as a person finds it in the file. */
export interface ImportProblem {
  readonly severity: 'error' | 'warning';
  readonly code: ErrorCode | ImportWarningCode;
  /** Row as Excel shows it (header row = 1 in a plain CSV); for JSON the item number (1-based); null for the whole file. */
  readonly row: number | null;
  /** Column header as written in the file (JSON: the field name); null when not tied to one. */
  readonly column: string | null;
  /** The offending cell text, when there is one. */
  readonly value?: string;
  readonly message: LocalizedMessage;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ImportCounts {
  /** Data rows read (blank rows and notes under the table excluded). */
  readonly read: number;
  /** Rows that passed validation (identical duplicates counted once). */
  readonly valid: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows without a value (blank, `—`, `-`, `NA`…): skipped, stored values untouched. */
  readonly empty: number;
  /** Identical repeated rows, ignored. */
  readonly duplicates: number;
  /** Rows with at least one error. */
  readonly rejected: number;
}

/** One planned change, for dry-run previews (the first 200 are kept). */
export interface PlannedChange {
  readonly row: number;
  readonly action: 'insert' | 'update';
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: Sex;
  readonly ageGroup: string;
  readonly area: Area;
  readonly oldValue: number | null | undefined;
  readonly newValue: number;
}

export type ImportOutcome = 'committed' | 'rejected' | 'dry_run';

export interface ImportReport {
  /** The import batch row (`import_batch.id`). */
  readonly batchId: number;
  readonly status: ImportOutcome;
  readonly dryRun: boolean;
  readonly partial: boolean;
  readonly file: {
    readonly name: string;
    /** Lower-case hex SHA-256 of the bytes. */
    readonly hash: string;
    readonly format: ImportFormat;
    readonly encoding?: TextEncoding;
    readonly sheet?: string;
    /** Row of the (last) header row, as Excel numbers it. */
    readonly headerRow?: number;
  };
  /** Canonical field → header as written in the file. */
  readonly columns: Readonly<Record<string, string>>;
  readonly counts: ImportCounts;
  /** Every error and warning, ordered by row. */
  readonly problems: readonly ImportProblem[];
  readonly changes: readonly PlannedChange[];
  /** Set when a file with the same hash was committed before. */
  readonly previousImport?: { readonly batchId: number; readonly finishedAt: Date | null };
}
