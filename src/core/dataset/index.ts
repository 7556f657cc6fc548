/**
 * Data sets (forms): definition, reporting windows, expected cells, completeness and
 * timeliness from the data actually entered. See docs/workflow.md.
 */
export type { DataSet, DataSetSection, DataSetElement, DataSetSchedule, DataSetWindow, ExpectedCell, EnteredCell } from './types.js';
export { parseDataSet } from './parse.js';
export { addDays, localDate, CHINA_UTC_OFFSET_MINUTES } from './dates.js';
export { windowFor, isOpen, requireDataSetPeriod } from './window.js';
export { cellKey, expectedCells, reportingRegions } from './cells.js';
export {
  completeness,
  timeliness,
  COMPLETENESS_METHOD,
  TIMELINESS_METHOD,
  REPORTING_METHOD_VERSION,
  type Rate,
  type RegionReport,
  type RegionTimeliness,
  type CompletenessResult,
  type TimelinessResult,
} from './completeness.js';
