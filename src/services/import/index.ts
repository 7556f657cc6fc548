/**
 * Data-value import service: CSV, XLSX, JSON and DHIS2 dataValueSets JSON → validated,
 * planned and written in one transaction, with a report of every problem. See docs/import.md.
 */
export type {
  Dhis2IdMap,
  EncodingChoice,
  ImportCounts,
  ImportFormat,
  ImportOptions,
  ImportOutcome,
  ImportProblem,
  ImportProgress,
  ImportReport,
  ImportSource,
  ImportWarningCode,
  LocalizedMessage,
  PlannedChange,
  TextEncoding,
  WrittenValues,
} from './types.js';
export { importDataValues, rejectionError } from './import.service.js';
export { COLUMN_SYNONYMS, fieldOf, headerKey } from './columns.js';
export { parseNumberText, MISSING_MARKS, type ParsedNumber } from './numbers.js';
export { ruleForUnit, checkValue, COUNT_UNITS, type ValueRule } from './value-rules.js';
export { DHIS2_DEFAULT_COMBOS } from './sources/dhis2.js';
export { formatReport, type ReportFormatOptions } from './report-format.js';
export { parseIdMap } from './id-map.js';
export { createProgressPrinter, type ProgressPrinter } from './progress-printer.js';
