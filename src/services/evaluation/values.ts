/**
 * The values a run uses, read once: aggregate rows of the regions in scope and the own
 * (reported) values of regions above the leaf level. Element values resolve as "the region's own
 * final value, else its aggregate"; indicator values are the compiled formula over them (ratios of
 * sums: numerator and denominator aggregated first), or the officially reported value
 * (`<CODE>_VALUE`) when the region has one.
 */
import { DEFAULT_COMPLETENESS_THRESHOLD } from '../../core/aggregation/index.js';
import type { Reference } from '../../core/expression/index.js';
import { INDICATOR_METHOD_VERSION, type CompiledIndicator } from '../../core/indicator/index.js';
import type { AggregateRow, Disaggregation, FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { REPORTED_SUFFIX } from './context.js';

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

const TOTAL: Disaggregation = { sex: 'total', ageGroup: 'total', area: 'total' };
const SEX: Record<string, string> = { f: 'female', female: 'female', 女: 'female', m: 'male', male: 'male', 男: 'male', total: 'total' };
const AREA: Record<string, string> = { urban: 'urban', 城镇: 'urban', 城市: 'urban', rural: 'rural', 农村: 'rural', 乡村: 'rural', total: 'total' };

/** The disaggregation a reference asks for, or null when a dimension is unknown. */
export function disaggregationOf(ref: Reference): Disaggregation | null {
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
const MISSING: IndicatorReading = Object.freeze({ value: null, status: 'missing', completeness: null, method: 'none', methodVersion: INDICATOR_METHOD_VERSION, params: Object.freeze({}), inputs: Object.freeze({}) });

const key = (element: string, region: string, period: string, d: Disaggregation) => `${element}|${region}|${period}|${d.sex}|${d.ageGroup}|${d.area}`;

export class ValueBook {
  private readonly aggregates = new Map<string, AggregateRow>();
  private readonly own = new Map<string, number | null>();
  private readonly memo = new Map<string, IndicatorReading>();
  /** `indicator|region` → year → value: series are read many times per region, with few distinct keys. */
  private readonly yearly = new Map<string, Map<number, number | null>>();
  /** `element|region|period` with a stored figure: an indicator none of whose elements is present is missing without evaluating. */
  private readonly present = new Set<string>();
  private readonly lines: string[] = [];
  private readonly elementsOf = new Map<string, string[]>();

  constructor(
    private readonly compiled: ReadonlyMap<string, CompiledIndicator>,
    elementCodes: ReadonlyMap<number, string>,
    aggregates: readonly AggregateRow[],
    own: readonly FinalValue[],
    private readonly threshold = DEFAULT_COMPLETENESS_THRESHOLD,
  ) {
    for (const r of aggregates) {
      const code = elementCodes.get(r.dataElementId)!;
      this.aggregates.set(key(code, r.region, r.period, r), r);
      this.present.add(`${code}|${r.region}|${r.period}`);
      this.lines.push(
        ['A', key(code, r.region, r.period, r), canonicalNumber(r.value), canonicalNumber(r.numerator), canonicalNumber(r.denominator),
          canonicalNumber(r.weightedSum), canonicalNumber(r.weightSum), r.lastPeriod ?? '', r.leavesExpected, r.leavesContributing,
          r.periodsExpected, r.periodsContributing].join('|'),
      );
    }
    for (const v of own) {
      const code = elementCodes.get(v.dataElementId)!;
      this.own.set(key(code, v.region, v.period, v), v.value);
      this.present.add(`${code}|${v.region}|${v.period}`);
      this.lines.push(['V', key(code, v.region, v.period, v), canonicalNumber(v.value)].join('|'));
    }
  }

  /** Canonical lines of every value read (hashed into the run's inputs hash). */
  hashLines(): readonly string[] {
    return this.lines;
  }

  element(code: string, region: string, period: string, d: Disaggregation = TOTAL): ElementReading {
    const k = key(code, region, period, d);
    const own = this.own.get(k);
    if (own !== undefined && own !== null) return { value: own, source: 'reported' };
    const row = this.aggregates.get(k);
    if (!row) return { value: null, source: 'none' };
    return {
      value: row.value,
      source: 'aggregate',
      completeness: row.completeness,
      leaves: [row.leavesContributing, row.leavesExpected],
      periods: [row.periodsContributing, row.periodsExpected],
    };
  }

  /** The indicator's value for a region and period, with how it was obtained. */
  indicator(code: string, region: string, period: string): IndicatorReading {
    // Most region × year pairs hold nothing for most indicators: answer those without allocating.
    if (!this.anyStored(code, region, period)) return MISSING;
    const memoKey = `${code}|${region}|${period}`;
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    const reading = this.read(code, region, period);
    this.memo.set(memoKey, reading);
    return reading;
  }

  /** Whether any element the indicator reads (or its reported value) is stored for the region and period. */
  private anyStored(code: string, region: string, period: string): boolean {
    let elements = this.elementsOf.get(code);
    if (!elements) {
      elements = [...(this.compiled.get(code)?.dependencies ?? []), `${code}${REPORTED_SUFFIX}`];
      this.elementsOf.set(code, elements);
    }
    const suffix = `|${region}|${period}`;
    return elements.some((e) => this.present.has(e + suffix));
  }

  private read(code: string, region: string, period: string): IndicatorReading {
    const compiled = this.compiled.get(code);
    if (!compiled) return { value: null, status: 'missing', completeness: null, method: 'none', methodVersion: '', params: {}, inputs: {} };
    if (compiled.shape === 'ratio') {
      const reported = this.element(`${code}${REPORTED_SUFFIX}`, region, period);
      if (reported.value !== null) {
        return { value: reported.value, status: 'reported', completeness: null, method: 'indicator/reported', methodVersion: INDICATOR_METHOD_VERSION, params: { element: `${code}${REPORTED_SUFFIX}` }, inputs: { [`${code}${REPORTED_SUFFIX}`]: reported } };
      }
    }
    const inputs: Record<string, ElementReading> = {};
    const result = compiled.evaluate((k, ref) => {
      const d = disaggregationOf(ref);
      const reading = d ? this.element(ref.code, region, period, d) : { value: null, source: 'none' as const };
      inputs[k] = reading;
      return reading.value;
    });
    const used = Object.values(inputs);
    const completeness = used.some((i) => i.completeness !== undefined) ? Math.min(...used.map((i) => i.completeness ?? 1)) : null;
    const status: ValueStatus =
      result.value === null ? 'missing' : used.every((i) => i.source === 'reported') ? 'reported' : completeness !== null && completeness < this.threshold ? 'incomplete' : 'complete';
    return { value: result.value, status, completeness, method: `indicator/${result.method}`, methodVersion: result.methodVersion, params: result.params, inputs };
  }

  /** Yearly values of an indicator for a region, years `from`…`to`, missing years left out. */
  annualSeries(code: string, region: string, from: number, to: number): { year: number; value: number }[] {
    const k = `${code}|${region}`;
    let years = this.yearly.get(k);
    if (!years) this.yearly.set(k, (years = new Map()));
    const out: { year: number; value: number }[] = [];
    for (let year = from; year <= to; year++) {
      let value = years.get(year);
      if (value === undefined) years.set(year, (value = this.indicator(code, region, String(year)).value));
      if (value !== null) out.push({ year, value });
    }
    return out;
  }
}
