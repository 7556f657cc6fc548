/**
 * Evaluation runs: evaluate a framework for a region and its sub-regions in one year from the
 * materialised aggregates of FINAL data, and write an immutable result snapshot (run + results)
 * with the inputs hash and every method's name, version and parameters.
 */
import type { Kysely } from 'kysely';
import { AGGREGATION_METHOD_VERSION, DEFAULT_COMPLETENESS_THRESHOLD } from '../../core/aggregation/index.js';
import { parseIndexConfig, type IndexConfig } from '../../core/composite/index.js';
import { VitalsError } from '../../core/errors.js';
import { INDICATOR_METHOD_VERSION } from '../../core/indicator/index.js';
import { getProgressMethod } from '../../core/progress/index.js';
import { RANKING_METHOD_VERSION } from '../../core/ranking/index.js';
import { REGION_LEVEL_RANK } from '../../core/region/index.js';
import { parseScheme, type Scheme } from '../../core/scoring/index.js';
import { ATTAINMENT_METHOD_VERSION, DEFAULT_MAX_STALENESS_YEARS } from '../../core/target/index.js';
import { CHECKPOINT_METHOD_VERSION, resolveCheckpointParams } from '../../core/warning/index.js';
import { AggregateRepository, type AggregateRow, type FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { EvaluationRepository, type MethodRecord, type ReadScope, type ResultFilter, type RunFilter, type StoredRun } from '../../storage/repositories/evaluation.repository.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import type { DB } from '../../storage/schema.js';
import { AggregateService } from './aggregate.service.js';
import { loadContext, REPORTED_SUFFIX, type EvaluationContext } from './context.js';
import { canonicalJson, inputsHash } from './inputs-hash.js';
import { judgeTarget, type ProgressSelection, type ResultDraft } from './judge.js';
import { indexMethod, indexValues, schemeMethod, scoreAndRank } from './scoring.js';
import { summarize, type RunSummary } from './summary.js';
import { applicableTargets } from './targets.js';
import { ValueBook } from './values.js';

export type MethodChoice = string | { readonly name: string; readonly params?: Readonly<Record<string, unknown>> };

/** Default progress methods when neither the call nor the framework's profile names any. */
export const DEFAULT_PROGRESS_METHODS: readonly MethodChoice[] = ['trajectory', 'statcan'];
/** How many years before the run year series are read (baselines older than that are read too). */
export const SERIES_YEARS = 10;

export interface RunEvaluationInput {
  /** Framework code (its highest version). */
  readonly framework: string;
  /** Scope root: this region and every region below it down to county level. */
  readonly region: string;
  readonly year: number;
  /** Progress methods with optional parameters; default: the framework's profile, else trajectory + statcan. */
  readonly methods?: readonly MethodChoice[];
  /** Assessment scheme (raw YAML/JSON data or parsed); default: the profile's. */
  readonly scheme?: unknown;
  /** Index definition (raw or parsed); default: the profile's. */
  readonly indexConfig?: unknown;
  /** Level whose regions the index compares (default: the first level below the root). */
  readonly indexLevel?: string;
  /** Apply an ancestor's target where a region has none of its own (default true). */
  readonly inheritTargets?: boolean;
  readonly checkpointParams?: Readonly<Record<string, unknown>>;
  /** Who runs it (recorded). */
  readonly actor: string;
  readonly publish?: boolean;
  /** `auto` (default): rebuild the province's aggregates when stale; `skip`: use them as they are. */
  readonly aggregates?: 'auto' | 'skip';
}

export interface RunOutcome {
  readonly run: StoredRun;
  readonly summary: RunSummary;
  readonly aggregatesRebuilt: boolean;
  /** Milliseconds per phase (freshness check, loading, reading values, judging, writing). */
  readonly timings: Readonly<Record<string, number>>;
}

function resolveMethods(choices: readonly MethodChoice[]): ProgressSelection[] {
  if (choices.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'at least one progress method is needed' });
  return choices.map((c) => {
    const name = typeof c === 'string' ? c : c.name;
    const method = getProgressMethod(name);
    return { name: method.name, version: method.version, params: method.resolveParams(typeof c === 'string' ? {} : (c.params ?? {})) as Record<string, unknown> };
  });
}

export class EvaluationService {
  private readonly runs: EvaluationRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.runs = new EvaluationRepository(db);
  }

  /** Evaluate and write a snapshot. @throws VITALS_E_NOT_FOUND, VITALS_E_UNKNOWN_REGION, VITALS_E_UNKNOWN_METHOD, VITALS_E_INVALID_CONFIG */
  async run(input: RunEvaluationInput): Promise<RunOutcome> {
    if (!Number.isInteger(input.year) || input.year < 1949 || input.year > 2100) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `year must be a whole year 1949–2100, got ${String(input.year)}` });
    if (!input.actor) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'an evaluation run needs an actor' });
    const profile = await this.runs.getProfile(input.framework);
    const methods = resolveMethods(input.methods ?? profile?.methods ?? DEFAULT_PROGRESS_METHODS);
    const rawScheme = input.scheme ?? profile?.scheme ?? undefined;
    const scheme: Scheme | undefined = rawScheme === undefined || rawScheme === null ? undefined : parseScheme(rawScheme);
    const rawIndex = input.indexConfig ?? profile?.indexConfig ?? undefined;
    const indexConfig: IndexConfig | undefined = rawIndex === undefined || rawIndex === null ? undefined : parseIndexConfig(rawIndex);
    const checkpoint = resolveCheckpointParams(input.checkpointParams ?? {});
    const inherit = input.inheritTargets ?? (profile?.options?.inheritTargets as boolean | undefined) ?? true;

    const timings: Record<string, number> = {};
    let mark = performance.now();
    const lap = (phase: string) => {
      const now = performance.now();
      timings[phase] = Math.round(now - mark);
      mark = now;
    };
    const aggregates = new AggregateService(this.db);
    const rebuilt = input.aggregates === 'skip' ? false : (await aggregates.ensureFresh(input.region)).rebuilt;
    lap('aggregates');

    const extra = [...(scheme ? scheme.dimensions.flatMap((d) => d.items.map((i) => i.indicator ?? i.code)) : []), ...(indexConfig?.indicators.map((i) => i.code) ?? [])];
    const ctx = await loadContext(this.db, { framework: input.framework, region: input.region, year: input.year, extraIndicators: extra });
    const firstYear = Math.min(input.year - SERIES_YEARS, ...ctx.targets.map((t) => t.baseline?.year ?? input.year));
    lap('context');
    const book = await this.readValues(ctx, firstYear);
    lap('read');
    const notes: string[] = [];

    const drafts: ResultDraft[] = [];
    const year = String(input.year);
    for (const region of ctx.regions) {
      for (const fi of ctx.frameworkIndicators) {
        const reading = book.indicator(fi.indicator, region.code, year);
        if (reading.value === null && !Object.values(reading.inputs).some((i) => i.source !== 'none')) continue;
        drafts.push({
          region: region.code, indicator: fi.indicator, milestoneYear: null, period: year, kind: 'value', method: reading.method, status: reading.status,
          value: reading.value, required: null, gapAbsolute: null, gapPercent: null,
          provenance: { methodVersion: reading.methodVersion, params: reading.params, completeness: reading.completeness, inputs: reading.inputs },
        });
      }
      const judge = { book, tree: ctx.tree, year: input.year, firstYear, methods, checkpoint, completenessThreshold: DEFAULT_COMPLETENESS_THRESHOLD };
      for (const applicable of applicableTargets(ctx.targets, region.code, ctx.tree, inherit)) {
        const indicator = ctx.indicators.get(applicable.target.indicator);
        if (indicator) drafts.push(...judgeTarget(judge, region, applicable, indicator));
      }
    }
    lap('judge');
    const scoring = { book, year: input.year, firstYear, regions: ctx.regions, previousRanks: await this.previousRanks(input, scheme) };
    if (scheme) {
      const out = scoreAndRank(scoring, scheme);
      drafts.push(...out.rows);
      notes.push(...out.notes);
    }
    if (indexConfig) {
      const out = indexValues(scoring, indexConfig, input.indexLevel);
      drafts.push(...out.rows);
      notes.push(...out.notes);
    }

    lap('score');
    const lines = [
      ...book.hashLines(),
      ...ctx.targets.map((t) => ['T', t.framework, t.frameworkVersion, t.indicator, canonicalJson(t.scope), t.milestoneYear, canonicalJson(t.spec), canonicalJson(t.baseline ?? null), t.provenance.verification].join('|')),
      ...[...ctx.indicators.values()].map((i) => ['I', i.code, i.polarity, i.aggregation, i.numerator ?? '', i.denominator ?? '', i.factor ?? '', i.formula ?? '', canonicalJson(i.bounds ?? null)].join('|')),
      ...(scheme ? [`S|${canonicalJson(scheme)}`] : []),
      ...(indexConfig ? [`X|${canonicalJson(indexConfig)}`] : []),
    ];
    const hash = inputsHash(lines);
    const methodRecords: MethodRecord[] = [
      { kind: 'aggregation', name: 'aggregation', version: AGGREGATION_METHOD_VERSION, params: { completenessThreshold: DEFAULT_COMPLETENESS_THRESHOLD } },
      { kind: 'indicator', name: 'indicator', version: INDICATOR_METHOD_VERSION },
      { kind: 'attainment', name: 'attainment', version: ATTAINMENT_METHOD_VERSION, params: { maxStalenessYears: DEFAULT_MAX_STALENESS_YEARS, inheritTargets: inherit } },
      ...methods.map((m) => ({ kind: 'progress', name: m.name, version: m.version, params: m.params })),
      { kind: 'warning', name: 'checkpoint-warning', version: CHECKPOINT_METHOD_VERSION, params: checkpoint as unknown as Record<string, unknown> },
      ...(scheme ? [schemeMethod(scheme), { kind: 'ranking', name: 'ranking.competition', version: RANKING_METHOD_VERSION }] : []),
      ...(indexConfig ? [indexMethod(indexConfig)] : []),
    ];
    const summary = summarize(drafts, ctx.regions.length, ctx.frameworkIndicators.length, notes);
    const previous = await this.runs.latestRun(ctx.framework.code, input.region, input.year);
    lap('hash');
    const runId = await this.transaction(async (repo, trx) => {
      const id = await repo.insertRun(
        {
          frameworkId: ctx.framework.id, frameworkCode: ctx.framework.code, frameworkVersion: ctx.framework.version, scopeRegion: input.region,
          provinceCode: ctx.provinceCode, year: input.year, inputsHash: hash.hash, inputCount: hash.count, methods: methodRecords,
          options: { inheritTargets: inherit, firstYear, scheme: scheme?.code ?? null, index: indexConfig?.id ?? null, indexLevel: input.indexLevel ?? null, aggregatesRebuilt: rebuilt },
          summary, resultCount: drafts.length, previousRunId: previous?.id ?? null, createdBy: input.actor,
        },
        drafts.map((d) => ({ ...d, provinceCode: ctx.provinceCode })),
      );
      await new AuditRepository(trx).append([{
        actor: input.actor, action: 'evaluate', entity: 'evaluation_run', entityKey: String(id), region: input.region, period: String(input.year),
        newValue: { framework: ctx.framework.code, frameworkVersion: ctx.framework.version, inputsHash: hash.hash, results: drafts.length, previousRunId: previous?.id ?? null },
      }]);
      if (input.publish) await publishWithAudit(repo, trx, id, input.actor);
      return id;
    });
    lap('write');
    return { run: await this.runs.requireRun(runId), summary, aggregatesRebuilt: rebuilt, timings };
  }

  /** Aggregates of the regions in scope and own values of the regions above county level (and benchmark regions). */
  private async readValues(ctx: EvaluationContext, firstYear: number): Promise<ValueBook> {
    const elementCodes = new Set<string>();
    for (const code of ctx.indicators.keys()) {
      for (const dep of ctx.compiled.get(code)?.dependencies ?? []) elementCodes.add(dep);
      if (ctx.elements.has(`${code}${REPORTED_SUFFIX}`)) elementCodes.add(`${code}${REPORTED_SUFFIX}`);
    }
    const ids = [...elementCodes].filter((c) => ctx.elements.has(c)).map((c) => ctx.elements.get(c)!.id);
    const idToCode = new Map([...ctx.elements.values()].map((e) => [e.id, e.code]));
    const periods = [];
    for (let y = firstYear; y <= ctx.year; y++) periods.push(String(y));
    periods.push(...['H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'].map((s) => `${ctx.year}${s}`));
    const repo = new AggregateRepository(this.db);
    const scope = ctx.regions.map((r) => r.code);
    const rows: AggregateRow[] = ids.length ? await repo.find({ provinceCode: ctx.provinceCode, dataElementIds: ids, regions: scope, periods }) : [];
    const upper = ctx.regions.filter((r) => REGION_LEVEL_RANK[r.level] < REGION_LEVEL_RANK.county).map((r) => r.code);
    const own: FinalValue[] = ids.length && upper.length ? await repo.readFinalValues({ provinceCode: ctx.provinceCode, dataElementIds: ids, regions: upper, periods }) : [];
    // Benchmark regions ("优于全国平均水平"): their own reported values, wherever they are.
    const benchmarks = new Set<string>();
    const walk = (s: { kind: string; parts?: unknown; benchmarkRegion?: string }): void => {
      if (s.kind === 'benchmark' && s.benchmarkRegion) benchmarks.add(s.benchmarkRegion);
      if (s.kind === 'all') for (const p of s.parts as { kind: string }[]) walk(p);
    };
    for (const t of ctx.targets) walk(t.spec as never);
    const regions = new RegionRepository(this.db);
    for (const code of [...benchmarks].filter((c) => !scope.includes(c)).sort()) {
      const region = await regions.get(code);
      if (!region || ids.length === 0) continue;
      own.push(...(await repo.readFinalValues({ provinceCode: region.provinceCode, dataElementIds: ids, regions: [code], periods })));
      if (region.provinceCode === ctx.provinceCode) rows.push(...(await repo.find({ provinceCode: ctx.provinceCode, dataElementIds: ids, regions: [code], periods })));
    }
    return new ValueBook(ctx.compiled, idToCode, rows, own);
  }

  /** Last year's ranks by level, from the newest run of the previous year with the same scheme. */
  private async previousRanks(input: RunEvaluationInput, scheme: Scheme | undefined): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (!scheme) return out;
    const previous = await this.runs.latestRun(input.framework, input.region, input.year - 1);
    if (!previous || previous.options.scheme !== scheme.code) return out;
    const { results } = await this.runs.findResults(previous, { kind: 'rank' });
    for (const r of results) {
      const level = (r.provenance as { level?: string }).level ?? '';
      if (r.value === null) continue;
      const ranks = out.get(level) ?? new Map<string, number>();
      ranks.set(r.region, r.value);
      out.set(level, ranks);
    }
    return out;
  }

  /** Publish a run (once); audited. @throws VITALS_E_NOT_FOUND, VITALS_E_INVALID_TRANSITION */
  publish(id: number, actor: string): Promise<StoredRun> {
    return this.transaction((repo, trx) => publishWithAudit(repo, trx, id, actor));
  }

  /**
   * Set a framework's evaluation defaults: progress methods (validated now), and optionally a
   * scheme, an index definition and options such as `inheritTargets`.
   */
  async saveProfile(profile: { readonly framework: string; readonly methods: readonly MethodChoice[]; readonly scheme?: unknown; readonly indexConfig?: unknown; readonly options?: Readonly<Record<string, unknown>> }, actor: string): Promise<void> {
    resolveMethods(profile.methods);
    if (profile.scheme !== undefined && profile.scheme !== null) parseScheme(profile.scheme);
    if (profile.indexConfig !== undefined && profile.indexConfig !== null) parseIndexConfig(profile.indexConfig);
    await this.runs.saveProfile({ frameworkCode: profile.framework, methods: profile.methods, scheme: profile.scheme ?? null, indexConfig: profile.indexConfig ?? null, options: profile.options ?? null }, actor);
  }

  listRuns(filter: RunFilter = {}) {
    return this.runs.listRuns(filter);
  }

  requireRun(id: number, scope: ReadScope = {}) {
    return this.runs.requireRun(id, scope);
  }

  /** Results of a visible run. @throws VITALS_E_NOT_FOUND when the run is absent or not visible */
  async results(id: number, filter: ResultFilter = {}, scope: ReadScope = {}) {
    const run = await this.runs.requireRun(id, scope);
    // Unpublished results are cut to the reader's scope; published ones are public.
    const limited = !run.published && scope.regions !== undefined ? { ...filter, regions: scope.regions } : filter;
    return { run, ...(await this.runs.findResults(run, limited)) };
  }

  private async transaction<T>(work: (repo: EvaluationRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.runs, this.db);
    return this.db.transaction().execute((trx) => work(new EvaluationRepository(trx), trx));
  }
}

async function publishWithAudit(repo: EvaluationRepository, trx: Kysely<DB>, id: number, actor: string): Promise<StoredRun> {
  const run = await repo.publish(id, actor);
  await new AuditRepository(trx).append([{
    actor, action: 'publish', entity: 'evaluation_run', entityKey: String(id), region: run.scopeRegion, period: String(run.year),
    newValue: { framework: run.frameworkCode, inputsHash: run.inputsHash },
  }]);
  return run;
}

/** Convenience: `new EvaluationService(db).run(input)`. */
export function runEvaluation(db: Kysely<DB>, input: RunEvaluationInput): Promise<RunOutcome> {
  return new EvaluationService(db).run(input);
}
