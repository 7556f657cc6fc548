/** Periods: stable codes, parsing, ordering, containment and conversion. */
export type { PeriodType } from './types.js';
export {
  type Period,
  PERIOD_TYPES,
  MONTHS_PER_PERIOD,
  MIN_YEAR,
  MAX_YEAR,
  makePeriod,
  parsePeriod,
  isPeriodCode,
  formatPeriod,
  periodType,
  periodTypeRank,
  periodsPerYear,
} from './period.js';
export {
  periodStart,
  periodEnd,
  comparePeriods,
  periodContains,
  periodsWithin,
  containingPeriod,
  shiftPeriod,
  periodRange,
  samePeriodLastYear,
  yearFraction,
} from './calendar.js';
export { normalizePeriodCode } from './normalize.js';
