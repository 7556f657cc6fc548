/**
 * Plain-file helpers for the CLI: analysts and auditors run methods on CSV files outside the app.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parse as parseYaml } from 'yaml';
import { VitalsError } from '../core/errors.js';

export type CsvRecord = Record<string, string>;

/** Reads a UTF-8 CSV (with or without BOM) with a header row into records keyed by column name. */
export function readCsvRecords(path: string): CsvRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `cannot read ${path}: ${(error as Error).message}` });
  }
  try {
    return parse(text, { columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${path}: ${(error as Error).message}` });
  }
}

/**
 * Reads a definition file (scheme, index, …): JSON when the name ends in `.json`, else YAML;
 * a UTF-8 BOM is ignored. An unreadable file is `VITALS_E_INVALID_INPUT`, unparsable text
 * `VITALS_E_INVALID_CONFIG`, both naming the path.
 */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `cannot read ${path}: ${(error as Error).message}` });
  }
  text = text.replace(/^\uFEFF/, '');
  try {
    return path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `${path}: ${(error as Error).message}` });
  }
}

/** Reads a column as a required, non-empty string; the error names the file row (header = row 1). */
export function requireColumn(record: CsvRecord, column: string, rowIndex: number, file: string): string {
  const value = record[column];
  if (value === undefined || value === '') {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${file} row ${rowIndex + 2}, column "${column}": value is required` });
  }
  return value;
}

export interface OutputOptions {
  readonly format?: 'csv' | 'json';
  /** File path; standard output when absent. */
  readonly out?: string;
}

/** Writes rows as CSV (columns from the first row, nested values as JSON) or as pretty JSON. */
export function writeRows(rows: readonly object[], options: OutputOptions = {}): void {
  const format = options.format ?? 'csv';
  let text: string;
  if (format === 'json') {
    text = JSON.stringify(rows, null, 2) + '\n';
  } else {
    const flat = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]),
      ),
    );
    text = stringify(flat, { header: true });
  }
  if (options.out) writeFileSync(options.out, text);
  else process.stdout.write(text);
}

/** Validates a `--format` option. */
export function parseFormat(value: string | undefined): 'csv' | 'json' {
  if (value === undefined || value === 'csv' || value === 'json') return value ?? 'csv';
  throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--format must be csv or json, got "${value}"` });
}
