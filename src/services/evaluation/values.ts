/**
 * The values a run uses, read once: aggregate rows of the regions in scope and the own
 * (reported) values of regions above the leaf level. Element values resolve as "the region's own
 * final value, else its aggregate"; indicator values are the compiled formula over them (ratios of
 * sums: numerator and denominator aggregated first), or the officially reported value
 * (`<CODE>_VALUE`) when the region has one.
 *
 * A `ValueStore` holds what was read for one or several run years; each run sees it through a
 * `ValueBook`, a view limited to the periods and regions that run reads — so evaluating seven
 * years from one store gives exactly what seven separate runs would, while every indicator
 * reading is computed once and shared by the years that see the same inputs.
 */
import { DEFAULT_COMPLETENESS_THRESHOLD } from '../../core/aggregation/index.js';
import type { Reference } from '../../core/expression/index.js';
import { INDICATOR_METHOD_VERSION, type CompiledIndicator } from '../../core/indicator/index.js';
import type { AggregateFigure, Disaggregation, FinalValue } from '../../storage/repositories/aggregate.repository.js';
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
const MISSING: IndicatorReading = Object.freeze({ value: null, status: 'missing', completeness: null, method: 'none', methodVersion: INDICATOR_METHOD_VERSION, params: Object.freeze({}), inputs: Object.freeze({}) });

/** What one run's view may read: its periods, the regions whose aggregates and whose own values it read. */
export interface ValueScope {
  readonly periods: ReadonlySet<string>;
  readonly aggregateRegions: ReadonlySet<string>;
  readonly ownRegions: ReadonlySet<string>;
}

/** Bit mask of what a view sees of one region × period: 1 = aggregates, 2 = own values. */
type Mask = 0 | 1 | 2 | 3;

/** Everything stored for one region × period. */
interface Cell {
  readonly aggregates: Map<string, AggregateFigure>;
  readonly own: Map<string, number | null>;
  readonly aggregateElements: Set<string>;
  readonly ownElements: Set<string>;
  /** Indicator readings by mask: the same stored figures seen the same way read the same. */
  readonly memo: [Map<string, IndicatorReading>, Map<string, IndicatorReading>, Map<string, IndicatorReading>, Map<string, IndicatorReading>];
}

interface HashLine {
  readonly own: boolean;
  readonly region: string;
  readonly period: string;
  readonly line: string;
}

type Yearly = Map<string, Map<string, Map<number, number | null>>>;

const slice = (element: string, d: Disaggregation) => `${element}|${d.sex}|${d.ageGroup}|${d.area}`;

/** The values read for one or more runs; see `ValueBook` for reading them. */
export class ValueStore {
  /** region → period → cell. */
  private readonly cells = new Map<string, Map<string, Cell>>();
  /** By mask: indicator → region → year → value (series are read many times, by every year's view). */
  private readonly yearly: [Yearly, Yearly, Yearly, Yearly] = [new Map(), new Map(), new Map(), new Map()];
  private readonly lines: HashLine[] = [];
  private readonly elementsOf = new Map<string, readonly string[]>();
  private readonly disaggregations = new WeakMap<Reference, Disaggregation | null>();

  constructor(
    readonly compiled: ReadonlyMap<string, CompiledIndicator>,
    elementCodes: ReadonlyMap<number, string>,
    aggregates: readonly AggregateFigure[],
    own: readonly FinalValue[],
    readonly threshold = DEFAULT_COMPLETENESS_THRESHOLD,
  ) {
    for (const r of aggregates) {
      const code = elementCodes.get(r.dataElementId)!;
      const cell = this.cellFor(r.region, r.period);
      cell.aggregates.set(slice(code, r), r);
      cell.aggregateElements.add(code);
      this.lines.push({
        own: false, region: r.region, period: r.period,
        line: ['A', code, r.region, r.period, r.sex, r.ageGroup, r.area, canonicalNumber(r.value), canonicalNumber(r.numerator), canonicalNumber(r.denominator),
          canonicalNumber(r.weightedSum), canonicalNumber(r.weightSum), r.lastPeriod ?? '', r.leavesExpected, r.leavesContributing,
          r.periodsExpected, r.periodsContributing].join('|'),
      });
    }
    for (const v of own) {
      const code = elementCodes.get(v.dataElementId)!;
      const cell = this.cellFor(v.region, v.period);
      cell.own.set(slice(code, v), v.value);
      cell.ownElements.add(code);
      this.lines.push({ own: true, region: v.region, period: v.period, line: ['V', code, v.region, v.period, v.sex, v.ageGroup, v.area, canonicalNumber(v.value)].join('|') });
    }
  }

  /** A view seeing only `scope` (absent: everything stored). */
  view(scope?: ValueScope): ValueBook {
    return new ValueBook(this, scope);
  }

  /** @internal Canonical lines of the values a scope sees. */
  linesFor(scope: ValueScope | undefined): string[] {
    const out: string[] = [];
    for (const l of this.lines) {
      if (!scope || (scope.periods.has(l.period) && (l.own ? scope.ownRegions : scope.aggregateRegions).has(l.region))) out.push(l.line);
    }
    return out;
  }

  /** @internal An element as a view with `mask` sees it in a region and period. */
  element(mask: Mask, code: string, region: string, period: string, d: Disaggregation): ElementReading {
    const cell = this.cells.get(region)?.get(period);
    return cell && mask !== 0 ? elementIn(cell, mask, code, d) : NONE;
  }

  /** @internal An indicator as a view with `mask` sees it in a region and period. */
  reading(mask: Mask, code: string, region: string, period: string): IndicatorReading {
    const cell = this.cells.get(region)?.get(period);
    // Most region × year pairs hold nothing for most indicators: answer those without allocating.
    if (!cell || mask === 0 || !this.anyStored(cell, mask, code)) return MISSING;
    const memo = cell.memo[mask];
    let reading = memo.get(code);
    if (!reading) memo.set(code, (reading = this.read(cell, mask, code)));
    return reading;
  }

  /** @internal The yearly values of an indicator in a region as a view with `mask` sees them (filled by the caller). */
  yearlyValues(mask: Mask, code: string, region: string): Map<number, number | null> {
    const byCode = this.yearly[mask];
    let byRegion = byCode.get(code);
    if (!byRegion) byCode.set(code, (byRegion = new Map()));
    let years = byRegion.get(region);
    if (!years) byRegion.set(region, (years = new Map()));
    return years;
  }

  private anyStored(cell: Cell, mask: Mask, code: string): boolean {
    let elements = this.elementsOf.get(code);
    if (!elements) {
      elements = [...(this.compiled.get(code)?.dependencies ?? []), `${code}${REPORTED_SUFFIX}`];
      this.elementsOf.set(code, elements);
    }
    for (const e of elements) {
      if (((mask & 1) !== 0 && cell.aggregateElements.has(e)) || ((mask & 2) !== 0 && cell.ownElements.has(e))) return true;
    }
    return false;
  }

  private read(cell: Cell, mask: Mask, code: string): IndicatorReading {
    const compiled = this.compiled.get(code);
    if (!compiled) return { value: null, status: 'missing', completeness: null, method: 'none', methodVersion: '', params: {}, inputs: {} };
    if (compiled.shape === 'ratio') {
      const reportedCode = `${code}${REPORTED_SUFFIX}`;
      const reported = elementIn(cell, mask, reportedCode, TOTAL);
      if (reported.value !== null) {
        return { value: reported.value, status: 'reported', completeness: null, method: 'indicator/reported', methodVersion: INDICATOR_METHOD_VERSION, params: { element: reportedCode }, inputs: { [reportedCode]: reported } };
      }
    }
    const inputs: Record<string, ElementReading> = {};
    const result = compiled.evaluate((k, ref) => {
      let d = this.disaggregations.get(ref);
      if (d === undefined) this.disaggregations.set(ref, (d = disaggregationOf(ref)));
      const reading = d ? elementIn(cell, mask, ref.code, d) : NONE;
      inputs[k] = reading;
      return reading.value;
    });
    // The lowest completeness among the aggregates used; an input without one counts as 1.
    let lowest = Infinity;
    let anyCompleteness = false;
    let allReported = true;
    for (const k in inputs) {
      const i = inputs[k]!;
      if (i.completeness !== undefined) anyCompleteness = true;
      lowest = Math.min(lowest, i.completeness ?? 1);
      if (i.source !== 'reported') allReported = false;
    }
    const completeness = anyCompleteness ? lowest : null;
    const status: ValueStatus =
      result.value === null ? 'missing' : allReported ? 'reported' : completeness !== null && completeness < this.threshold ? 'incomplete' : 'complete';
    return { value: result.value, status, completeness, method: `indicator/${result.method}`, methodVersion: result.methodVersion, params: result.params, inputs };
  }

  private cellFor(region: string, period: string): Cell {
    let byPeriod = this.cells.get(region);
    if (!byPeriod) this.cells.set(region, (byPeriod = new Map()));
    let cell = byPeriod.get(period);
    if (!cell) {
      cell = { aggregates: new Map(), own: new Map(), aggregateElements: new Set(), ownElements: new Set(), memo: [new Map(), new Map(), new Map(), new Map()] };
      byPeriod.set(period, cell);
    }
    return cell;
  }
}

const NONE: ElementReading = Object.freeze({ value: null, source: 'none' });

export interface SeriesPoint {
  readonly year: number;
  readonly value: number;
}

/**
 * One run's view of a `ValueStore`: element and indicator values as that run reads them.
 * Series are returned as shared, read-only arrays (the same call gives the same array).
 */
export class ValueBook {
  private readonly masks = new Map<string, Mask>();
  /** indicator → region → from·10⁴ + to → series. */
  private readonly series = new Map<string, Map<string, Map<number, readonly SeriesPoint[]>>>();
  private readonly points = new Map<string, readonly { readonly t: number; readonly value: number }[]>();
  private readonly years?: ReadonlySet<number>;

  constructor(
    private readonly store: ValueStore,
    private readonly scope?: ValueScope,
  ) {
    if (scope) this.years = new Set([...scope.periods].filter((p) => /^\d{4}$/.test(p)).map(Number));
  }

  /** A book seeing everything given (one run's reading). */
  static of(compiled: ReadonlyMap<string, CompiledIndicator>, elementCodes: ReadonlyMap<number, string>, aggregates: readonly AggregateFigure[], own: readonly FinalValue[]): ValueBook {
    return new ValueStore(compiled, elementCodes, aggregates, own).view();
  }

  /** Canonical lines of every value read (hashed into the run's inputs hash). */
  hashLines(): readonly string[] {
    return this.store.linesFor(this.scope);
  }

  /** What this view reads of a region: its aggregates (1), its own values (2). */
  private regionMask(region: string): Mask {
    const s = this.scope;
    if (!s) return 3;
    let mask = this.masks.get(region);
    if (mask === undefined) this.masks.set(region, (mask = ((s.aggregateRegions.has(region) ? 1 : 0) | (s.ownRegions.has(region) ? 2 : 0)) as Mask));
    return mask;
  }

  private mask(region: string, period: string): Mask {
    return this.scope && !this.scope.periods.has(period) ? 0 : this.regionMask(region);
  }

  element(code: string, region: string, period: string, d: Disaggregation = TOTAL): ElementReading {
    return this.store.element(this.mask(region, period), code, region, period, d);
  }

  /** The indicator's value for a region and period, with how it was obtained. */
  indicator(code: string, region: string, period: string): IndicatorReading {
    return this.store.reading(this.mask(region, period), code, region, period);
  }

  /** `annualSeries` as time points `{ t, value }` (progress methods' input; a shared array: do not change it). */
  timeSeries(code: string, region: string, from: number, to: number): readonly { readonly t: number; readonly value: number }[] {
    const key = `t|${code}|${region}|${from}|${to}`;
    let out = this.points.get(key);
    if (!out) this.points.set(key, (out = this.annualSeries(code, region, from, to).map((p) => ({ t: p.year, value: p.value }))));
    return out;
  }

  /** Yearly values of an indicator for a region, years `from`…`to`, missing years left out (a shared array: do not change it). */
  annualSeries(code: string, region: string, from: number, to: number): readonly SeriesPoint[] {
    let byRegion = this.series.get(code);
    if (!byRegion) this.series.set(code, (byRegion = new Map()));
    let byRange = byRegion.get(region);
    if (!byRange) byRegion.set(region, (byRange = new Map()));
    const range = from * 10_000 + to;
    let out = byRange.get(range);
    if (out) return out;
    const mask = this.regionMask(region);
    const values = this.store.yearlyValues(mask, code, region);
    const points: SeriesPoint[] = [];
    for (let year = from; year <= to; year++) {
      if (this.years && !this.years.has(year)) continue;
      let value = values.get(year);
      if (value === undefined) values.set(year, (value = this.store.reading(mask, code, region, String(year)).value));
      if (value !== null) points.push({ year, value });
    }
    byRange.set(range, (out = points));
    return out;
  }
}
/** An element's reading in a cell as a view with `mask` sees it: the own value first, else the aggregate. */
function elementIn(cell: Cell, mask: Mask, code: string, d: Disaggregation): ElementReading {
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
