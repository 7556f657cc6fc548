/**
 * One run year, in memory: every region × indicator value, every applicable target judged
 * (attainment, progress, checkpoint warnings), scores, ranks and index values, the inputs hash,
 * the method records and the summary — everything the snapshot stores, not yet written. Rows
 * are encoded as they are made, so only their stored text is kept, not the objects behind it.
 */
import { AGGREGATION_METHOD_VERSION, DEFAULT_COMPLETENESS_THRESHOLD } from '../../core/aggregation/index.js';
import type { IndexConfig } from '../../core/composite/index.js';
import { INDICATOR_METHOD_VERSION } from '../../core/indicator/index.js';
import { RANKING_METHOD_VERSION } from '../../core/ranking/index.js';
import type { Scheme } from '../../core/scoring/index.js';
import { ATTAINMENT_METHOD_VERSION, DEFAULT_MAX_STALENESS_YEARS } from '../../core/target/index.js';
import { CHECKPOINT_METHOD_VERSION, type CheckpointParams } from '../../core/warning/index.js';
import { JsonText, type MethodRecord } from '../../storage/repositories/evaluation.repository.js';
import type { EvaluationContext } from './context.js';
import { RunEncoder } from './provenance-codec.js';
import { canonicalJson, inputsHash } from './inputs-hash.js';
import { judgeTarget, type JudgeContext, type ProgressSelection, type ResultDraft } from './judge.js';
import { indexMethod, indexValues, schemeMethod, scoreAndRank } from './scoring.js';
import { SummaryBuilder, type RunSummary } from './summary.js';
import { applicableTargets, type TargetCache } from './targets.js';
import type { IndicatorReading, ValueBook } from './values.js';

/** What every year of a run request shares: the resolved methods and options. */
export interface RunPlan {
  readonly methods: readonly ProgressSelection[];
  readonly scheme?: Scheme;
  readonly indexConfig?: IndexConfig;
  readonly indexLevel?: string;
  readonly checkpoint: CheckpointParams;
  readonly inherit: boolean;
}

/** A result row as the snapshot stores it: its JSON columns already encoded (provenance-codec.ts). */
export type EncodedResult = Omit<ResultDraft, 'provenance' | 'required'> & { readonly provenance: JsonText; readonly required: JsonText };

export interface EvaluatedYear {
  /** The rows in ordinal order, encoded as they were made (the objects behind them are not kept). */
  readonly rows: EncodedResult[];
  readonly hash: { readonly hash: string; readonly count: number };
  readonly methods: MethodRecord[];
  readonly summary: RunSummary;
  /** Ranks by level (from the rank rows): the next year's rank change reads them. */
  readonly ranks: Map<string, Map<string, number>>;
}

/** Whether any element an indicator reading used has a stored figure. */
function anyInputStored(inputs: IndicatorReading['inputs']): boolean {
  for (const k in inputs) if (inputs[k]!.source !== 'none') return true;
  return false;
}

/** Let pending I/O (the previous year's snapshot being written) proceed between regions. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Evaluate one year. `lap(phase)` is called after judging, scoring and hashing (timings).
 * `targets` caches target resolution shared by the years of one request.
 */
export async function evaluateYear(
  ctx: EvaluationContext,
  book: ValueBook,
  firstYear: number,
  plan: RunPlan,
  previousRanks: ReadonlyMap<string, ReadonlyMap<string, number>>,
  targets: TargetCache,
  lap: (phase: string) => void,
): Promise<EvaluatedYear> {
  const rows: EncodedResult[] = [];
  const notes: string[] = [];
  const counts = new SummaryBuilder();
  const encoder = new RunEncoder();
  // Values rows share: each is written once per run, where it first occurs (provenance-codec.ts).
  const { shared } = targets;
  const emit = (d: ResultDraft): void => {
    counts.add(d);
    const stored = encoder.encode(d);
    rows.push({
      region: d.region, indicator: d.indicator, milestoneYear: d.milestoneYear, period: d.period, kind: d.kind, method: d.method, status: d.status, value: d.value,
      gapAbsolute: d.gapAbsolute, gapPercent: d.gapPercent, provenance: new JsonText(stored.provenance), required: new JsonText(stored.required),
    });
  };
  const year = String(ctx.year);
  const judge: JudgeContext = { book, tree: ctx.tree, year: ctx.year, firstYear, methods: plan.methods, checkpoint: plan.checkpoint, completenessThreshold: DEFAULT_COMPLETENESS_THRESHOLD, targetBlocks: targets.blocks, shared, resolved: targets.resolved, subAnnual: new Map(), readings: targets.readings };
  for (const region of ctx.regions) {
    for (const fi of ctx.frameworkIndicators) {
      const reading = book.indicator(fi.indicator, region.code, year);
      if (reading.value === null && !anyInputStored(reading.inputs)) continue;
      emit({
        region: region.code, indicator: fi.indicator, milestoneYear: null, period: year, kind: 'value', method: reading.method, status: reading.status,
        value: reading.value, required: null, gapAbsolute: null, gapPercent: null,
        provenance: { methodVersion: reading.methodVersion, params: shared.intern(reading.params), completeness: reading.completeness, inputs: shared.share(reading.inputs) },
      });
    }
    for (const applicable of applicableTargets(ctx.targets, region.code, ctx.tree, plan.inherit, targets)) {
      const indicator = ctx.indicators.get(applicable.target.indicator);
      if (indicator) for (const row of judgeTarget(judge, region, applicable, indicator)) emit(row);
    }
    await yieldToIo();
  }
  lap('judge');

  const scoring = { book, year: ctx.year, firstYear, regions: ctx.regions, previousRanks, shared };
  let ranks = new Map<string, Map<string, number>>();
  if (plan.scheme) {
    const out = scoreAndRank(scoring, plan.scheme);
    ranks = ranksOf(out.rows);
    for (const row of out.rows) emit(row);
    notes.push(...out.notes);
  }
  if (plan.indexConfig) {
    const out = indexValues(scoring, plan.indexConfig, plan.indexLevel);
    for (const row of out.rows) emit(row);
    notes.push(...out.notes);
  }
  lap('score');

  const lines = [...book.hashLines(), ...targets.hashLines(ctx), ...[...ctx.indicators.values()].map((i) => ['I', i.code, i.polarity, i.aggregation, i.numerator ?? '', i.denominator ?? '', i.factor ?? '', i.formula ?? '', canonicalJson(i.bounds ?? null)].join('|'))];
  if (plan.scheme) lines.push(`S|${canonicalJson(plan.scheme)}`);
  if (plan.indexConfig) lines.push(`X|${canonicalJson(plan.indexConfig)}`);
  const hash = inputsHash(lines);
  const methods: MethodRecord[] = [
    { kind: 'aggregation', name: 'aggregation', version: AGGREGATION_METHOD_VERSION, params: { completenessThreshold: DEFAULT_COMPLETENESS_THRESHOLD } },
    { kind: 'indicator', name: 'indicator', version: INDICATOR_METHOD_VERSION },
    { kind: 'attainment', name: 'attainment', version: ATTAINMENT_METHOD_VERSION, params: { maxStalenessYears: DEFAULT_MAX_STALENESS_YEARS, inheritTargets: plan.inherit } },
    ...plan.methods.map((m) => ({ kind: 'progress', name: m.name, version: m.version, params: m.params })),
    { kind: 'warning', name: 'checkpoint-warning', version: CHECKPOINT_METHOD_VERSION, params: plan.checkpoint as unknown as Record<string, unknown> },
    ...(plan.scheme ? [schemeMethod(plan.scheme), { kind: 'ranking', name: 'ranking.competition', version: RANKING_METHOD_VERSION }] : []),
    ...(plan.indexConfig ? [indexMethod(plan.indexConfig)] : []),
  ];
  const summary = counts.build(ctx.regions.length, ctx.frameworkIndicators.length, notes);
  lap('hash');
  return { rows, hash, methods, summary, ranks };
}

/** Ranks by level from a year's rank rows (as the next year reads them back from the stored run). */
export function ranksOf(rows: readonly { readonly kind: string; readonly region: string; readonly value: number | null; readonly provenance: unknown }[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.kind !== 'rank' || r.value === null) continue;
    const level = (r.provenance as { level?: string }).level ?? '';
    const ranks = out.get(level) ?? new Map<string, number>();
    ranks.set(r.region, r.value);
    out.set(level, ranks);
  }
  return out;
}
