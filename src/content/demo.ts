/**
 * Real demo series (`content/demo/observations-real.csv`): published national figures, Jiangsu
 * prefecture life expectancy and the 2020 census by province, transcribed from the shared
 * reference data into the observation format. Each row keeps its source and verification flag:
 * only figures read in a seed text are `confirmed_text`.
 */
import { Diagnostics } from '../core/diagnostics.js';
import { isPeriodCode } from '../core/period/index.js';
import { isValidRegionCode, type Region } from '../core/region/index.js';
import { loadIndicatorCatalogue } from './catalogue.js';
import { VERIFICATION_FLAGS } from './fields.js';
import { contentDir, readContentCsv, type ContentOptions } from './files.js';
import type { IndicatorCatalogue, ObservationRow } from './types.js';

export const DEMO_REAL_FILE = 'demo/observations-real.csv';

/** Column order of the observation exchange format. */
export const OBSERVATION_COLUMNS = ['region', 'indicator', 'period', 'value', 'sex', 'source', 'verification', 'note'] as const;

export interface ObservationCheckContext {
  /** Data-element codes of the catalogue. */
  readonly elements: ReadonlySet<string>;
  /** Known region codes; when absent only the code's shape is checked. */
  readonly regions?: ReadonlySet<string>;
}

/**
 * Check one observation row; problems go to `d` (which names the file and row).
 * @returns true when the row is usable.
 */
export function checkObservation(row: ObservationRow, d: Diagnostics, ctx: ObservationCheckContext): boolean {
  const before = d.errors.length;
  if (!isValidRegionCode(row.region)) d.error('VITALS_E_INVALID_REGION_CODE', `region: "${row.region}" is not a region code`);
  else if (ctx.regions && !ctx.regions.has(row.region)) d.error('VITALS_E_UNKNOWN_REGION', `region: ${row.region} is not in the region list`);
  if (!ctx.elements.has(row.indicator)) d.error('VITALS_E_NOT_FOUND', `indicator: "${row.indicator}" is not a data element of the catalogue`);
  if (!isPeriodCode(row.period)) d.error('VITALS_E_INVALID_PERIOD', `period: "${row.period}" is not a period code (2025, 2025H1, 2025Q3, 2025M07)`);
  if (typeof row.value !== 'number' || !Number.isFinite(row.value)) {
    d.error('VITALS_E_INVALID_INPUT', Number.isNaN(row.value) ? 'value: is missing or not a number' : `value: ${JSON.stringify(row.value)} is not a finite number`);
  }
  if (row.sex !== undefined && row.sex !== 'male' && row.sex !== 'female') d.error('VITALS_E_INVALID_INPUT', `sex: "${String(row.sex)}" is not male, female or blank`);
  if (!VERIFICATION_FLAGS.includes(row.verification)) d.error('VITALS_E_INVALID_INPUT', `verification: "${String(row.verification)}" is not one of ${VERIFICATION_FLAGS.join(', ')}`);
  if (typeof row.source !== 'string' || row.source.trim() === '') d.error('VITALS_E_INVALID_INPUT', 'source: is required');
  return d.errors.length === before;
}

/** CSV record → observation row (numbers parsed, blanks dropped); checking is separate. */
export function observationFromRecord(record: Record<string, string>): ObservationRow {
  const value = record.value === undefined || record.value.trim() === '' ? Number.NaN : Number(record.value);
  return {
    region: record.region ?? '',
    indicator: record.indicator ?? '',
    period: record.period ?? '',
    value,
    ...(record.sex ? { sex: record.sex as ObservationRow['sex'] } : {}),
    source: record.source ?? '',
    verification: (record.verification ?? '') as ObservationRow['verification'],
    ...(record.note ? { note: record.note } : {}),
  };
}

export interface LoadDemoOptions extends ContentOptions {
  readonly catalogue?: IndicatorCatalogue;
  readonly regions?: readonly Region[];
}

/**
 * Load the real demo series, every row checked against the catalogue (and regions when given).
 * @throws VitalsError VITALS_E_INVALID_INPUT naming file, row and field of every problem.
 */
export function loadDemoObservations(options: LoadDemoOptions = {}): ObservationRow[] {
  const catalogue = options.catalogue ?? loadIndicatorCatalogue(options);
  const ctx: ObservationCheckContext = {
    elements: new Set(catalogue.dataElements.map((e) => e.code)),
    ...(options.regions ? { regions: new Set(options.regions.map((r) => r.code)) } : {}),
  };
  const diagnostics = new Diagnostics();
  const keys = new Set<string>();
  const rows = readContentCsv(contentDir(options), DEMO_REAL_FILE).map((record, i) => {
    const row = observationFromRecord(record);
    const d = diagnostics.inContext(`${DEMO_REAL_FILE} → row ${i + 1}`);
    checkObservation(row, d, ctx);
    const key = `${row.region}|${row.indicator}|${row.period}|${row.sex ?? ''}`;
    if (keys.has(key)) d.error('VITALS_E_INVALID_INPUT', `duplicate of an earlier row for ${key}`);
    keys.add(key);
    return row;
  });
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return rows;
}
