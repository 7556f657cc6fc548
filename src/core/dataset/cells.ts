/** Expected cells: which element, from which region, for which period. */
import { periodEnd, type Period } from '../period/index.js';
import { isActiveAtClose } from '../region/index.js';
import type { Region } from '../region/types.js';
import type { DataSet, ExpectedCell } from './types.js';
import { requireDataSetPeriod } from './window.js';

/** Canonical key of a cell: `element␟region␟period` (the unit separator cannot occur in codes). */
export function cellKey(cell: ExpectedCell): string {
  return `${cell.element}\u001f${cell.region}\u001f${cell.period}`;
}

/**
 * The regions that report `dataSet` for `period`: those at a reporting level that exist on the
 * period's last day (the structure in force at its close reports it; a county abolished
 * mid-year is reported by its successor). Sorted by code.
 */
export function reportingRegions(dataSet: Pick<DataSet, 'reportingLevels' | 'code' | 'periodType'>, regions: Iterable<Region>, period: Period | string): Region[] {
  const p = requireDataSetPeriod(dataSet, period);
  const end = periodEnd(p);
  const out: Region[] = [];
  for (const region of regions) {
    if (dataSet.reportingLevels.includes(region.level) && isActiveAtClose(region, end)) out.push(region);
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Every cell expected for `period`: each element of the form × each reporting region.
 * Ordered by region code, then form order.
 * @example expectedCells(form with [BIRTHS, DEATHS], [county 130102, county 130104, city 130100], '2025')
 *   → 130102 BIRTHS, 130102 DEATHS, 130104 BIRTHS, 130104 DEATHS (the city does not report)
 * @throws VITALS_E_INVALID_PERIOD when the period type differs from the data set's
 */
export function expectedCells(dataSet: DataSet, regions: Iterable<Region>, period: Period | string): ExpectedCell[] {
  const p = requireDataSetPeriod(dataSet, period);
  return reportingRegions(dataSet, regions, p).flatMap((region) =>
    dataSet.elements.map((e) => ({ element: e.element, region: region.code, period: p.code })),
  );
}
