/** The reporting window of a period: open, due, close, and the last timely day. */
import { VitalsError } from '../errors.js';
import { dayBefore } from '../region/index.js';
import { parsePeriod, periodEnd, type Period } from '../period/index.js';
import { addDays, CHINA_UTC_OFFSET_MINUTES, localDate } from './dates.js';
import type { DataSet, DataSetWindow } from './types.js';

/**
 * Parse a period and check it has the data set's period type.
 * @throws VITALS_E_INVALID_PERIOD
 */
export function requireDataSetPeriod(dataSet: Pick<DataSet, 'code' | 'periodType'>, period: Period | string): Period {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  if (p.type !== dataSet.periodType) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: `${p.code} (data set ${dataSet.code} is reported per ${dataSet.periodType})` }, { period: p.code });
  }
  return p;
}

/**
 * The window of `period`: offsets counted from the period's last day.
 * @example windowFor(quarterly, '2025Q3') with { opens 0, due 15, closes 20, timely 3 }
 *   → { opensAt: '2025-09-30', dueAt: '2025-10-15', closesAt: '2025-10-20', timelyUntil: '2025-10-18' }
 * @throws VITALS_E_INVALID_PERIOD when the period type differs from the data set's
 */
export function windowFor(dataSet: Pick<DataSet, 'code' | 'periodType' | 'schedule'>, period: Period | string): DataSetWindow {
  const p = requireDataSetPeriod(dataSet, period);
  const lastDay = dayBefore(periodEnd(p));
  const s = dataSet.schedule;
  const dueAt = addDays(lastDay, s.dueAfterDays);
  return {
    period: p.code,
    opensAt: addDays(lastDay, s.opensAfterDays),
    dueAt,
    closesAt: addDays(lastDay, s.closesAfterDays),
    timelyUntil: addDays(dueAt, s.timelyDays),
  };
}

/**
 * True when `now` (an ISO date or date-time, passed in: the core has no clock) falls on a day
 * from `opensAt` to `closesAt`, both included, in the reporting time zone.
 */
export function isOpen(
  dataSet: Pick<DataSet, 'code' | 'periodType' | 'schedule'>,
  period: Period | string,
  nowIso: string,
  utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES,
): boolean {
  const window = windowFor(dataSet, period);
  const today = localDate(nowIso, utcOffsetMinutes);
  return window.opensAt <= today && today <= window.closesAt;
}
