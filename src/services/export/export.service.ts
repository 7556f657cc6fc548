/**
 * Export data values as CSV, XLSX, JSON or DHIS2 dataValueSets JSON, filtered by data
 * element(s), a region subtree and a period range. Values are read a few hundred regions at a
 * time and written as they come, so memory stays flat however large the export.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import { normalizePeriodCode, parsePeriod, periodEnd, periodStart, PERIOD_TYPES, makePeriod, periodsPerYear, type Period } from '../../core/period/index.js';
import { createRepositories, type DB } from '../../storage/index.js';
import type { Dhis2IdMap } from '../import/index.js';
import { dhis2Writer } from './dhis2.writer.js';
import { csvWriter, jsonWriter, xlsxWriter, type ExportRow, type RowWriter } from './writers.js';

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'dhis2';

export interface ExportFilter {
  /** Data element codes; all when absent. */
  readonly dataElements?: readonly string[];
  /** Region code: that region and everything below it; all regions when absent. */
  readonly region?: string;
  /** First period (inclusive): a year `2019` or any period code/variant (`2019Q1`, `2019-07`). */
  readonly from?: string;
  /** Last period (inclusive). */
  readonly to?: string;
}

export interface ExportOptions {
  readonly format: ExportFormat;
  /** CSV only: UTF-8 with BOM (default) or GB18030. */
  readonly encoding?: 'utf8' | 'gb18030';
  /** Header language for CSV and XLSX (default `en`). */
  readonly header?: 'en' | 'zh';
  /** DHIS2 only: translate codes back to DHIS2 ids. */
  readonly idMap?: Dhis2IdMap;
  /** Called after each batch with the number of values written so far. */
  readonly onProgress?: (written: number) => void;
}

export interface ExportSummary {
  readonly format: ExportFormat;
  /** Values written. */
  readonly rows: number;
  /** DHIS2 only: values left out (null values; disaggregations without a combo mapping). */
  readonly skipped: number;
}

const REGION_CHUNK = 200;

/** Every period code (all four types) lying within [from, to]. */
export function periodsBetween(from: Period, to: Period): string[] {
  const start = periodStart(from);
  const end = periodEnd(to);
  const out: string[] = [];
  for (let year = from.year; year <= to.year; year++) {
    for (const type of PERIOD_TYPES) {
      for (let i = 1; i <= periodsPerYear(type); i++) {
        const p = makePeriod(type, year, i);
        if (periodStart(p) >= start && periodEnd(p) <= end) out.push(p.code);
      }
    }
  }
  return out;
}

function periodBound(text: string | undefined, which: 'from' | 'to'): Period | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parsePeriod(normalizePeriodCode(text));
  } catch {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--${which} ${text}: not a year or period code (2019, 2019Q1, 2019M07…)` });
  }
}

/** Export to `out`; the stream is ended when done. */
export async function exportDataValues(db: Kysely<DB>, out: Writable, filter: ExportFilter, options: ExportOptions): Promise<ExportSummary> {
  const repos = createRepositories(db);
  const from = periodBound(filter.from, 'from');
  const to = periodBound(filter.to, 'to');
  if (from && to && periodStart(from) >= periodEnd(to)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--from ${filter.from} is after --to ${filter.to}` });
  }
  const periods = from && to ? periodsBetween(from, to) : undefined;
  const inRange = (code: string): boolean => {
    const p = parsePeriod(code);
    return (!from || periodStart(p) >= periodStart(from)) && (!to || periodEnd(p) <= periodEnd(to));
  };

  if (filter.region) await repos.regions.require(filter.region);
  const regions = await repos.regions.list(filter.region ? { within: filter.region } : {});
  regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const regionNames = new Map(regions.map((r) => [r.code, r.name]));
  const elements = await repos.metadata.listDataElements(filter.dataElements ? [...filter.dataElements] : undefined);
  if (filter.dataElements) {
    const known = new Set(elements.map((e) => e.code));
    const unknown = filter.dataElements.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new VitalsError('VITALS_E_UNKNOWN_DATA_ELEMENT', { value: unknown.join(', ') });
  }
  const elementNames = new Map(elements.map((e) => [e.code, e.name.zh]));

  const dhis2 = options.format === 'dhis2' ? dhis2Writer(out, options.idMap) : undefined;
  const writer: RowWriter =
    dhis2 ??
    (options.format === 'csv'
      ? csvWriter(out, { encoding: options.encoding ?? 'utf8', header: options.header ?? 'en' })
      : options.format === 'xlsx'
        ? xlsxWriter(out, { header: options.header ?? 'en' })
        : jsonWriter(out));

  let rows = 0;
  for (let i = 0; i < regions.length; i += REGION_CHUNK) {
    const values = await repos.dataValues.find({
      regions: regions.slice(i, i + REGION_CHUNK).map((r) => r.code),
      ...(periods ? { periods } : {}),
      ...(filter.dataElements ? { dataElements: [...filter.dataElements] } : {}),
    });
    const batch: ExportRow[] = [];
    for (const v of values) {
      if (!periods && (from || to) && !inRange(v.period)) continue;
      batch.push({
        region: v.region, regionName: regionNames.get(v.region) ?? '', dataElement: v.dataElement, dataElementName: elementNames.get(v.dataElement) ?? '',
        period: v.period, sex: v.sex, ageGroup: v.ageGroup, area: v.area, value: v.value, comment: v.comment, source: v.source,
        updatedBy: v.updatedBy, updatedAt: v.updatedAt,
      });
    }
    await writer.write(batch);
    rows += batch.length;
    options.onProgress?.(rows);
  }
  await writer.end();
  // The XLSX writer ends the stream itself when it finishes the ZIP.
  if (!out.writableEnded) out.end();
  await finished(out);
  const skipped = dhis2 ? dhis2.skipped.missing + dhis2.skipped.unmappedDisaggregation : 0;
  return { format: options.format, rows: rows - skipped, skipped };
}
