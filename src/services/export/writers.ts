/**
 * Row writers for exports. Each receives rows in batches and writes them to a stream as they
 * come, honouring back-pressure, so an export never holds the whole result.
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export interface ExportRow {
  readonly region: string;
  readonly regionName: string;
  readonly dataElement: string;
  readonly dataElementName: string;
  readonly period: string;
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
  readonly value: number | null;
  readonly comment: string | null;
  readonly source: string | null;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export interface RowWriter {
  write(rows: readonly ExportRow[]): Promise<void>;
  end(): Promise<void>;
}

/** Header names; both sets are read back by `vitals import`. */
export const EXPORT_HEADERS = {
  en: ['region', 'region_name', 'data_element', 'data_element_name', 'period', 'sex', 'age_group', 'area', 'value', 'comment', 'source', 'updated_by', 'updated_at'],
  zh: ['地区代码', '地区名称', '数据元代码', '数据元名称', '期间', '性别', '年龄组', '城乡', '数值', '备注', '来源', '修改人', '修改时间'],
} as const;

function cells(r: ExportRow): (string | number | null)[] {
  return [r.region, r.regionName, r.dataElement, r.dataElementName, r.period, r.sex, r.ageGroup, r.area, r.value, r.comment, r.source, r.updatedBy, r.updatedAt.toISOString()];
}

/** Write and wait for the stream to drain when its buffer is full. */
export async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    out.once('drain', () => {
      out.off('error', onError);
      resolve();
    });
  });
}

/** CSV: UTF-8 with a BOM (so Excel reads Chinese correctly) or GB18030 without one. */
export function csvWriter(out: Writable, options: { encoding: 'utf8' | 'gb18030'; header: 'en' | 'zh' }): RowWriter {
  const encode = (text: string): Buffer => (options.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    const bom = options.encoding === 'utf8' ? '\uFEFF' : '';
    await put(out, encode(bom + stringify([[...EXPORT_HEADERS[options.header]]], { record_delimiter: '\r\n' })));
  };
  return {
    async write(rows) {
      await start();
      if (rows.length > 0) await put(out, encode(stringify(rows.map(cells), { record_delimiter: '\r\n' })));
    },
    end: start,
  };
}

/** JSON: an array of row objects (keys read back by `vitals import`). */
export function jsonWriter(out: Writable): RowWriter {
  let first = true;
  return {
    async write(rows) {
      if (rows.length === 0) return;
      const body = rows
        .map((r) =>
          JSON.stringify({
            region: r.region, regionName: r.regionName, dataElement: r.dataElement, period: r.period,
            sex: r.sex, ageGroup: r.ageGroup, area: r.area, value: r.value, comment: r.comment, source: r.source,
          }),
        )
        .join(',\n  ');
      await put(out, (first ? '[\n  ' : ',\n  ') + body);
      first = false;
    },
    async end() {
      await put(out, first ? '[]\n' : '\n]\n');
    },
  };
}

/** XLSX through exceljs' streaming writer: rows are committed as they are added. */
export function xlsxWriter(out: Writable, options: { header: 'en' | 'zh' }): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.header === 'zh' ? '数据值' : 'data values');
  sheet.addRow([...EXPORT_HEADERS[options.header]]).commit();
  return {
    async write(rows) {
      for (const r of rows) {
        const values = cells(r);
        values[12] = null;
        const row = sheet.addRow(values);
        row.getCell(13).value = r.updatedAt;
        row.commit();
      }
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
