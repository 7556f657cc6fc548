/**
 * XLSX workbooks (exceljs). The workbook is read whole (an XLSX is a ZIP whose merged-cell
 * list comes after the rows, so a row stream cannot resolve merges); rows are then handed
 * out one at a time. Merged cells read as their master cell, formulas as their cached result,
 * dates as dates, numbers shown with a % format as the percentage they show.
 */
import ExcelJS from 'exceljs';
import { VitalsError } from '../../../core/errors.js';
import type { Cell, RawRow } from '../cells.js';
import { HEADER_SEARCH_ROWS, splitHeader, toRawRow, type ParsedSource } from './table.js';

/** True when a number format shows a scaled percentage (`0.0%`), not a literal `"%"`. */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return bare.includes('%');
}

function scalar(value: unknown, percent: boolean): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return { t: 'num', v: value, ...(percent ? { percent: true } : {}) };
  if (typeof value === 'string') return value.trim() === '' ? undefined : { t: 'text', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date) return { t: 'date', v: value };
  return undefined;
}

/** One exceljs cell as a typed cell. */
export function toCell(cell: ExcelJS.Cell): Cell | undefined {
  const source = cell.isMerged && cell.master ? cell.master : cell;
  const value = source.value as unknown;
  const percent = isPercentFormat(source.numFmt);
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return scalar(value, percent);
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (result === undefined || result === null) return { t: 'bad', v: `=${String(v.formula ?? v.sharedFormula)}`, why: 'formula' };
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in (result as object)) {
      return { t: 'bad', v: String((result as { error: unknown }).error), why: 'error' };
    }
    return scalar(result, percent);
  }
  if ('richText' in v && Array.isArray(v.richText)) return scalar((v.richText as { text: string }[]).map((r) => r.text).join(''), false);
  if ('text' in v) return scalar(typeof v.text === 'string' ? v.text : String(v.text), false);
  if ('error' in v) return { t: 'bad', v: String(v.error), why: 'error' };
  return undefined;
}

function rowCells(row: ExcelJS.Row, width: number): (Cell | undefined)[] {
  const out: (Cell | undefined)[] = [];
  for (let c = 1; c <= width; c++) out.push(toCell(row.getCell(c)));
  return out;
}

/**
 * Open a workbook; the sheet is the one named, or the first whose top rows hold a header.
 * Resolves undefined when no sheet has one.
 */
export async function openXlsx(bytes: Buffer, sheetName?: string): Promise<ParsedSource | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: `not a readable XLSX workbook (${(error as Error).message})` });
  }
  const sheets = sheetName === undefined ? workbook.worksheets : workbook.worksheets.filter((s) => s.name === sheetName);
  if (sheetName !== undefined && sheets.length === 0) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `no worksheet named "${sheetName}" (sheets: ${workbook.worksheets.map((s) => s.name).join(', ')})` });
  }
  for (const sheet of sheets) {
    const width = Math.max(sheet.columnCount, sheet.actualColumnCount);
    const last = sheet.rowCount;
    const head: { row: number; cells: (Cell | undefined)[] }[] = [];
    for (let r = 1; r <= Math.min(last, HEADER_SEARCH_ROWS); r++) head.push({ row: r, cells: rowCells(sheet.getRow(r), width) });
    const split = splitHeader(head);
    if (!split) continue;
    const { mapping, headerRow } = split;
    async function* rows(): AsyncGenerator<RawRow> {
      for (let r = headerRow + 1; r <= last; r++) {
        const raw = toRawRow(r, rowCells(sheet.getRow(r), width), mapping);
        if (raw) yield raw;
      }
    }
    return { labels: mapping.labels, headerRow, sheet: sheet.name, ignored: [...mapping.ignored, ...mapping.repeated], rows: rows() };
  }
  return undefined;
}
