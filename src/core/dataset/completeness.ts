/**
 * Completeness (完整率) and timeliness (及时率), computed from the data actually entered into
 * the expected cells, never from a "complete" button. Two granularities:
 * - cells: entered cells / expected cells;
 * - reports: regions whose every expected cell is entered / regions expected.
 * Timeliness counts a cell as timely when a value first appeared in it on or before the last
 * timely day (due date + timely days); a report is timely when its last cell was timely.
 */
import { VitalsError } from '../errors.js';
import { cellKey } from './cells.js';
import { CHINA_UTC_OFFSET_MINUTES, addDays, localDate } from './dates.js';
import type { EnteredCell, ExpectedCell } from './types.js';

export const COMPLETENESS_METHOD = 'vitals.completeness';
export const TIMELINESS_METHOD = 'vitals.timeliness';
export const REPORTING_METHOD_VERSION = '1.0.0';

/** A count over a denominator, as a percentage (0–100) or null when nothing is expected. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly percent: number | null;
}

/** One region's report in the completeness result. */
export interface RegionReport {
  readonly region: string;
  readonly expected: number;
  readonly entered: number;
  /** Every expected cell has a value. */
  readonly complete: boolean;
}

/** One region's report in the timeliness result. */
export interface RegionTimeliness extends RegionReport {
  readonly timely: number;
  /** Every expected cell had a value by the last timely day. */
  readonly onTime: boolean;
}

export interface CompletenessResult {
  readonly method: typeof COMPLETENESS_METHOD;
  readonly methodVersion: string;
  readonly params: Record<string, never>;
  readonly cells: Rate;
  readonly reports: Rate;
  readonly byRegion: readonly RegionReport[];
  /** Expected cells without a value, in the expected order. */
  readonly missing: readonly ExpectedCell[];
  /** Entered cells that no one expected (ignored in the rates). */
  readonly unexpected: number;
}

export interface TimelinessResult {
  readonly method: typeof TIMELINESS_METHOD;
  readonly methodVersion: string;
  readonly params: { readonly dueAt: string; readonly timelyDays: number; readonly timelyUntil: string; readonly utcOffsetMinutes: number };
  readonly cells: Rate;
  readonly reports: Rate;
  readonly byRegion: readonly RegionTimeliness[];
  /** Entered expected cells whose first entry came after the last timely day. */
  readonly late: readonly ExpectedCell[];
}

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: denominator === 0 ? null : (numerator / denominator) * 100 };
}

/** Index entered cells by key; a cell listed twice is a caller error. */
function indexEntered(entered: readonly EnteredCell[]): Map<string, EnteredCell> {
  const index = new Map<string, EnteredCell>();
  entered.forEach((cell, i) => {
    const key = cellKey(cell);
    if (index.has(key)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `entered[${i}] repeats cell ${cell.element} / ${cell.region} / ${cell.period}` });
    }
    if (cell.value !== null && (typeof cell.value !== 'number' || !Number.isFinite(cell.value))) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `entered[${i}].value must be a finite number or null` });
    }
    index.set(key, cell);
  });
  return index;
}

function tally(expected: readonly ExpectedCell[], index: Map<string, EnteredCell>, timelyUntil: string | null, utcOffsetMinutes: number) {
  const byRegion = new Map<string, { expected: number; entered: number; timely: number }>();
  const missing: ExpectedCell[] = [];
  const late: ExpectedCell[] = [];
  const seen = new Set<string>();
  for (const cell of expected) {
    const key = cellKey(cell);
    if (seen.has(key)) continue; // an expected list with repeats must not inflate the denominator
    seen.add(key);
    const row = byRegion.get(cell.region) ?? { expected: 0, entered: 0, timely: 0 };
    byRegion.set(cell.region, row);
    row.expected++;
    const found = index.get(key);
    if (!found || found.value === null) {
      missing.push(cell);
      continue;
    }
    row.entered++;
    if (timelyUntil !== null) {
      if (localDate(found.firstEnteredAt, utcOffsetMinutes) <= timelyUntil) row.timely++;
      else late.push(cell);
    }
  }
  const regions: RegionTimeliness[] = [...byRegion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, r]) => ({ region, ...r, complete: r.entered === r.expected, onTime: r.timely === r.expected }));
  const unexpected = [...index.keys()].filter((k) => !seen.has(k)).length;
  return { regions, missing, late, expectedCount: seen.size, unexpected };
}

/**
 * Completeness of `entered` against `expected`.
 * @example 2 regions × 2 elements expected, 3 cells entered (one region full) →
 *   cells 3/4 = 75 %, reports 1/2 = 50 %
 */
export function completeness(expected: readonly ExpectedCell[], entered: readonly EnteredCell[]): CompletenessResult {
  const t = tally(expected, indexEntered(entered), null, CHINA_UTC_OFFSET_MINUTES);
  const enteredCells = t.regions.reduce((sum, r) => sum + r.entered, 0);
  return {
    method: COMPLETENESS_METHOD,
    methodVersion: REPORTING_METHOD_VERSION,
    params: {},
    cells: rate(enteredCells, t.expectedCount),
    reports: rate(t.regions.filter((r) => r.complete).length, t.regions.length),
    byRegion: t.regions.map(({ region, expected: e, entered: n, complete }) => ({ region, expected: e, entered: n, complete })),
    missing: t.missing,
    unexpected: t.unexpected,
  };
}

/**
 * Timeliness of `entered` against `expected`: timely when first entered on or before
 * `dueAt + timelyDays` (days in the reporting time zone, UTC+8 by default).
 * @example due 2025-10-15, timelyDays 3 → an entry at 2025-10-18T20:00:00+08:00 is timely, one at 2025-10-19T00:10:00+08:00 is late
 */
export function timeliness(
  expected: readonly ExpectedCell[],
  entered: readonly EnteredCell[],
  deadline: { readonly dueAt: string; readonly timelyDays: number },
  utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES,
): TimelinessResult {
  if (!Number.isInteger(deadline.timelyDays) || deadline.timelyDays < 0) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `timelyDays must be an integer ≥ 0, not ${deadline.timelyDays}` });
  }
  const timelyUntil = addDays(deadline.dueAt, deadline.timelyDays);
  const t = tally(expected, indexEntered(entered), timelyUntil, utcOffsetMinutes);
  const timelyCells = t.regions.reduce((sum, r) => sum + r.timely, 0);
  return {
    method: TIMELINESS_METHOD,
    methodVersion: REPORTING_METHOD_VERSION,
    params: { dueAt: deadline.dueAt, timelyDays: deadline.timelyDays, timelyUntil, utcOffsetMinutes },
    cells: rate(timelyCells, t.expectedCount),
    reports: rate(t.regions.filter((r) => r.onTime).length, t.regions.length),
    byRegion: t.regions,
    late: t.late,
  };
}
