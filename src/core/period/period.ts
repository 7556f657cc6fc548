/**
 * Periods: the time axis of every data value. Stable codes `2025`, `2025H1`, `2025Q3`,
 * `2025M07` are the only form stored or exchanged; lenient human input goes through
 * `normalizePeriodCode` first.
 */
import { VitalsError } from '../errors.js';
import type { PeriodType } from './types.js';

/**
 * One calendar period. `index` is 1-based within the year: H1..H2, Q1..Q4, M1..M12;
 * a year has index 1.
 */
export interface Period {
  readonly code: string;
  readonly type: PeriodType;
  readonly year: number;
  readonly index: number;
}

/** Coarsest first; the order `comparePeriods` uses to break ties between equal starts. */
export const PERIOD_TYPES: readonly PeriodType[] = ['year', 'half_year', 'quarter', 'month'];

/** Months covered by one period of each type. */
export const MONTHS_PER_PERIOD: Readonly<Record<PeriodType, number>> = {
  year: 12,
  half_year: 6,
  quarter: 3,
  month: 1,
};

/** Periods of each type in one year. */
export function periodsPerYear(type: PeriodType): number {
  return 12 / MONTHS_PER_PERIOD[type];
}

/**
 * Years outside this window are almost certainly typos (`0225`, `20255`); keeping the
 * window closed also keeps every period end a four-digit ISO date.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const STRICT = /^(\d{4})(?:(H)([12])|(Q)([1-4])|(M)(0[1-9]|1[0-2]))?$/;

function invalid(value: string, reason?: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_PERIOD', { value: reason ? `${value} (${reason})` : value }, { value, reason });
}

/**
 * Build a period from its parts.
 * @throws VitalsError VITALS_E_INVALID_PERIOD when the year or index is out of range.
 * @example makePeriod('quarter', 2025, 3).code === '2025Q3'
 */
export function makePeriod(type: PeriodType, year: number, index = 1): Period {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw invalid(`${type} ${year}/${index}`, `year must be an integer in ${MIN_YEAR}–${MAX_YEAR}`);
  }
  const count = periodsPerYear(type);
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw invalid(`${type} ${year}/${index}`, `index must be an integer in 1–${count}`);
  }
  const code = formatParts(type, year, index);
  return Object.freeze({ code, type, year, index });
}

function formatParts(type: PeriodType, year: number, index: number): string {
  switch (type) {
    case 'year':
      return String(year);
    case 'half_year':
      return `${year}H${index}`;
    case 'quarter':
      return `${year}Q${index}`;
    case 'month':
      return `${year}M${String(index).padStart(2, '0')}`;
  }
}

/**
 * Parse a strict period code: `2025`, `2025H1`, `2025Q3`, `2025M07` (two-digit month).
 * @throws VitalsError VITALS_E_INVALID_PERIOD for anything else (use `normalizePeriodCode` for human input).
 */
export function parsePeriod(code: string): Period {
  if (typeof code !== 'string') throw invalid(String(code), 'not a string');
  const m = STRICT.exec(code);
  if (!m) throw invalid(code, 'expected 2025, 2025H1, 2025Q3 or 2025M07');
  const year = Number(m[1]);
  if (m[2]) return makePeriod('half_year', year, Number(m[3]));
  if (m[4]) return makePeriod('quarter', year, Number(m[5]));
  if (m[6]) return makePeriod('month', year, Number(m[7]));
  return makePeriod('year', year, 1);
}

/** True when `code` is a strict period code. */
export function isPeriodCode(code: string): boolean {
  try {
    parsePeriod(code);
    return true;
  } catch {
    return false;
  }
}

/** The strict code of a period (the inverse of `parsePeriod`). */
export function formatPeriod(p: Period): string {
  return formatParts(p.type, p.year, p.index);
}

/** The type of a strict period code. @throws VITALS_E_INVALID_PERIOD */
export function periodType(code: string): PeriodType {
  return parsePeriod(code).type;
}

/** Position of a type from coarse (0 = year) to fine (3 = month). */
export function periodTypeRank(type: PeriodType): number {
  return PERIOD_TYPES.indexOf(type);
}
