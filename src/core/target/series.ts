/**
 * Yearly series as the attainment engine reads them: validated, sorted, missing values
 * dropped, and the "latest value within a staleness window" rule in one place.
 */
import { VitalsError } from '../errors.js';
import type { SeriesPoint } from './attainment.types.js';

/** Observed (non-missing) points, ascending by year. */
export type Observed = readonly { readonly year: number; readonly value: number }[];

/**
 * Validates and sorts a series. Duplicate years must agree; values must be finite or null.
 * @throws VitalsError VITALS_E_INVALID_INPUT naming `label` and the offending year.
 */
export function observed(points: readonly SeriesPoint[] | undefined, label: string): Observed {
  if (points === undefined) return [];
  if (!Array.isArray(points)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${label}: the series must be a list of { year, value }` });
  }
  const byYear = new Map<number, number | null>();
  for (const point of points) {
    const year = point?.year;
    if (!Number.isInteger(year)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${label}: year must be an integer, got ${String(year)}` });
    }
    const value = point.value;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${label} ${year}: value must be a finite number or null, got ${String(value)}` });
    }
    if (byYear.has(year)) {
      const previous = byYear.get(year);
      // A repeated identical row is harmless; two different values for one year are not.
      if (previous !== value) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', {
          detail: `${label} ${year}: two different values (${String(previous)} and ${String(value)})`,
        });
      }
    }
    byYear.set(year, value);
  }
  return [...byYear.entries()]
    .filter((entry): entry is [number, number] => entry[1] !== null)
    .map(([year, value]) => ({ year, value }))
    .sort((a, b) => a.year - b.year);
}

/** The value observed in exactly `year`, if any. */
export function valueAt(series: Observed, year: number): number | undefined {
  return series.find((p) => p.year === year)?.value;
}

/** The latest observation in [year − maxStaleness, year]. */
export function latestWithin(series: Observed, year: number, maxStaleness: number): { year: number; value: number } | undefined {
  for (let i = series.length - 1; i >= 0; i--) {
    const point = series[i]!;
    if (point.year > year) continue;
    return point.year >= year - maxStaleness ? point : undefined;
  }
  return undefined;
}

/** Observations within [from, to], ascending. */
export function between(series: Observed, from: number, to: number): Observed {
  return series.filter((p) => p.year >= from && p.year <= to);
}
