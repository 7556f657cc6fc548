/**
 * Calendar days without a clock. Deadlines are days in the reporting time zone (China
 * Standard Time, UTC+8, by default), so an entry at 2025-10-15T23:30:00Z counts on 10-16.
 */
import { VitalsError } from '../errors.js';
import { isIsoDate } from '../region/index.js';

/** Minutes east of UTC of China Standard Time. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

/**
 * `iso` plus `days` calendar days.
 * @example addDays('2025-09-30', 20) === '2025-10-20'
 */
export function addDays(iso: string, days: number): string {
  if (!isIsoDate(iso)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `not an ISO date: ${JSON.stringify(iso)}` });
  if (!Number.isInteger(days)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `day offset must be an integer, not ${days}` });
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The calendar day of an ISO date or date-time in the reporting time zone. A date stays as it
 * is; a date-time without a zone is taken as already local; one with a zone is converted.
 * @example localDate('2025-10-15T23:30:00Z') === '2025-10-16'   // 07:30 on the 16th in Beijing
 * @throws VITALS_E_INVALID_INPUT
 */
export function localDate(iso: string, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  if (isIsoDate(iso)) return iso;
  const m = typeof iso === 'string' ? DATE_TIME.exec(iso) : null;
  if (!m || !isIsoDate(m[1])) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `not an ISO date or date-time: ${JSON.stringify(iso)}` });
  if (m[5] === undefined) return m[1];
  // The ECMAScript date-time format wants `+08:00`, not `+0800`.
  const zone = m[5].length === 5 ? `${m[5].slice(0, 3)}:${m[5].slice(3)}` : m[5];
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${zone}`);
  if (Number.isNaN(ms)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `not an ISO date-time: ${JSON.stringify(iso)}` });
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
