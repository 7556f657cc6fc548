/**
 * What every tabular source (CSV, XLSX) shares: find the header under any title rows, then turn
 * each data row into cells keyed by field, skipping blank rows and the notes that statistical
 * sheets put under the table (`注：…`, `资料来源：…`).
 */
import { isBlank, type Cell, type ColumnLabels, type RawRow } from '../cells.js';
import { detectHeader, type HeaderMapping } from '../columns.js';

/** How many rows from the top are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

export interface ParsedSource {
  readonly labels: ColumnLabels;
  /** Row number (as Excel shows it) of the last header row. */
  readonly headerRow?: number;
  readonly sheet?: string;
  /** Headers that name nothing Vitals reads. */
  readonly ignored: readonly string[];
  readonly rows: AsyncIterable<RawRow>;
}

const NOTE = /^\s*(注|备注|说明|附注|资料来源|数据来源|来源|填表人|审核人|负责人|制表|note|source)\s*[:：]?/i;

/** A row with one non-blank cell that reads like a note or signature line under the table. */
export function isNoteRow(cells: readonly (Cell | undefined)[]): boolean {
  const filled = cells.filter((c) => !isBlank(c));
  if (filled.length !== 1) return false;
  const only = filled[0]!;
  return only.t === 'text' && NOTE.test(only.v);
}

/** Cells of one data row keyed by field, or undefined for a blank or note row. */
export function toRawRow(rowNumber: number, cells: readonly (Cell | undefined)[], mapping: HeaderMapping): RawRow | undefined {
  if (cells.every(isBlank) || isNoteRow(cells)) return undefined;
  const out: RawRow['cells'] = {};
  let any = false;
  for (const [index, field] of mapping.fields) {
    const cell = cells[index];
    if (!isBlank(cell)) {
      out[field] = cell;
      any = true;
    }
  }
  // A row whose only content sits in ignored columns carries nothing to import.
  return any ? { row: rowNumber, cells: out } : undefined;
}

/**
 * Split the first rows into header and data: `head` holds up to HEADER_SEARCH_ROWS rows with
 * their row numbers; returns the mapping and the head rows that follow the header.
 */
export function splitHeader(head: readonly { readonly row: number; readonly cells: readonly (Cell | undefined)[] }[]):
  | { readonly mapping: HeaderMapping; readonly headerRow: number; readonly rest: typeof head }
  | undefined {
  const detected = detectHeader(head.map((r) => r.cells));
  if (!detected) return undefined;
  return { mapping: detected.mapping, headerRow: head[detected.index]!.row, rest: head.slice(detected.index + 1) };
}
