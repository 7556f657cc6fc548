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
import { canonicalNumber, disaggregationOf, MISSING, NONE, TOTAL, type ElementReading, type IndicatorReading, type ValueStatus } from './readings.js';
import { elementIn, newCell, slice, type Cell, type Mask } from './value-cells.js';

export { canonicalNumber, disaggregationOf, type ElementReading, type IndicatorReading, type ValueStatus } from './readings.js';

/** What one run's view may read: its periods, the regions whose aggregates and whose own values it read. */
export interface ValueScope {
  readonly periods: ReadonlySet<string>;
  readonly aggregateRegions: ReadonlySet<string>;
  readonly ownRegions: ReadonlySet<string>;
}

interface HashLine {
  readonly own: boolean;
  readonly region: string;
  readonly period: string;
  readonly line: string;
}

export type TimePoint = { readonly t: number; readonly value: number };

/** One indicator in one region as views with one mask see it: yearly values and the series read from them. */
interface SeriesCache {
  readonly values: Map<number, number | null>;
  /** By first·10⁴ + last year with a value: the same points whatever range was asked around them. */
  readonly series: Map<number, readonly SeriesPoint[]>;
  readonly points: Map<number, readonly TimePoint[]>;
  /** Answers by the range asked (from·10⁴ + to): repeated questions skip the scan for the first and last value. */
  readonly asked: Map<number, { readonly series: readonly SeriesPoint[]; readonly points: readonly TimePoint[] }>;
}

type Yearly = Map<string, Map<string, SeriesCache>>;

const NO_POINTS: readonly never[] = Object.freeze([]);

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

  /**
   * @internal Yearly values of an indicator in a region, years `from`…`to`, as views with `mask`
   * see them (every year of the range visible). The same points give the same array, in every view.
   */
  series(mask: Mask, code: string, region: string, from: number, to: number): { series: readonly SeriesPoint[]; points: readonly TimePoint[] } {
    const byCode = this.yearly[mask];
    let byRegion = byCode.get(code);
    if (!byRegion) byCode.set(code, (byRegion = new Map()));
    let cache = byRegion.get(region);
    if (!cache) byRegion.set(region, (cache = { values: new Map(), series: new Map(), points: new Map(), asked: new Map() }));
    const range = from * 10_000 + to;
    const known = cache.asked.get(range);
    if (known) return known;
    const answer = this.scan(mask, code, region, from, to, cache);
    cache.asked.set(range, answer);
    return answer;
  }

  private scan(mask: Mask, code: string, region: string, from: number, to: number, cache: SeriesCache): { series: readonly SeriesPoint[]; points: readonly TimePoint[] } {
    const { values } = cache;
    const value = (year: number): number | null => {
      let v = values.get(year);
      if (v === undefined) values.set(year, (v = this.reading(mask, code, region, String(year)).value));
      return v;
    };
    let first = from;
    while (first <= to && value(first) === null) first++;
    if (first > to) return { series: NO_POINTS, points: NO_POINTS };
    let last = to;
    while (value(last) === null) last--;
    const key = first * 10_000 + last;
    let series = cache.series.get(key);
    let points = cache.points.get(key);
    if (!series || !points) {
      const built: SeriesPoint[] = [];
      for (let year = first; year <= last; year++) {
        const v = value(year);
        if (v !== null) built.push({ year, value: v });
      }
      cache.series.set(key, (series = built));
      cache.points.set(key, (points = built.map((p) => ({ t: p.year, value: p.value }))));
    }
    return { series, points };
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
      cell = newCell();
      byPeriod.set(period, cell);
    }
    return cell;
  }
}

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
  /** The years this view reads, when they are one unbroken range (then series come from the store's shared cache). */
  private readonly span?: { readonly from: number; readonly to: number } | null;
  private readonly years?: ReadonlySet<number>;

  constructor(
    private readonly store: ValueStore,
    private readonly scope?: ValueScope,
  ) {
    if (!scope) return;
    const years = [...scope.periods].filter((p) => /^\d{4}$/.test(p)).map(Number);
    this.years = new Set(years);
    const from = Math.min(...years);
    const to = Math.max(...years);
    this.span = years.length > 0 && to - from + 1 === years.length ? { from, to } : null;
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
  timeSeries(code: string, region: string, from: number, to: number): readonly TimePoint[] {
    return this.read(code, region, from, to).points;
  }

  /** Yearly values of an indicator for a region, years `from`…`to`, missing years left out (a shared array: do not change it). */
  annualSeries(code: string, region: string, from: number, to: number): readonly SeriesPoint[] {
    return this.read(code, region, from, to).series;
  }

  private read(code: string, region: string, from: number, to: number): { series: readonly SeriesPoint[]; points: readonly TimePoint[] } {
    // Years outside the view are left out; when the view sees the whole range, the store's shared series serve.
    const lo = this.span === undefined ? from : this.span === null ? from : Math.max(from, this.span.from);
    const hi = this.span === undefined ? to : this.span === null ? to : Math.min(to, this.span.to);
    if (this.span !== null) return this.store.series(this.regionMask(region), code, region, lo, hi);
    const series: SeriesPoint[] = [];
    for (let year = from; year <= to; year++) {
      if (!this.years!.has(year)) continue;
      const value = this.indicator(code, region, String(year)).value;
      if (value !== null) series.push({ year, value });
    }
    return { series, points: series.map((p) => ({ t: p.year, value: p.value })) };
  }
}
