/**
 * Effective dating. A region exists on the half-open interval [validFrom, validTo): validFrom
 * inclusive, validTo exclusive (null while current). ISO `YYYY-MM-DD` strings compare correctly
 * as strings, so no Date object (with its time zone) is needed except to check calendar days.
 */
import type { Region } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The calendar day before `iso` (used to turn an exclusive period end into its last day). */
export function dayBefore(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) - 1));
  return date.toISOString().slice(0, 10);
}

type Dated = Pick<Region, 'validFrom' | 'validTo'>;

/** The region exists on day `iso`. */
export function isActiveAt(region: Dated, iso: string): boolean {
  return region.validFrom <= iso && (region.validTo === null || iso < region.validTo);
}

/** The region exists on at least one day of [start, endExclusive). */
export function isActiveDuring(region: Dated, start: string, endExclusive: string): boolean {
  return region.validFrom < endExclusive && (region.validTo === null || region.validTo > start);
}

/** The region exists on the last day of [start, endExclusive): the structure in force at the close. */
export function isActiveAtClose(region: Dated, endExclusive: string): boolean {
  return region.validFrom < endExclusive && (region.validTo === null || region.validTo >= endExclusive);
}

/** The region exists on the first day of the interval: the structure in force at the opening. */
export function isActiveAtOpening(region: Dated, start: string): boolean {
  return isActiveAt(region, start);
}
