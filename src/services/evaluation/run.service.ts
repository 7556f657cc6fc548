/**
 * Evaluation runs: evaluate a framework for a region and its sub-regions in one year from the
 * materialised aggregates of FINAL data, and write an immutable result snapshot (run + results)
 * with the inputs hash and every method's name, version and parameters.
 *
 * Several years (a full re-evaluation) go through `runYears`: one snapshot per year, each the
 * same as `run` would write, but the framework, targets and values are read once, and one year's
 * snapshot is written while the next is judged (the database works while Node computes).
 */
import type { Kysely } from 'kysely';
import { parseIndexConfig, type IndexConfig } from '../../core/composite/index.js';
import { VitalsError } from '../../core/errors.js';
import { getProgressMethod } from '../../core/progress/index.js';
import { parseScheme, type Scheme } from '../../core/scoring/index.js';
import { resolveCheckpointParams } from '../../core/warning/index.js';
import { EvaluationRepository, type ReadScope, type ResultFilter, type RunFilter, type StoredResult, type StoredRun } from '../../storage/repositories/evaluation.repository.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import type { DB } from '../../storage/schema.js';
import { AggregateService } from './aggregate.service.js';
import { contextForYear, loadFrameworkContext, type FrameworkContext } from './context.js';
import { evaluateYear, ranksOf, type EvaluatedYear, type RunPlan } from './evaluate-year.js';
import type { ProgressSelection } from './judge.js';
import { decodeRows } from './provenance-codec.js';
import { readValues } from './read-values.js';
import type { RunSummary } from './summary.js';
import { TargetCache } from './targets.js';

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

/** `RunEvaluationInput` for several years (`years`, in the order the runs are made). */
export interface RunYearsInput extends Omit<RunEvaluationInput, 'year'> {
  readonly years: readonly number[];
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
    const { year, ...rest } = input;
    return (await this.runYears({ ...rest, years: [year] }))[0]!;
  }

  /**
   * Evaluate several years and write one snapshot per year, in the order given; each is what
   * `run` writes for that year (same results, inputs hash and methods). A failure stops the
   * years not yet written; the snapshots already written stay.
   * @throws like `run`
   */
  async runYears(input: RunYearsInput): Promise<RunOutcome[]> {
    if (input.years.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'at least one year is needed' });
    for (const year of input.years) {
      if (!Number.isInteger(year) || year < 1949 || year > 2100) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `year must be a whole year 1949–2100, got ${String(year)}` });
    }
    if (!input.actor) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'an evaluation run needs an actor' });
    const profile = await this.runs.getProfile(input.framework);
    const rawScheme = input.scheme ?? profile?.scheme ?? undefined;
    const rawIndex = input.indexConfig ?? profile?.indexConfig ?? undefined;
    const scheme: Scheme | undefined = rawScheme === undefined || rawScheme === null ? undefined : parseScheme(rawScheme);
    const indexConfig: IndexConfig | undefined = rawIndex === undefined || rawIndex === null ? undefined : parseIndexConfig(rawIndex);
    const plan: RunPlan = {
      methods: resolveMethods(input.methods ?? profile?.methods ?? DEFAULT_PROGRESS_METHODS),
      ...(scheme ? { scheme } : {}),
      ...(indexConfig ? { indexConfig } : {}),
      ...(input.indexLevel !== undefined ? { indexLevel: input.indexLevel } : {}),
      checkpoint: resolveCheckpointParams(input.checkpointParams ?? {}),
      inherit: input.inheritTargets ?? (profile?.options?.inheritTargets as boolean | undefined) ?? true,
    };

    let mark = performance.now();
    let timings: Record<string, number> = {};
    const lap = (phase: string) => {
      const now = performance.now();
      timings[phase] = Math.round(now - mark);
      mark = now;
    };
    const rebuilt = input.aggregates === 'skip' ? false : (await new AggregateService(this.db).ensureFresh(input.region)).rebuilt;
    lap('aggregates');
    const extra = [...(scheme ? scheme.dimensions.flatMap((d) => d.items.map((i) => i.indicator ?? i.code)) : []), ...(indexConfig?.indicators.map((i) => i.code) ?? [])];
    const shared = await loadFrameworkContext(this.db, { framework: input.framework, region: input.region, extraIndicators: extra });
    const years = input.years.map((year) => ({ ctx: contextForYear(shared, year), firstYear: Math.min(year - SERIES_YEARS, ...shared.targets.map((t) => t.baseline?.year ?? year)) }));
    lap('context');
    const { store, scopes } = await readValues(this.db, shared, years);
    lap('read');

    // Judge year i while year i − 1 is written; at most one snapshot waits in memory.
    const targets = new TargetCache();
    const writes: Promise<RunOutcome>[] = [];
    let previousRanks = scheme ? await this.previousRanks(input.framework, input.region, input.years[0]! - 1, scheme) : new Map<string, Map<string, number>>();
    for (let i = 0; i < years.length; i++) {
      const { ctx, firstYear } = years[i]!;
      if (i >= 2) {
        await writes[i - 2];
        lap('wait');
      }
      const evaluated = await evaluateYear(ctx, store.view(scopes.get(ctx.year)), firstYear, plan, previousRanks, targets, lap);
      const yearTimings = timings;
      const write = (writes[i - 1] ?? Promise.resolve()).then(() => this.writeSnapshot(input, shared, plan, ctx.year, evaluated, { rebuilt: rebuilt && i === 0, firstYear, timings: yearTimings }));
      write.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      writes.push(write);
      // The next year's rank change compares with the newest run of the year before it: this
      // one when the years follow each other, else whatever is stored once the writes are done.
      const next = input.years[i + 1];
      if (!scheme || next === undefined) previousRanks = new Map();
      else if (next === ctx.year + 1) previousRanks = evaluated.ranks;
      else {
        await Promise.all(writes);
        previousRanks = await this.previousRanks(input.framework, input.region, next - 1, scheme);
      }
      timings = { aggregates: 0, context: 0, read: 0 };
      mark = performance.now();
    }
    return Promise.all(writes);
  }

  /** Write one year's snapshot (run, results, audit; publish when asked) in one transaction. */
  private async writeSnapshot(input: RunYearsInput, ctx: FrameworkContext, plan: RunPlan, year: number, evaluated: EvaluatedYear, meta: { rebuilt: boolean; firstYear: number; timings: Record<string, number> }): Promise<RunOutcome> {
    const started = performance.now();
    const { rows, hash, summary } = evaluated;
    const { framework } = ctx;
    const run = await this.transaction(async (repo, trx) => {
      const previous = await repo.latestRun(framework.code, input.region, year);
      const inserted = await repo.insertSnapshot(
        {
          frameworkId: framework.id, frameworkCode: framework.code, frameworkVersion: framework.version, scopeRegion: input.region,
          provinceCode: ctx.provinceCode, year, inputsHash: hash.hash, inputCount: hash.count, methods: evaluated.methods,
          options: { inheritTargets: plan.inherit, firstYear: meta.firstYear, scheme: plan.scheme?.code ?? null, index: plan.indexConfig?.id ?? null, indexLevel: input.indexLevel ?? null, aggregatesRebuilt: meta.rebuilt },
          summary, resultCount: rows.length, previousRunId: previous?.id ?? null, createdBy: input.actor,
        },
        rows,
      );
      await new AuditRepository(trx).append([{
        actor: input.actor, action: 'evaluate', entity: 'evaluation_run', entityKey: String(inserted.id), region: input.region, period: String(year),
        newValue: { framework: framework.code, frameworkVersion: framework.version, inputsHash: hash.hash, results: rows.length, previousRunId: previous?.id ?? null },
      }]);
      return input.publish ? publishWithAudit(repo, trx, inserted.id, input.actor) : inserted;
    });
    return { run, summary, aggregatesRebuilt: meta.rebuilt, timings: { ...meta.timings, write: Math.round(performance.now() - started) } };
  }

  /** Last year's ranks by level, from the newest run of `year` with the same scheme. */
  private async previousRanks(framework: string, region: string, year: number, scheme: Scheme): Promise<Map<string, Map<string, number>>> {
    const previous = await this.runs.latestRun(framework, region, year);
    if (!previous || previous.options.scheme !== scheme.code) return new Map();
    return ranksOf(await this.readResults(previous, { kind: 'rank' }).then((r) => r.results));
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
    return { run, ...(await this.readResults(run, limited)) };
  }

  /** Results as stored, with their provenance restored to full (see provenance-codec.ts). */
  private async readResults(run: StoredRun, filter: ResultFilter): Promise<{ total: number; results: StoredResult[] }> {
    const { total, results } = await this.runs.findResults(run, filter);
    return { total, results: await decodeRows(results, (ordinals) => this.runs.findStoredForms(run, ordinals)) };
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
