/**
 * One region × one target: attainment (as of the run year, or at the milestone when it has
 * passed), progress by every selected method (milestones not yet passed), and a checkpoint
 * warning where the run year has sub-annual values. Each becomes one result row with the inputs
 * it used in its provenance.
 */
import { isVitalsError } from '../../core/errors.js';
import type { Polarity } from '../../core/indicator/index.js';
import { yearFraction, parsePeriod, MONTHS_PER_PERIOD } from '../../core/period/index.js';
import { assessProgress, type ProgressPolarity, type TimePoint } from '../../core/progress/index.js';
import type { Region, RegionTree } from '../../core/region/index.js';
import { evaluateAttainment, resolveTarget, thresholdOf, type AttainmentInputs, type SeriesPoint, type TargetSpec, type TargetTest } from '../../core/target/index.js';
import { assessCheckpoint, type CheckpointParams, type SubAnnualValue } from '../../core/warning/index.js';
import type { StoredIndicator } from '../../storage/repositories/metadata.repository.js';
import type { NewResult } from '../../storage/repositories/evaluation.repository.js';
import type { ApplicableTarget } from './targets.js';
import type { SharedValues } from './provenance-codec.js';
import type { IndicatorReading, ValueBook } from './values.js';

export type ResultDraft = Omit<NewResult, 'provinceCode'>;

export interface ProgressSelection {
  readonly name: string;
  readonly version: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface JudgeContext {
  readonly book: ValueBook;
  readonly tree: RegionTree;
  readonly year: number;
  /** First year read for series (baselines and trends). */
  readonly firstYear: number;
  readonly methods: readonly ProgressSelection[];
  readonly checkpoint: CheckpointParams;
  readonly completenessThreshold: number;
  /** Target provenance blocks by `targetId|inheritedFrom`, shared by every row judged against the same target. */
  readonly targetBlocks?: Map<string, unknown>;
  /** Values many rows carry (target blocks, readings, series, parameters), stored once per run. */
  readonly shared?: SharedValues;
  /** Resolved targets by target and baseline value (the same every year), when kept across years. */
  readonly resolved?: WeakMap<object, Map<number | undefined, ResolvedTest>>;
  /** Sub-annual values of the run year by `indicator|region` (every target of an indicator reads the same). */
  readonly subAnnual?: Map<string, SubAnnualValue[]>;
  /** Readings as attainment rows carry them (shared), by reading. */
  readonly readings?: Map<IndicatorReading, unknown>;
}

/** A target resolved to its test for one baseline value (or why it could not be). */
export type ResolvedTest = { readonly test: TargetTest } | { readonly error: unknown };

/** `value` as a shared value of the run (by content), or as it is without a registry. */
const intern = (ctx: JudgeContext, value: unknown): unknown => (ctx.shared ? ctx.shared.intern(value) : value);
/** `value` as a shared value of the run (by identity), or as it is without a registry. */
const share = (ctx: JudgeContext, value: unknown): unknown => (ctx.shared ? ctx.shared.share(value) : value);
/** A new object as a shared value (used by several rows of this call only: nothing to look up). */
const once = (ctx: JudgeContext, value: object): unknown => (ctx.shared ? ctx.shared.wrap(value) : value);

function parts(spec: TargetSpec): TargetSpec[] {
  return spec.kind === 'all' ? spec.parts.flatMap(parts) : [spec];
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function targetProvenance(ctx: JudgeContext, a: ApplicableTarget): unknown {
  const key = `${a.target.id}|${a.inheritedFrom ?? ''}`;
  let block = ctx.targetBlocks?.get(key);
  if (block === undefined) {
    block = share(ctx, targetBlock(a));
    ctx.targetBlocks?.set(key, block);
  }
  return block;
}

function targetBlock(a: ApplicableTarget) {
  const t = a.target;
  return {
    id: t.id, wording: t.wording, scope: t.scope, milestoneYear: t.milestoneYear, spec: t.spec, baseline: t.baseline ?? null,
    source: t.provenance.source, verification: t.provenance.verification, ...(a.inheritedFrom ? { inheritedFrom: a.inheritedFrom } : {}),
  };
}

/** Every row for one region × target. */
export function judgeTarget(ctx: JudgeContext, region: Region, applicable: ApplicableTarget, indicator: StoredIndicator): ResultDraft[] {
  const rows: ResultDraft[] = [];
  const t = applicable.target;
  const M = t.milestoneYear;
  const code = indicator.code;
  const evaluationYear = Math.min(ctx.year, M);
  // An inherited target is judged only where the indicator is measured at all.
  if (applicable.inheritedFrom && ctx.book.annualSeries(code, region.code, ctx.firstYear, ctx.year).length === 0) return rows;
  const series = ctx.book.annualSeries(code, region.code, ctx.firstYear, evaluationYear);
  const head = { region: region.code, indicator: code, milestoneYear: M };
  rows.push(attainmentRow(ctx, region, applicable, indicator, series, evaluationYear, head));
  if (indicator.polarity === 'neutral' || M < ctx.year) return rows;
  const numeric = numericTarget(ctx, region, applicable, indicator.polarity);
  rows.push(...progressRows(ctx, region, applicable, indicator, numeric, head));
  const warning = warningRow(ctx, region, applicable, indicator, numeric, head);
  if (warning) rows.push(warning);
  return rows;
}

function attainmentRow(ctx: JudgeContext, region: Region, a: ApplicableTarget, indicator: StoredIndicator, series: readonly SeriesPoint[], evaluationYear: number, head: Pick<ResultDraft, 'region' | 'indicator' | 'milestoneYear'>): ResultDraft {
  const t = a.target;
  const specParts = t.spec.kind === 'all' ? parts(t.spec) : [t.spec];
  const inputs: AttainmentInputs = {
    polarity: indicator.polarity,
    ...(indicator.bounds ? { bounds: indicator.bounds } : {}),
    year: evaluationYear,
    series,
    benchmarks: Object.fromEntries(specParts.filter((p) => p.kind === 'benchmark').map((p) => [p.benchmarkRegion, ctx.book.annualSeries(indicator.code, p.benchmarkRegion, ctx.firstYear, evaluationYear)])),
    references: Object.fromEntries(specParts.filter((p) => p.kind === 'proportional').map((p) => [p.referenceIndicator, ctx.book.annualSeries(p.referenceIndicator, region.code, ctx.firstYear, evaluationYear)])),
    region: region.code,
    indicator: indicator.code,
  };
  const coverage = specParts.find((p) => p.kind === 'coverage');
  if (coverage) {
    const year = parsePeriod(String(evaluationYear));
    const expected = ctx.tree.descendants(region.code, { level: coverage.subLevel, period: year }).filter((r) => !r.statisticalOnly).map((r) => r.code);
    (inputs as { subUnits?: AttainmentInputs['subUnits'] }).subUnits = {
      expected,
      series: Object.fromEntries(expected.map((c) => [c, ctx.book.annualSeries(indicator.code, c, ctx.firstYear, evaluationYear)])),
    };
  }
  const reading = ctx.book.indicator(indicator.code, region.code, String(evaluationYear));
  const common = { target: targetProvenance(ctx, a), evaluationYear, interim: t.milestoneYear > ctx.year, series: share(ctx, series), value: sharedReading(ctx, reading) };
  try {
    const r = evaluateAttainment(t, inputs);
    const incomplete = reading.status === 'incomplete' && r.valueYear === evaluationYear
      ? [{ code: 'VITALS_W_INCOMPLETE_AGGREGATE', zh: `汇总完整度 ${(reading.completeness! * 100).toFixed(1)}%`, en: `aggregate completeness ${(reading.completeness! * 100).toFixed(1)}%` }]
      : [];
    const provenance: Record<string, unknown> = {
      target: common.target, evaluationYear, interim: common.interim, series: common.series, value: common.value, methodVersion: r.provenance.methodVersion,
      params: intern(ctx, r.provenance.params), inputs: r.provenance.inputs, valueYear: r.valueYear, baseline: r.baseline, reason: intern(ctx, r.reason),
      warnings: incomplete.length ? [...r.warnings, ...incomplete] : r.warnings,
    };
    if (r.parts) provenance.parts = r.parts.map((p) => ({ kind: p.kind, status: p.status, valueUsed: p.valueUsed, gapAbsolute: p.gapAbsolute }));
    if (r.coverage) provenance.coverage = r.coverage;
    return {
      region: head.region, indicator: head.indicator, milestoneYear: head.milestoneYear, period: String(evaluationYear), kind: 'attainment', method: r.provenance.method,
      status: r.status, value: r.valueUsed, required: intern(ctx, r.required), gapAbsolute: r.gapAbsolute, gapPercent: r.gapPercentOfRequiredChange, provenance,
    };
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    return { ...head, period: String(evaluationYear), kind: 'attainment', method: 'attainment', status: 'not_evaluable', value: null, required: null, gapAbsolute: null, gapPercent: null, provenance: { ...common, error: { code: error.code, message: error.message } } };
  }
}

interface NumericTarget {
  readonly value: number | null;
  readonly baseline: TimePoint | null;
  readonly explanation: unknown;
  readonly error?: string;
}

function numericTarget(ctx: JudgeContext, region: Region, a: ApplicableTarget, polarity: Polarity): NumericTarget {
  const t = a.target;
  const baselineYear = t.baseline?.year;
  const baselineValue = t.baseline?.value ?? (baselineYear !== undefined ? ctx.book.indicator(t.indicator, region.code, String(baselineYear)).value ?? undefined : undefined);
  const baseline = baselineYear !== undefined && baselineValue !== undefined ? { t: baselineYear, value: baselineValue } : null;
  // The resolution depends on the target and the baseline value only: the same for every run year.
  let byBaseline = ctx.resolved?.get(t);
  if (ctx.resolved && !byBaseline) ctx.resolved.set(t, (byBaseline = new Map()));
  let resolved = byBaseline?.get(baselineValue);
  if (!resolved) {
    try {
      resolved = { test: resolveTarget(t.spec, { polarity, year: t.milestoneYear, ...(baselineYear !== undefined ? { baselineYear } : {}), ...(baselineValue !== undefined ? { baselineValue } : {}) }) };
    } catch (error) {
      if (!isVitalsError(error)) throw error;
      resolved = { error };
    }
    byBaseline?.set(baselineValue, resolved);
  }
  if ('error' in resolved) return { value: null, baseline, explanation: null, error: (resolved.error as Error).message };
  return { value: thresholdOf(t.spec, resolved.test), baseline, explanation: resolved.test.explanation };
}

type Point = { readonly t: number; readonly value: number };

/** A reading as attainment rows carry it: one shared value per reading, its inputs shared with the value row. */
function sharedReading(ctx: JudgeContext, reading: IndicatorReading): unknown {
  const registry = ctx.shared;
  if (!registry || !ctx.readings) return reading;
  let out = ctx.readings.get(reading);
  if (out === undefined) ctx.readings.set(reading, (out = registry.wrap({ ...reading, params: registry.intern(reading.params), inputs: registry.share(reading.inputs) })));
  return out;
}

/**
 * A progress result's inputs with its observations replaced by `series` when they are the same
 * points (they are a sorted copy of it): both methods' rows then share one array, stored once.
 */
function withSharedObservations<T extends { readonly observations?: readonly Point[] }>(ctx: JudgeContext, inputs: T, series: readonly Point[]): T {
  const o = inputs.observations;
  if (!o || o.length !== series.length) return inputs;
  for (let i = 0; i < o.length; i++) {
    const p = o[i]!;
    if (p.t !== series[i]!.t || p.value !== series[i]!.value || Object.keys(p).length !== 2) return inputs;
  }
  return { ...inputs, observations: share(ctx, series) };
}

/** Whether a method's parameters as it used them equal the resolved ones of the run (flat values only). */
function sameParams(used: Readonly<Record<string, unknown>>, resolved: Readonly<Record<string, unknown>>): boolean {
  if (used === resolved) return true;
  const keys = Object.keys(used);
  const other = Object.keys(resolved);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = used[k];
    if (other[i] !== k || (typeof v === 'object' && v !== null) || !Object.is(v, resolved[k])) return false;
  }
  return true;
}

function limitOf(indicator: StoredIndicator): number | undefined {
  return indicator.polarity === 'higher_is_better' ? indicator.bounds?.max : indicator.bounds?.min;
}

function progressRows(ctx: JudgeContext, region: Region, a: ApplicableTarget, indicator: StoredIndicator, target: NumericTarget, head: Pick<ResultDraft, 'region' | 'indicator' | 'milestoneYear'>): ResultDraft[] {
  const series = ctx.book.timeSeries(indicator.code, region.code, ctx.firstYear, ctx.year);
  const limit = limitOf(indicator);
  // Both methods' rows carry the same required value: stored once.
  const required = once(ctx, { target: target.value === null ? null : { t: a.target.milestoneYear, value: target.value }, explanation: target.explanation });
  return ctx.methods.map((m): ResultDraft => {
    const common = { ...head, period: String(ctx.year), kind: 'progress' as const, method: m.name, required };
    try {
      const r = assessProgress(m.name, {
        series,
        polarity: indicator.polarity as ProgressPolarity,
        ...(target.baseline ? { baseline: target.baseline } : {}),
        ...(target.value !== null ? { target: { t: a.target.milestoneYear, value: target.value } } : {}),
        asOf: ctx.year,
        ...(limit !== undefined ? { limit } : {}),
      }, m.params);
      const provenance: Record<string, unknown> = {
        target: targetProvenance(ctx, a), methodVersion: r.methodVersion, params: sameParams(r.params, m.params) ? share(ctx, m.params) : intern(ctx, r.params), variant: r.variant,
        label: intern(ctx, r.label), rank: r.rank, score: r.score, measures: r.measures, inputs: withSharedObservations(ctx, r.inputs, series), reason: intern(ctx, r.reason ?? null), warnings: r.warnings,
      };
      if (target.error) provenance.targetError = target.error;
      return {
        region: head.region, indicator: head.indicator, milestoneYear: head.milestoneYear, period: common.period, kind: 'progress', method: m.name, required,
        status: r.status, value: r.inputs.current?.value ?? null, gapAbsolute: null, gapPercent: null, provenance,
      };
    } catch (error) {
      if (!isVitalsError(error)) throw error;
      return { ...common, status: 'unable_to_assess', value: null, gapAbsolute: null, gapPercent: null, provenance: { target: targetProvenance(ctx, a), methodVersion: m.version, params: m.params, error: { code: error.code, message: message(error) } } };
    }
  });
}

/** Sub-annual values of the run year (quarters and half-years) as fractions of the year. */
function subAnnualValues(ctx: JudgeContext, indicator: string, region: string): SubAnnualValue[] {
  if (!ctx.subAnnual) return readSubAnnual(ctx, indicator, region);
  const key = `${indicator}|${region}`;
  let out = ctx.subAnnual.get(key);
  if (!out) ctx.subAnnual.set(key, (out = readSubAnnual(ctx, indicator, region)));
  return out;
}

function readSubAnnual(ctx: JudgeContext, indicator: string, region: string): SubAnnualValue[] {
  const codes = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'].map((s) => `${ctx.year}${s}`);
  const out: SubAnnualValue[] = [];
  for (const code of codes) {
    const value = ctx.book.indicator(indicator, region, code).value;
    if (value === null) continue;
    const period = parsePeriod(code);
    const end = yearFraction(period);
    out.push({ start: end - MONTHS_PER_PERIOD[period.type] / 12, end, value });
  }
  return out;
}

function warningRow(ctx: JudgeContext, region: Region, a: ApplicableTarget, indicator: StoredIndicator, target: NumericTarget, head: Pick<ResultDraft, 'region' | 'indicator' | 'milestoneYear'>): ResultDraft | null {
  const subAnnual = subAnnualValues(ctx, indicator.code, region.code);
  // The latest checkpoint the data reach: Q3 (0.75) or the half-year (0.5).
  const fraction = [0.75, 0.5].find((f) => subAnnual.some((v) => Math.abs(v.end - f) < 1e-9));
  if (fraction === undefined || target.value === null) return null;
  const history = ctx.book.timeSeries(indicator.code, region.code, ctx.firstYear, ctx.year - 1);
  const baseline = target.baseline ?? history[0] ?? null;
  if (!baseline || baseline.t >= a.target.milestoneYear) return null;
  const checkpoint = `${ctx.year}${fraction === 0.75 ? 'Q3' : 'H1'}`;
  const aggregation = indicator.aggregation === 'sum' ? 'sum' : 'rate';
  try {
    const r = assessCheckpoint({ polarity: indicator.polarity as ProgressPolarity, aggregation, year: ctx.year, fraction, subAnnual, history, baseline, milestone: { t: a.target.milestoneYear, value: target.value } }, ctx.checkpoint as unknown as Record<string, unknown>);
    return {
      ...head, period: checkpoint, kind: 'warning', method: r.method, status: r.assessed ? r.level : 'not_assessed', value: r.currentYearEstimate,
      required: { milestone: { t: a.target.milestoneYear, value: target.value }, annualTarget: r.inputs.annualTarget, requiredAnnualChange: r.requiredAnnualChange },
      gapAbsolute: r.changeStillRequired, gapPercent: null,
      provenance: { target: targetProvenance(ctx, a), methodVersion: r.methodVersion, params: intern(ctx, r.params), label: intern(ctx, r.label), reasons: r.reasons, ytd: r.ytd, projection: r.projection, inputs: { ...r.inputs, subAnnual }, warnings: r.warnings },
    };
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    return { ...head, period: checkpoint, kind: 'warning', method: 'checkpoint-warning', status: 'not_assessed', value: null, required: null, gapAbsolute: null, gapPercent: null, provenance: { target: targetProvenance(ctx, a), error: { code: error.code, message: message(error) } } };
  }
}
