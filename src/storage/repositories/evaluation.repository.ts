/**
 * Evaluation runs and their result snapshots (migration 0031). Runs and results are written
 * once and never changed (triggers refuse it); a run may only be published. Reads can be
 * limited to regions in a scope: the subtrees of `scopeRoots`, through `region_closure`.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { DB } from '../schema.js';
import { inRegionScope, type RegionScope } from './scope.repository.js';
import { chunk } from './util.js';

export type ResultKind = 'value' | 'attainment' | 'progress' | 'warning' | 'score' | 'rank' | 'index';

export interface MethodRecord {
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface NewRun {
  readonly frameworkId: number;
  readonly frameworkCode: string;
  readonly frameworkVersion: number;
  readonly scopeRegion: string;
  readonly provinceCode: string;
  readonly year: number;
  readonly inputsHash: string;
  readonly inputCount: number;
  readonly methods: readonly MethodRecord[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly summary: unknown;
  readonly resultCount: number;
  readonly previousRunId: number | null;
  readonly createdBy: string;
}

export interface StoredRun extends NewRun {
  readonly id: number;
  readonly createdAt: Date;
  readonly published: boolean;
  readonly publishedAt: Date | null;
  readonly publishedBy: string | null;
}

export interface NewResult {
  readonly provinceCode: string;
  readonly region: string;
  readonly indicator: string | null;
  readonly milestoneYear: number | null;
  readonly period: string;
  readonly kind: ResultKind;
  readonly method: string;
  readonly status: string;
  readonly value: number | null;
  readonly required: unknown;
  readonly gapAbsolute: number | null;
  readonly gapPercent: number | null;
  readonly provenance: unknown;
}

/** A JSON column value already serialized (written as it is). */
export class JsonText {
  constructor(readonly text: string) {}
}

export interface StoredResult extends NewResult {
  readonly runId: number;
  readonly ordinal: number;
}

/**
 * Who reads: `publishedOnly` hides unpublished runs; otherwise `regions` (the central
 * `RegionScope` of scope.repository.ts) limits unpublished runs to those overlapping it and their
 * results to its regions. Absent: a trusted internal caller (CLI, jobs), like `SYSTEM_SCOPE`.
 */
export interface ReadScope {
  readonly publishedOnly?: boolean;
  readonly regions?: RegionScope;
}

export interface RunFilter extends ReadScope {
  readonly framework?: string;
  readonly region?: string;
  readonly year?: number;
  readonly published?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export interface ResultFilter {
  readonly region?: string;
  readonly indicator?: string;
  readonly status?: string;
  readonly kind?: ResultKind;
  readonly limit?: number;
  readonly offset?: number;
  /** Only results for regions in this scope (unpublished runs read by a scoped user). */
  readonly regions?: RegionScope;
}

export interface EvaluationProfile {
  readonly frameworkCode: string;
  readonly methods: readonly (string | { readonly name: string; readonly params?: Readonly<Record<string, unknown>> })[];
  readonly scheme: unknown;
  readonly indexConfig: unknown;
  readonly options: Readonly<Record<string, unknown>> | null;
}

type RunRow = {
  id: number; framework_id: number; framework_code: string; framework_version: number; scope_region_code: string; province_code: string;
  year: number; inputs_hash: string; input_count: number; methods: MethodRecord[]; options: Record<string, unknown>; summary: unknown;
  result_count: number; previous_run_id: number | null; created_by: string; created_at: Date; published: boolean; published_at: Date | null; published_by: string | null;
};

function toRun(r: RunRow): StoredRun {
  return {
    id: r.id, frameworkId: r.framework_id, frameworkCode: r.framework_code, frameworkVersion: r.framework_version, scopeRegion: r.scope_region_code,
    provinceCode: r.province_code, year: r.year, inputsHash: r.inputs_hash, inputCount: r.input_count, methods: r.methods, options: r.options,
    summary: r.summary, resultCount: r.result_count, previousRunId: r.previous_run_id, createdBy: r.created_by, createdAt: r.created_at,
    published: r.published, publishedAt: r.published_at, publishedBy: r.published_by,
  };
}

/** A run is visible when published, or (unpublished) when its scope and the reader's overlap. */
function runVisibility(scope: ReadScope) {
  if (scope.publishedOnly) return sql`r.published`;
  if (scope.regions === undefined || scope.regions.kind === 'system') return sql`true`;
  const roots = [...scope.regions.roots];
  return sql`(r.published OR EXISTS (
    SELECT 1 FROM region_closure c
    WHERE (c.ancestor = ANY(${roots}::text[]) AND c.descendant = r.scope_region_code)
       OR (c.ancestor = r.scope_region_code AND c.descendant = ANY(${roots}::text[]))))`;
}

export class EvaluationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Write a run and its results (call inside a transaction); returns the run id. */
  async insertRun(run: NewRun, results: readonly NewResult[]): Promise<number> {
    return (await this.insertSnapshot(run, results)).id;
  }

  /**
   * Write a run and its results (call inside a transaction); returns the stored run. Results
   * without a `provinceCode` take the run's; `required` and `provenance` may come serialized
   * (`JsonText`). Set-based: one statement per chunk of rows.
   */
  async insertSnapshot(run: NewRun, results: readonly (Omit<NewResult, 'provinceCode'> & { readonly provinceCode?: string })[]): Promise<StoredRun> {
    const { rows } = await sql<RunRow>`
      INSERT INTO evaluation_run (framework_id, framework_code, framework_version, scope_region_code, province_code, year, inputs_hash,
        input_count, methods, options, summary, result_count, previous_run_id, created_by)
      VALUES (${run.frameworkId}, ${run.frameworkCode}, ${run.frameworkVersion}, ${run.scopeRegion}, ${run.provinceCode}, ${run.year},
        ${run.inputsHash}, ${run.inputCount}, ${JSON.stringify(run.methods)}::jsonb, ${JSON.stringify(run.options)}::jsonb,
        ${JSON.stringify(run.summary)}::jsonb, ${run.resultCount}, ${run.previousRunId}, ${run.createdBy})
      RETURNING *`.execute(this.db);
    const stored = toRun(rows[0]!);
    let ordinal = 0;
    const json = (v: unknown): string => (v instanceof JsonText ? v.text : (JSON.stringify(v ?? null) ?? 'null'));
    // Absent keys read as NULL: leaving nulls out (and the run's own province) makes the document smaller.
    const orNone = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    // One JSON document per chunk: cheaper to send than 14 parallel arrays of escaped JSON text.
    for (const part of chunk(results, 2_000)) {
      const records = part.map((r) => {
        const province = r.provinceCode === undefined || r.provinceCode === run.provinceCode ? undefined : r.provinceCode;
        const scalars = JSON.stringify({ p: province, o: ++ordinal, r: r.region, i: orNone(r.indicator), m: orNone(r.milestoneYear), pe: r.period, k: r.kind, me: r.method, s: r.status, v: orNone(r.value), ga: orNone(r.gapAbsolute), gp: orNone(r.gapPercent) });
        const required = json(r.required);
        return `${scalars.slice(0, -1)}${required === 'null' ? '' : `,"rq":${required}`},"pv":${json(r.provenance)}}`;
      });
      await sql`
        INSERT INTO evaluation_result (province_code, run_id, ordinal, region_code, indicator_code, milestone_year, period, kind, method,
          status, value, required, gap_absolute, gap_percent, provenance)
        SELECT coalesce(u.p, ${run.provinceCode}), ${stored.id}, u.o, u.r, u.i, u.m, u.pe, u.k, u.me, u.s, u.v, NULLIF(u.rq, 'null'::jsonb), u.ga, u.gp, u.pv
        FROM jsonb_to_recordset(${`[${records.join(',')}]`}::jsonb)
             AS u (p text, o int, r text, i text, m int, pe text, k text, me text, s text, v float8, rq jsonb, ga float8, gp float8, pv jsonb)`.execute(this.db);
    }
    return stored;
  }

  async getRun(id: number, scope: ReadScope = {}): Promise<StoredRun | undefined> {
    const { rows } = await sql<RunRow>`SELECT r.* FROM evaluation_run r WHERE r.id = ${id} AND ${runVisibility(scope)}`.execute(this.db);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Like `getRun`; an absent or invisible run is `VITALS_E_NOT_FOUND` (never "forbidden": no existence leak). */
  async requireRun(id: number, scope: ReadScope = {}): Promise<StoredRun> {
    const run = await this.getRun(id, scope);
    if (!run) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `evaluation run ${id}` });
    return run;
  }

  /** Runs, newest first, with the total before paging. */
  async listRuns(filter: RunFilter = {}): Promise<{ total: number; runs: StoredRun[] }> {
    const where = sql`${runVisibility(filter)}
      ${filter.framework !== undefined ? sql`AND r.framework_code = ${filter.framework}` : sql``}
      ${filter.region !== undefined ? sql`AND r.scope_region_code = ${filter.region}` : sql``}
      ${filter.year !== undefined ? sql`AND r.year = ${filter.year}` : sql``}
      ${filter.published !== undefined ? sql`AND r.published = ${filter.published}` : sql``}`;
    const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM evaluation_run r WHERE ${where}`.execute(this.db);
    const { rows } = await sql<RunRow>`SELECT r.* FROM evaluation_run r WHERE ${where} ORDER BY r.id DESC
      LIMIT ${filter.limit ?? 50} OFFSET ${filter.offset ?? 0}`.execute(this.db);
    return { total: total.rows[0]?.n ?? 0, runs: rows.map(toRun) };
  }

  /** The newest run of a framework for a scope and year (optionally older than `before`). */
  async latestRun(frameworkCode: string, region: string, year: number, options: { readonly before?: number; readonly publishedOnly?: boolean } = {}): Promise<StoredRun | undefined> {
    const { rows } = await sql<RunRow>`SELECT r.* FROM evaluation_run r
      WHERE r.framework_code = ${frameworkCode} AND r.scope_region_code = ${region} AND r.year = ${year}
        ${options.before !== undefined ? sql`AND r.id < ${options.before}` : sql``}
        ${options.publishedOnly ? sql`AND r.published` : sql``}
      ORDER BY r.id DESC LIMIT 1`.execute(this.db);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Results of a run in ordinal order, filtered and paged, with the total before paging. */
  async findResults(run: Pick<StoredRun, 'id'>, filter: ResultFilter = {}): Promise<{ total: number; results: StoredResult[] }> {
    const where = sql`e.run_id = ${run.id}
      ${filter.region !== undefined ? sql`AND e.region_code = ${filter.region}` : sql``}
      ${filter.indicator !== undefined ? sql`AND e.indicator_code = ${filter.indicator}` : sql``}
      ${filter.status !== undefined ? sql`AND e.status = ${filter.status}` : sql``}
      ${filter.kind !== undefined ? sql`AND e.kind = ${filter.kind}` : sql``}
      ${filter.regions !== undefined ? sql`AND ${inRegionScope('e.region_code', filter.regions)}` : sql``}`;
    const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM evaluation_result e WHERE ${where}`.execute(this.db);
    const { rows } = await sql<{
      province_code: string; run_id: number; ordinal: number; region_code: string; indicator_code: string | null; milestone_year: number | null;
      period: string; kind: ResultKind; method: string; status: string; value: number | null; required: unknown; gap_absolute: number | null;
      gap_percent: number | null; provenance: unknown;
    }>`SELECT e.* FROM evaluation_result e WHERE ${where} ORDER BY e.ordinal
       ${filter.limit !== undefined ? sql`LIMIT ${filter.limit}` : sql``} OFFSET ${filter.offset ?? 0}`.execute(this.db);
    return {
      total: total.rows[0]?.n ?? 0,
      results: rows.map((r) => ({
        provinceCode: r.province_code, runId: r.run_id, ordinal: r.ordinal, region: r.region_code, indicator: r.indicator_code,
        milestoneYear: r.milestone_year, period: r.period, kind: r.kind, method: r.method, status: r.status, value: r.value,
        required: r.required, gapAbsolute: r.gap_absolute, gapPercent: r.gap_percent, provenance: r.provenance,
      })),
    };
  }

  /** The two JSON columns of some rows of a run, by ordinal (to restore provenance stored compactly). */
  async findStoredForms(run: Pick<StoredRun, 'id' | 'provinceCode'>, ordinals: readonly number[]): Promise<{ ordinal: number; provenance: unknown; required: unknown }[]> {
    if (ordinals.length === 0) return [];
    const { rows } = await sql<{ ordinal: number; provenance: unknown; required: unknown }>`
      SELECT ordinal, provenance, required FROM evaluation_result
      WHERE province_code = ${run.provinceCode} AND run_id = ${run.id} AND ordinal = ANY(${[...ordinals]}::int[])`.execute(this.db);
    return rows;
  }

  /** Mark a run published (once). @throws VITALS_E_NOT_FOUND, VITALS_E_INVALID_TRANSITION when already published */
  async publish(id: number, actor: string): Promise<StoredRun> {
    const run = await this.requireRun(id);
    if (run.published) throw new VitalsError('VITALS_E_INVALID_TRANSITION', { detail: `evaluation run ${id} is already published` });
    await sql`UPDATE evaluation_run SET published = true, published_at = now(), published_by = ${actor} WHERE id = ${id} AND NOT published`.execute(this.db);
    return this.requireRun(id);
  }

  async getProfile(frameworkCode: string): Promise<EvaluationProfile | undefined> {
    const { rows } = await sql<{ framework_code: string; methods: EvaluationProfile['methods']; scheme: unknown; index_config: unknown; options: Record<string, unknown> | null }>`
      SELECT * FROM evaluation_profile WHERE framework_code = ${frameworkCode}`.execute(this.db);
    const r = rows[0];
    return r ? { frameworkCode: r.framework_code, methods: r.methods, scheme: r.scheme, indexConfig: r.index_config, options: r.options } : undefined;
  }

  /** Set a framework's evaluation defaults (methods, scheme, index, options). */
  async saveProfile(profile: EvaluationProfile, actor: string): Promise<void> {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    await sql`INSERT INTO evaluation_profile (framework_code, methods, scheme, index_config, options, updated_by)
      VALUES (${profile.frameworkCode}, ${JSON.stringify(profile.methods)}::jsonb, ${json(profile.scheme)}::jsonb, ${json(profile.indexConfig)}::jsonb, ${json(profile.options)}::jsonb, ${actor})
      ON CONFLICT (framework_code) DO UPDATE SET methods = EXCLUDED.methods, scheme = EXCLUDED.scheme, index_config = EXCLUDED.index_config,
        options = EXCLUDED.options, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(this.db);
  }
}
