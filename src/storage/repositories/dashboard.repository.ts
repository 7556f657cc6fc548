/**
 * The dashboards' tables (migrations 0040–0042): materialised indicator values, live
 * judgements and scores, the per-province build record and the index cache. Computation lives
 * in src/services/dashboard; this repository only writes rows set-based (one JSON document per
 * chunk, which works over the PGlite socket and a server alike) and reads them through covering
 * indexes, every read filtered by `visibleRegion` — the central scope filter (`inRegionScope`)
 * OR "covered by a published evaluation run of that year or later".
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import { inRegionScope, type RegionScope } from './scope.repository.js';
import { chunk } from './util.js';

/**
 * Who reads: `regions` (the caller's view scope: all final data there) and `published` (also
 * final data of regions and years covered by a published evaluation run: the public's share).
 */
export interface DashboardScope {
  readonly regions: RegionScope;
  readonly published: boolean;
}

/** Trusted internal callers (refresh, bench, tests). */
export const SYSTEM_DASHBOARD_SCOPE: DashboardScope = Object.freeze({ regions: { kind: 'system' as const }, published: true });

/** SQL condition: the row's region (and year) may be shown to the reader. */
export function visibleRegion(column: string, year: RawBuilder<number> | number, scope: DashboardScope): RawBuilder<boolean> {
  const own = inRegionScope(column, scope.regions);
  if (scope.regions.kind === 'system' || !scope.published) return own;
  return sql<boolean>`(${own} OR EXISTS (
    SELECT 1 FROM evaluation_run er JOIN region_closure erc ON erc.ancestor = er.scope_region_code
    WHERE er.published AND erc.descendant = ${sql.ref(column)} AND er.year >= ${year}))`;
}

export interface IndicatorValueRow {
  readonly provinceCode: string;
  readonly indicator: string;
  readonly period: string;
  readonly region: string;
  readonly periodType: string;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly status: 'reported' | 'complete' | 'incomplete' | 'missing';
  readonly quality: 'final' | 'synthetic';
  readonly completeness: number | null;
  readonly method: string;
  readonly methodVersion: string;
  readonly inputs: unknown;
}

export interface JudgementRow {
  readonly provinceCode: string;
  readonly framework: string;
  readonly year: number;
  readonly region: string;
  readonly indicator: string;
  readonly milestoneYear: number;
  readonly kind: 'attainment' | 'progress' | 'warning';
  readonly method: string;
  readonly period: string;
  readonly status: string;
  readonly value: number | null;
  readonly targetValue: number | null;
  readonly gapAbsolute: number | null;
  readonly gapPercent: number | null;
  readonly detail: Record<string, unknown>;
}

export interface ScoreRow {
  readonly provinceCode: string;
  readonly framework: string;
  readonly year: number;
  readonly region: string;
  readonly scheme: string;
  readonly level: string;
  readonly score: number;
  readonly maxScore: number;
  readonly grade: string;
  readonly rank: number | null;
  readonly tiedWith: number;
  readonly peerGroup: string | null;
  readonly groupRank: number | null;
  readonly groupSize: number | null;
  readonly previousRank: number | null;
  readonly rankChange: number | null;
  readonly movement: string;
  readonly detail: Record<string, unknown>;
}

export interface DashboardBuild {
  readonly provinceCode: string;
  readonly builtAt: Date;
  readonly refreshedAt: Date;
  readonly liveYears: readonly number[];
  readonly stale: boolean;
  readonly staleReason: string | null;
  readonly report: unknown;
}

export interface IndexCacheEntry {
  readonly provinceCode: string;
  readonly indexId: string;
  readonly region: string;
  readonly period: string;
  readonly configHash: string;
  readonly units: unknown;
  readonly detail: unknown;
}

const CHUNK = 2_000;
const list = (values: readonly string[]) => sql`${[...values]}::text[]`;

/** Writes (and the refresh's own reads) of the dashboard tables; reads for answers are in dashboard.read.ts. */
export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ── indicator_value ──────────────────────────────────────────────────────────────────

  /** Insert or replace indicator values by key. */
  async upsertIndicatorValues(rows: readonly IndicatorValueRow[]): Promise<void> {
    for (const part of chunk(rows, CHUNK)) {
      const records = part.map((r) => ({
        p: r.provinceCode, i: r.indicator, pe: r.period, r: r.region, t: r.periodType, v: r.value, n: r.numerator, d: r.denominator,
        s: r.status, q: r.quality, c: r.completeness, m: r.method, mv: r.methodVersion, in: r.inputs ?? null,
      }));
      await sql`INSERT INTO indicator_value (province_code, indicator_code, period, region_code, period_type, value, numerator, denominator,
          status, quality, completeness, method, method_version, inputs)
        SELECT u.p, u.i, u.pe, u.r, u.t, u.v, u.n, u.d, u.s, u.q, u.c, u.m, u.mv, u.in
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
          AS u (p text, i text, pe text, r text, t text, v float8, n float8, d float8, s text, q text, c float8, m text, mv text, "in" jsonb)
        ON CONFLICT (province_code, indicator_code, period, region_code) DO UPDATE SET period_type = EXCLUDED.period_type,
          value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, status = EXCLUDED.status,
          quality = EXCLUDED.quality, completeness = EXCLUDED.completeness, method = EXCLUDED.method,
          method_version = EXCLUDED.method_version, inputs = EXCLUDED.inputs, computed_at = now()`.execute(this.db);
    }
  }

  /** Delete the indicator values of a province for these indicators (all when omitted), optionally only these regions × periods. */
  async deleteIndicatorValues(provinceCode: string, filter: { indicators?: readonly string[]; regions?: readonly string[]; periods?: readonly string[] } = {}): Promise<number> {
    const result = await sql`DELETE FROM indicator_value WHERE province_code = ${provinceCode}
      ${filter.indicators ? sql`AND indicator_code = ANY(${list(filter.indicators)})` : sql``}
      ${filter.regions ? sql`AND region_code = ANY(${list(filter.regions)})` : sql``}
      ${filter.periods ? sql`AND period = ANY(${list(filter.periods)})` : sql``}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** Indicator values of a province (trusted callers: refresh and its checks), in key order. */
  async findIndicatorValues(provinceCode: string, filter: { indicators?: readonly string[]; regions?: readonly string[]; periods?: readonly string[] } = {}): Promise<IndicatorValueRow[]> {
    const { rows } = await sql<{
      province_code: string; indicator_code: string; period: string; region_code: string; period_type: string; value: number | null;
      numerator: number | null; denominator: number | null; status: IndicatorValueRow['status']; quality: IndicatorValueRow['quality'];
      completeness: number | null; method: string; method_version: string; inputs: unknown;
    }>`SELECT * FROM indicator_value WHERE province_code = ${provinceCode}
      ${filter.indicators ? sql`AND indicator_code = ANY(${list(filter.indicators)})` : sql``}
      ${filter.regions ? sql`AND region_code = ANY(${list(filter.regions)})` : sql``}
      ${filter.periods ? sql`AND period = ANY(${list(filter.periods)})` : sql``}
      ORDER BY indicator_code, period, region_code`.execute(this.db);
    return rows.map((r) => ({
      provinceCode: r.province_code, indicator: r.indicator_code, period: r.period, region: r.region_code, periodType: r.period_type,
      value: r.value, numerator: r.numerator, denominator: r.denominator, status: r.status, quality: r.quality, completeness: r.completeness,
      method: r.method, methodVersion: r.method_version, inputs: r.inputs,
    }));
  }

  /** The latest year with an indicator value in the province (null when none). */
  async latestYear(provinceCode: string): Promise<number | null> {
    const { rows } = await sql<{ y: number | null }>`
      SELECT max(left(period, 4)::int) AS y FROM indicator_value WHERE province_code = ${provinceCode} AND value IS NOT NULL`.execute(this.db);
    return rows[0]?.y ?? null;
  }

  // ── dashboard_judgement and dashboard_score ─────────────────────────────────────────────

  /**
   * Replace the judgements of (framework, year) in a province — all of them, or only those of
   * `regions` × `indicators` — with `rows`.
   */
  async replaceJudgements(provinceCode: string, framework: string, year: number, rows: readonly JudgementRow[], only?: { regions: readonly string[]; indicators: readonly string[] }): Promise<void> {
    await sql`DELETE FROM dashboard_judgement WHERE province_code = ${provinceCode} AND framework_code = ${framework} AND year = ${year}
      ${only ? sql`AND region_code = ANY(${list(only.regions)}) AND indicator_code = ANY(${list(only.indicators)})` : sql``}`.execute(this.db);
    for (const part of chunk(rows, CHUNK)) {
      const records = part.map((r) => ({
        p: r.provinceCode, f: r.framework, y: r.year, r: r.region, i: r.indicator, m: r.milestoneYear, k: r.kind, me: r.method, pe: r.period,
        s: r.status, v: r.value, t: r.targetValue, ga: r.gapAbsolute, gp: r.gapPercent, d: r.detail,
      }));
      await sql`INSERT INTO dashboard_judgement (province_code, framework_code, year, region_code, indicator_code, milestone_year, kind, method,
          period, status, value, target_value, gap_absolute, gap_percent, detail)
        SELECT u.p, u.f, u.y, u.r, u.i, u.m, u.k, u.me, u.pe, u.s, u.v, u.t, u.ga, u.gp, u.d
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
          AS u (p text, f text, y int, r text, i text, m int, k text, me text, pe text, s text, v float8, t float8, ga float8, gp float8, d jsonb)
        ON CONFLICT (province_code, framework_code, year, region_code, indicator_code, milestone_year, kind, method) DO UPDATE SET
          period = EXCLUDED.period, status = EXCLUDED.status, value = EXCLUDED.value, target_value = EXCLUDED.target_value,
          gap_absolute = EXCLUDED.gap_absolute, gap_percent = EXCLUDED.gap_percent, detail = EXCLUDED.detail, computed_at = now()`.execute(this.db);
    }
  }

  /** Replace every score of (framework, year) in a province. */
  async replaceScores(provinceCode: string, framework: string, year: number, rows: readonly ScoreRow[]): Promise<void> {
    await sql`DELETE FROM dashboard_score WHERE province_code = ${provinceCode} AND framework_code = ${framework} AND year = ${year}`.execute(this.db);
    for (const part of chunk(rows, CHUNK)) {
      const records = part.map((r) => ({
        p: r.provinceCode, f: r.framework, y: r.year, r: r.region, sc: r.scheme, l: r.level, s: r.score, mx: r.maxScore, g: r.grade, rk: r.rank,
        tw: r.tiedWith, pg: r.peerGroup, gr: r.groupRank, gs: r.groupSize, pr: r.previousRank, ch: r.rankChange, mo: r.movement, d: r.detail,
      }));
      await sql`INSERT INTO dashboard_score (province_code, framework_code, year, region_code, scheme_code, level, score, max_score, grade, rank,
          tied_with, peer_group, group_rank, group_size, previous_rank, rank_change, movement, detail)
        SELECT u.p, u.f, u.y, u.r, u.sc, u.l, u.s, u.mx, u.g, u.rk, u.tw, u.pg, u.gr, u.gs, u.pr, u.ch, u.mo, u.d
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
          AS u (p text, f text, y int, r text, sc text, l text, s float8, mx float8, g text, rk int, tw int, pg text, gr int, gs int, pr int, ch int, mo text, d jsonb)`.execute(this.db);
    }
  }

  /** Remove live results of years no longer live (and of frameworks no longer judged). */
  async pruneLiveResults(provinceCode: string, keep: ReadonlyMap<string, readonly number[]>): Promise<void> {
    const pairs = [...keep].flatMap(([f, years]) => years.map((y) => `${f}|${y}`));
    for (const table of ['dashboard_judgement', 'dashboard_score'] as const) {
      await sql`DELETE FROM ${sql.table(table)} WHERE province_code = ${provinceCode}
        AND NOT (framework_code || '|' || year::text = ANY(${list(pairs)}))`.execute(this.db);
    }
  }

  async findJudgements(provinceCode: string, filter: { framework?: string; year?: number; regions?: readonly string[]; indicators?: readonly string[] } = {}): Promise<JudgementRow[]> {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM dashboard_judgement WHERE province_code = ${provinceCode}
      ${filter.framework !== undefined ? sql`AND framework_code = ${filter.framework}` : sql``}
      ${filter.year !== undefined ? sql`AND year = ${filter.year}` : sql``}
      ${filter.regions ? sql`AND region_code = ANY(${list(filter.regions)})` : sql``}
      ${filter.indicators ? sql`AND indicator_code = ANY(${list(filter.indicators)})` : sql``}
      ORDER BY framework_code, year, region_code, indicator_code, milestone_year, kind, method`.execute(this.db);
    return rows.map(judgementFromRaw);
  }

  async findScores(provinceCode: string, filter: { framework?: string; year?: number } = {}): Promise<ScoreRow[]> {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM dashboard_score WHERE province_code = ${provinceCode}
      ${filter.framework !== undefined ? sql`AND framework_code = ${filter.framework}` : sql``}
      ${filter.year !== undefined ? sql`AND year = ${filter.year}` : sql``}
      ORDER BY framework_code, year, level, rank NULLS LAST, region_code`.execute(this.db);
    return rows.map(scoreFromRaw);
  }

  // ── dashboard_build ─────────────────────────────────────────────────────────────────────

  async getBuild(provinceCode: string): Promise<DashboardBuild | undefined> {
    const { rows } = await sql<{ province_code: string; built_at: Date; refreshed_at: Date; live_years: number[]; stale: boolean; stale_reason: string | null; report: unknown }>`
      SELECT * FROM dashboard_build WHERE province_code = ${provinceCode}`.execute(this.db);
    const r = rows[0];
    return r ? { provinceCode: r.province_code, builtAt: r.built_at, refreshedAt: r.refreshed_at, liveYears: r.live_years, stale: r.stale, staleReason: r.stale_reason, report: r.report } : undefined;
  }

  /** Record a full build (clears the stale flag). */
  async saveBuild(provinceCode: string, liveYears: readonly number[], report: unknown): Promise<void> {
    await sql`INSERT INTO dashboard_build (province_code, live_years, report) VALUES (${provinceCode}, ${[...liveYears]}::int[], ${JSON.stringify(report)}::jsonb)
      ON CONFLICT (province_code) DO UPDATE SET built_at = now(), refreshed_at = now(), live_years = EXCLUDED.live_years,
        stale = false, stale_reason = NULL, report = EXCLUDED.report`.execute(this.db);
  }

  /** The live years moved after an incremental refresh (the stale flag stays as it is). */
  async setLiveYears(provinceCode: string, liveYears: readonly number[]): Promise<void> {
    await sql`UPDATE dashboard_build SET refreshed_at = now(), live_years = ${[...liveYears]}::int[] WHERE province_code = ${provinceCode}`.execute(this.db);
  }

  async touchBuild(provinceCode: string): Promise<void> {
    await sql`UPDATE dashboard_build SET refreshed_at = now() WHERE province_code = ${provinceCode}`.execute(this.db);
  }

  /** An incremental refresh failed: the dashboards of the province need a rebuild. */
  async markStale(provinceCode: string, reason: string): Promise<void> {
    await sql`INSERT INTO dashboard_build (province_code, live_years, stale, stale_reason, report) VALUES (${provinceCode}, '{}', true, ${reason}, '{}'::jsonb)
      ON CONFLICT (province_code) DO UPDATE SET stale = true, stale_reason = EXCLUDED.stale_reason`.execute(this.db);
  }

  /** Serialise refreshes of one province until the end of the current transaction. */
  async lockProvince(provinceCode: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`vitals.dashboard:${provinceCode}`}))`.execute(this.db);
  }

  /**
   * Wait for running refreshes of these provinces and keep new ones out until the end of the
   * current transaction (a cache fill: what it reads and writes must not straddle a refresh).
   */
  async lockProvincesShared(provinceCodes: readonly string[]): Promise<void> {
    for (const code of [...new Set(provinceCodes)].sort()) {
      await sql`SELECT pg_advisory_xact_lock_shared(hashtext(${`vitals.dashboard:${code}`}))`.execute(this.db);
    }
  }

  // ── dashboard_index_cache ───────────────────────────────────────────────────────────────

  async getIndexCache(provinceCode: string, indexId: string, region: string, periods: readonly string[], configHash: string): Promise<IndexCacheEntry[]> {
    const { rows } = await sql<{ province_code: string; index_id: string; region_code: string; period: string; config_hash: string; units: unknown; detail: unknown }>`
      SELECT * FROM dashboard_index_cache WHERE province_code = ${provinceCode} AND index_id = ${indexId} AND region_code = ${region}
        AND period = ANY(${list(periods)}) AND config_hash = ${configHash} ORDER BY period`.execute(this.db);
    return rows.map((r) => ({ provinceCode: r.province_code, indexId: r.index_id, region: r.region_code, period: r.period, configHash: r.config_hash, units: r.units, detail: r.detail }));
  }

  async putIndexCache(entries: readonly IndexCacheEntry[]): Promise<void> {
    for (const e of entries) {
      await sql`INSERT INTO dashboard_index_cache (province_code, index_id, region_code, period, config_hash, units, detail)
        VALUES (${e.provinceCode}, ${e.indexId}, ${e.region}, ${e.period}, ${e.configHash}, ${JSON.stringify(e.units)}::jsonb, ${JSON.stringify(e.detail)}::jsonb)
        ON CONFLICT (province_code, index_id, region_code, period) DO UPDATE SET config_hash = EXCLUDED.config_hash, units = EXCLUDED.units,
          detail = EXCLUDED.detail, computed_at = now()`.execute(this.db);
    }
  }

  /** Drop cached index periods of these parent regions from `fromPeriod`'s year on (all when omitted). */
  async invalidateIndexCache(regions: readonly string[] | undefined, fromYear?: number): Promise<number> {
    const result = await sql`DELETE FROM dashboard_index_cache WHERE true
      ${regions ? sql`AND region_code = ANY(${list(regions)})` : sql``}
      ${fromYear !== undefined ? sql`AND left(period, 4)::int >= ${fromYear}` : sql``}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}

/** A `dashboard_judgement` row as read. */
export function judgementFromRaw(r: Record<string, unknown>): JudgementRow {
  return {
    provinceCode: r.province_code as string, framework: r.framework_code as string, year: r.year as number, region: r.region_code as string,
    indicator: r.indicator_code as string, milestoneYear: r.milestone_year as number, kind: r.kind as JudgementRow['kind'], method: r.method as string,
    period: r.period as string, status: r.status as string, value: r.value as number | null, targetValue: r.target_value as number | null,
    gapAbsolute: r.gap_absolute as number | null, gapPercent: r.gap_percent as number | null, detail: r.detail as Record<string, unknown>,
  };
}

/** A `dashboard_score` row as read. */
export function scoreFromRaw(r: Record<string, unknown>): ScoreRow {
  return {
    provinceCode: r.province_code as string, framework: r.framework_code as string, year: r.year as number, region: r.region_code as string,
    scheme: r.scheme_code as string, level: r.level as string, score: r.score as number, maxScore: r.max_score as number, grade: r.grade as string,
    rank: r.rank as number | null, tiedWith: r.tied_with as number, peerGroup: r.peer_group as string | null, groupRank: r.group_rank as number | null,
    groupSize: r.group_size as number | null, previousRank: r.previous_rank as number | null, rankChange: r.rank_change as number | null,
    movement: r.movement as string, detail: r.detail as Record<string, unknown>,
  };
}
