/**
 * How a run reads one value: an element's figure (its own final value, else its aggregate) and an
 * indicator's reading (the compiled formula over such figures, with how it was obtained).
 */
import type { Reference } from '../../core/expression/index.js';
import { INDICATOR_METHOD_VERSION } from '../../core/indicator/index.js';
import type { Disaggregation } from '../../storage/repositories/aggregate.repository.js';

export interface ElementReading {
  readonly value: number | null;
  /** `reported`: the region's own final value; `aggregate`: the roll-up row; `none`: nothing stored. */
  readonly source: 'reported' | 'aggregate' | 'none';
  readonly completeness?: number;
  readonly leaves?: readonly [number, number];
  readonly periods?: readonly [number, number];
}

export type ValueStatus = 'reported' | 'complete' | 'incomplete' | 'missing';

export interface IndicatorReading {
  readonly value: number | null;
  readonly status: ValueStatus;
  /** Lowest completeness among the aggregates used (null when none was used). */
  readonly completeness: number | null;
  readonly method: string;
  readonly methodVersion: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, ElementReading>>;
}

export const TOTAL: Disaggregation = { sex: 'total', ageGroup: 'total', area: 'total' };
const SEX: Record<string, string> = { f: 'female', female: 'female', 女: 'female', m: 'male', male: 'male', 男: 'male', total: 'total' };
const AREA: Record<string, string> = { urban: 'urban', 城镇: 'urban', 城市: 'urban', rural: 'rural', 农村: 'rural', 乡村: 'rural', total: 'total' };

/** The disaggregation a reference asks for, or null when a dimension is unknown. */
export function disaggregationOf(ref: Reference): Disaggregation | null {
  if (ref.filter.length === 0) return TOTAL;
  let d = { ...TOTAL };
  for (const term of ref.filter) {
    const value = term.value.trim();
    if (term.dimension === 'sex' && SEX[value.toLowerCase()]) d = { ...d, sex: SEX[value.toLowerCase()]! };
    else if (term.dimension === 'area' && AREA[value.toLowerCase()]) d = { ...d, area: AREA[value.toLowerCase()]! };
    else if (term.dimension === 'age' || term.dimension === 'age_group') d = { ...d, ageGroup: value };
    else return null;
  }
  return d;
}

/** Canonical number text for hashing: 12 significant digits, so last-bit float noise cannot change a hash. */
export function canonicalNumber(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(Number(v.toPrecision(12)));
}

/** The reading of an indicator nothing is stored for (shared: never mutated). */
export const MISSING: IndicatorReading = Object.freeze({ value: null, status: 'missing', completeness: null, method: 'none', methodVersion: INDICATOR_METHOD_VERSION, params: Object.freeze({}), inputs: Object.freeze({}) });

/** The reading of an element nothing is stored for (shared: never mutated). */
export const NONE: ElementReading = Object.freeze({ value: null, source: 'none' });
