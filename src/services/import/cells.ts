/**
 * What a parser hands to the normaliser: typed cells keyed by canonical field, with the row
 * number a person sees. CSV and JSON yield text and numbers; XLSX also yields dates,
 * percent-formatted numbers and formulas without a cached result.
 */

export type Cell =
  | { readonly t: 'text'; readonly v: string }
  /** `percent`: the spreadsheet shows the number with a % format (0.235 shown as 23.5%). */
  | { readonly t: 'num'; readonly v: number; readonly percent?: boolean }
  | { readonly t: 'date'; readonly v: Date }
  | { readonly t: 'bool'; readonly v: boolean }
  /** A formula with no cached result, or a spreadsheet error value (`#DIV/0!`). */
  | { readonly t: 'bad'; readonly v: string; readonly why: 'formula' | 'error' };

/** Canonical column meanings; each file column maps to at most one. */
export const FIELDS = [
  'region',
  'regionCode',
  'regionName',
  'province',
  'prefecture',
  'dataElement',
  'period',
  'value',
  'comment',
  'source',
  'sex',
  'ageGroup',
  'area',
  // DHIS2 only.
  'categoryOptionCombo',
  'attributeOptionCombo',
  'deleted',
] as const;
export type Field = (typeof FIELDS)[number];

export interface RawRow {
  /** Row as Excel numbers it (JSON: item number, 1-based). */
  readonly row: number;
  readonly cells: Partial<Record<Field, Cell>>;
}

/** Field → column header as written, used to name columns in problems. */
export type ColumnLabels = Partial<Record<Field, string>>;

/** The text a person sees in a cell (for messages). */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  switch (cell.t) {
    case 'text':
      return cell.v;
    case 'num':
      return cell.percent ? `${roundForDisplay(cell.v * 100)}%` : String(cell.v);
    case 'date':
      return cell.v.toISOString().slice(0, 10);
    case 'bool':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'bad':
      return cell.v;
  }
}

/** Removes binary floating-point noise (0.235 × 100 = 23.499999999999996 → 23.5). */
export function roundForDisplay(x: number): number {
  return Number(x.toPrecision(15));
}

/** A cell is blank when it holds nothing or only whitespace. */
export function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || (cell.t === 'text' && cell.v.trim() === '');
}

export function text(v: string): Cell {
  return { t: 'text', v };
}
