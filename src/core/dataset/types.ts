/**
 * Data sets (报表 / forms): data elements collected together, by regions at given levels, for
 * periods of one type, within a window after each period ends, through an approval chain.
 */
import type { LocalizedText } from '../indicator/types.js';
import type { PeriodType } from '../period/types.js';
import type { RegionLevel } from '../region/types.js';
import type { DataSetWorkflow } from '../workflow/index.js';

export interface DataSetSection {
  readonly code: string;
  readonly name: LocalizedText;
}

/** One data element on the form. Display order: section order, then `order`. */
export interface DataSetElement {
  /** Data element code (a reference key such as `BIRTHS` or `BIRTHS|sex=F`). */
  readonly element: string;
  readonly section?: string;
  readonly order: number;
}

/**
 * When a period's form opens, closes and is due, in days counted from the period's LAST day
 * (day 0 = e.g. 2025-09-30 for 2025Q3). Windows include both ends.
 * @example { opensAfterDays: 0, closesAfterDays: 20, dueAfterDays: 15, timelyDays: 0 } for 2025Q3:
 *   opens 2025-09-30, due 2025-10-15, closes 2025-10-20.
 */
export interface DataSetSchedule {
  /** May be negative: an annual form can open before 31 December. */
  readonly opensAfterDays: number;
  readonly closesAfterDays: number;
  readonly dueAfterDays: number;
  /** Days of grace after the due date that still count as timely (及时). */
  readonly timelyDays: number;
}

export interface DataSet {
  readonly code: string;
  readonly name: LocalizedText;
  readonly periodType: PeriodType;
  /** Levels whose regions report this form (e.g. `['county']`). */
  readonly reportingLevels: readonly RegionLevel[];
  readonly sections: readonly DataSetSection[];
  /** In display order. */
  readonly elements: readonly DataSetElement[];
  readonly schedule: DataSetSchedule;
  readonly workflow: DataSetWorkflow;
}

/** The dates of one period's window, as ISO days. */
export interface DataSetWindow {
  readonly period: string;
  readonly opensAt: string;
  readonly dueAt: string;
  readonly closesAt: string;
  /** Last day an entry still counts as timely: dueAt + timelyDays. */
  readonly timelyUntil: string;
}

/** One expected cell: this element, from this region, for this period. */
export interface ExpectedCell {
  readonly element: string;
  readonly region: string;
  readonly period: string;
}

/** A cell as stored: its current value and when a value first appeared in it. */
export interface EnteredCell extends ExpectedCell {
  /** Current value; null when it was cleared (then the cell counts as not entered). */
  readonly value: number | null;
  /** ISO date or date-time when a value was first entered. */
  readonly firstEnteredAt: string;
}
