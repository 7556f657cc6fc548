/**
 * Numbers as people type them in Chinese spreadsheets: full-width digits and punctuation
 * (`１２３．５`), thousands separators (`1,234,567`, `1，234`), a trailing `%`, and the usual
 * marks for "no value" (`—`, `-`, `–`, `NA`, blank).
 */
import { roundForDisplay, type Cell } from './cells.js';

export type ParsedNumber =
  | { readonly kind: 'number'; readonly value: number; readonly percent: boolean }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly reason: 'not_number' | 'formula' | 'error' | 'date' };

/** Marks meaning "no value", compared after NFKC folding and trimming. */
export const MISSING_MARKS: readonly string[] = ['', '-', '--', '—', '——', '–', '―', '/', '…', '...', '..', 'na', 'n/a', 'null', 'nan', '#n/a'];
const MISSING = new Set(MISSING_MARKS);

// Grouped thousands must be well formed (1,234 or 12,345,678.9); `1,23` is rejected, not guessed.
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parse number text. Full-width forms fold to ASCII (NFKC), spaces and thin spaces are
 * removed, one trailing `%` sets `percent`, and an optional `unitSuffix` (the element's unit,
 * e.g. `‰` or `岁`) may follow the number.
 */
export function parseNumberText(input: string, unitSuffix?: string): ParsedNumber {
  let s = input.normalize('NFKC').replace(/[\s\u00a0\u2009\u202f]+/g, '');
  if (MISSING.has(s.toLowerCase())) return { kind: 'empty' };
  // Chinese minus signs and the ideographic full stop typed for a decimal point.
  s = s.replace(/[−﹣]/g, '-').replace(/。/g, '.');
  if (unitSuffix) {
    const unit = unitSuffix.normalize('NFKC').replace(/\s+/g, '');
    if (unit !== '' && unit !== '%' && s.endsWith(unit) && s.length > unit.length) s = s.slice(0, -unit.length);
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  if (!PLAIN.test(s)) return { kind: 'invalid', reason: 'not_number' };
  const value = Number(s);
  if (!Number.isFinite(value)) return { kind: 'invalid', reason: 'not_number' };
  return { kind: 'number', value, percent };
}

/** Parse a cell of any kind. A percent-formatted spreadsheet number is read as it is shown. */
export function parseNumberCell(cell: Cell | undefined, unitSuffix?: string): ParsedNumber {
  if (cell === undefined) return { kind: 'empty' };
  switch (cell.t) {
    case 'text':
      return parseNumberText(cell.v, unitSuffix);
    case 'num':
      if (!Number.isFinite(cell.v)) return { kind: 'invalid', reason: 'not_number' };
      return cell.percent ? { kind: 'number', value: roundForDisplay(cell.v * 100), percent: true } : { kind: 'number', value: cell.v, percent: false };
    case 'bool':
      return { kind: 'invalid', reason: 'not_number' };
    case 'date':
      return { kind: 'invalid', reason: 'date' };
    case 'bad':
      return { kind: 'invalid', reason: cell.why };
  }
}
