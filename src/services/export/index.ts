/** Data-value export: CSV (UTF-8 with BOM or GB18030), XLSX, JSON, DHIS2 dataValueSets JSON; streamed. */
export { exportDataValues, periodsBetween, type ExportFilter, type ExportFormat, type ExportOptions, type ExportSummary } from './export.service.js';
export { toDhis2Period } from './dhis2.writer.js';
export { EXPORT_HEADERS, type ExportRow } from './writers.js';
