/**
 * What a value store keeps for one region × period, and how a view reads an element there:
 * the region's own final value first, else its aggregate row.
 */
import type { AggregateFigure, Disaggregation } from '../../storage/repositories/aggregate.repository.js';
import type { ElementReading, IndicatorReading } from './readings.js';

/** Bit mask of what a view sees of one region × period: 1 = aggregates, 2 = own values. */
export type Mask = 0 | 1 | 2 | 3;

/** Everything stored for one region × period. */
export interface Cell {
  readonly aggregates: Map<string, AggregateFigure>;
  readonly own: Map<string, number | null>;
  readonly aggregateElements: Set<string>;
  readonly ownElements: Set<string>;
  /** Indicator readings by mask: the same stored figures seen the same way read the same. */
  readonly memo: [Map<string, IndicatorReading>, Map<string, IndicatorReading>, Map<string, IndicatorReading>, Map<string, IndicatorReading>];
}

export const newCell = (): Cell => ({ aggregates: new Map(), own: new Map(), aggregateElements: new Set(), ownElements: new Set(), memo: [new Map(), new Map(), new Map(), new Map()] });

export const slice = (element: string, d: Disaggregation) => `${element}|${d.sex}|${d.ageGroup}|${d.area}`;

/** An element's reading in a cell as a view with `mask` sees it: the own value first, else the aggregate. */
export function elementIn(cell: Cell, mask: Mask, code: string, d: Disaggregation): ElementReading {
  const k = slice(code, d);
  if ((mask & 2) !== 0) {
    const own = cell.own.get(k);
    if (own !== undefined && own !== null) return { value: own, source: 'reported' };
  }
  const row = (mask & 1) !== 0 ? cell.aggregates.get(k) : undefined;
  if (!row) return { value: null, source: 'none' };
  return {
    value: row.value,
    source: 'aggregate',
    completeness: row.completeness,
    leaves: [row.leavesContributing, row.leavesExpected],
    periods: [row.periodsContributing, row.periodsExpected],
  };
}
