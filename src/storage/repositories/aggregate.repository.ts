/**
 * Materialised aggregates (`aggregate_value`, migration 0030) and the final data values they are
 * built from. Rows are computed by the evaluation service with the core's roll-up functions;
 * this repository only reads and writes them, set-based (multi-row `unnest` inserts work over
 * both the PGlite socket and a PostgreSQL server).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { AggregationRule } from '../../core/indicator/types.js';
import type { DB } from '../schema.js';
import { chunk } from './util.js';

/** One disaggregation of a value: 'total' unless stated. */
export interface Disaggregation {
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
}

/** A final data value as the roll-up reads it. */
export interface FinalValue extends Disaggregation {
  readonly dataElementId: number;
  readonly region: string;
  readonly period: string;
  readonly value: number | null;
}

/** What an aggregate row keeps beyond its columns (bounded: direct children only); absent parts are empty. */
export interface AggregateDetail {
  /** Expected direct children (or fine periods) without a value; null when over the listing limit. */
  readonly missing?: readonly string[] | null;
  readonly missingCount?: number;
  readonly excluded?: readonly { readonly code: string; readonly reason: string }[];
  readonly warnings?: readonly { readonly code: string; readonly message: string }[];
  readonly lineageOverlaps?: readonly { readonly predecessor: string; readonly successors: readonly string[] }[];
  readonly earliestLastPeriod?: string;
  readonly staleContributors?: number;
}

export interface AggregateRow extends Disaggregation {
  readonly provinceCode: string;
  readonly dataElementId: number;
  readonly period: string;
  readonly region: string;
  readonly rule: AggregationRule;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly weightedSum: number | null;
  readonly weightSum: number | null;
  readonly lastPeriod: string | null;
  readonly childrenExpected: number;
  readonly childrenContributing: number;
  readonly leavesExpected: number;
  readonly leavesContributing: number;
  readonly periodsExpected: number;
  readonly periodsContributing: number;
  readonly completeness: number;
  readonly leafLevel: string | null;
  readonly reason: string | null;
  /** Null when there is nothing beyond the columns (complete, no warnings). */
  readonly detail: AggregateDetail | null;
  readonly methodVersion: string;
}

/** The columns of an aggregate row that evaluation reads (no detail, rule or build columns). */
export type AggregateFigure = Pick<AggregateRow,
  'dataElementId' | 'region' | 'period' | 'sex' | 'ageGroup' | 'area' | 'value' | 'numerator' | 'denominator' | 'weightedSum' | 'weightSum'
  | 'lastPeriod' | 'leavesExpected' | 'leavesContributing' | 'periodsExpected' | 'periodsContributing' | 'completeness'>;

export interface AggregateFilter {
  readonly provinceCode: string;
  readonly dataElementIds?: readonly number[];
  readonly regions?: readonly string[];
  readonly periods?: readonly string[];
}

export interface BuildRecord {
  readonly provinceCode: string;
  readonly builtAt: Date;
  readonly auditWatermark: number;
  readonly workflowWatermark: number;
  readonly methodVersion: string;
  readonly rowCount: number;
  readonly report: unknown;
}

export interface Watermarks {
  readonly audit: number;
  readonly workflow: number;
}

const KEY = ['province_code', 'data_element_id', 'period', 'region_code', 'sex', 'age_group', 'area'] as const;

/** Row key as one string (for maps and comparisons). */
export function aggregateKey(r: Pick<AggregateRow, 'dataElementId' | 'period' | 'region' | 'sex' | 'ageGroup' | 'area'>): string {
  return `${r.dataElementId}|${r.period}|${r.region}|${r.sex}|${r.ageGroup}|${r.area}`;
}

type RawRow = {
  province_code: string; data_element_id: number; period: string; region_code: string; sex: string; age_group: string; area: string;
  rule: string; value: number | null; numerator: number | null; denominator: number | null; weighted_sum: number | null; weight_sum: number | null;
  last_period: string | null; children_expected: number; children_contributing: number; leaves_expected: number; leaves_contributing: number;
  periods_expected: number; periods_contributing: number; completeness: number; leaf_level: string | null; reason: string | null;
  detail: AggregateDetail | null; method_version: string;
};

function fromRaw(r: RawRow): AggregateRow {
  return {
    provinceCode: r.province_code, dataElementId: r.data_element_id, period: r.period, region: r.region_code,
    sex: r.sex, ageGroup: r.age_group, area: r.area, rule: r.rule as AggregationRule, value: r.value,
    numerator: r.numerator, denominator: r.denominator, weightedSum: r.weighted_sum, weightSum: r.weight_sum, lastPeriod: r.last_period,
    childrenExpected: r.children_expected, childrenContributing: r.children_contributing, leavesExpected: r.leaves_expected,
    leavesContributing: r.leaves_contributing, periodsExpected: r.periods_expected, periodsContributing: r.periods_contributing,
    completeness: r.completeness, leafLevel: r.leaf_level, reason: r.reason, detail: r.detail, methodVersion: r.method_version,
  };
}

/** Columns in insert order, each as an array, for `unnest`. */
function columns(rows: readonly AggregateRow[]) {
  const col = <T>(f: (r: AggregateRow) => T): T[] => rows.map(f);
  return sql`unnest(
    ${col((r) => r.provinceCode)}::text[], ${col((r) => r.dataElementId)}::int[], ${col((r) => r.period)}::text[], ${col((r) => r.region)}::text[],
    ${col((r) => r.sex)}::text[], ${col((r) => r.ageGroup)}::text[], ${col((r) => r.area)}::text[], ${col((r) => r.rule)}::text[],
    ${col((r) => r.value)}::float8[], ${col((r) => r.numerator)}::float8[], ${col((r) => r.denominator)}::float8[],
    ${col((r) => r.weightedSum)}::float8[], ${col((r) => r.weightSum)}::float8[], ${col((r) => r.lastPeriod)}::text[],
    ${col((r) => r.childrenExpected)}::int[], ${col((r) => r.childrenContributing)}::int[], ${col((r) => r.leavesExpected)}::int[],
    ${col((r) => r.leavesContributing)}::int[], ${col((r) => r.periodsExpected)}::int[], ${col((r) => r.periodsContributing)}::int[],
    ${col((r) => r.completeness)}::float8[], ${col((r) => r.leafLevel)}::text[], ${col((r) => r.reason)}::text[],
    ${col((r) => (r.detail === null ? null : JSON.stringify(r.detail)))}::text[], ${col((r) => r.methodVersion)}::text[])`;
}

const COLUMN_NAMES = [
  ...KEY, 'rule', 'value', 'numerator', 'denominator', 'weighted_sum', 'weight_sum', 'last_period', 'children_expected',
  'children_contributing', 'leaves_expected', 'leaves_contributing', 'periods_expected', 'periods_contributing', 'completeness',
  'leaf_level', 'reason', 'detail', 'method_version',
] as const;
const INSERT_COLUMNS = sql.raw(COLUMN_NAMES.join(', '));
const UPDATE_SET = sql.raw(
  [...COLUMN_NAMES.filter((c) => !(KEY as readonly string[]).includes(c)).map((c) => `${c} = EXCLUDED.${c}`), 'computed_at = now()'].join(', '),
);

const SELECT_COLUMNS = sql.raw(`u.c1, u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, u.c9, u.c10, u.c11, u.c12, u.c13, u.c14, u.c15, u.c16,
  u.c17, u.c18, u.c19, u.c20, u.c21, u.c22, u.c23, u.c24::jsonb, u.c25`);

const UNNEST_ALIAS = sql.raw('u (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25)');

/** Rows per statement: 25 array parameters of this many elements each. */
const WRITE_CHUNK = 5_000;
/** Rows per COPY statement (about 10 MB of text). */
const COPY_CHUNK = 50_000;

/** One field in COPY's text format: `\N` for null; backslash, tab, newline and CR escaped. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v); // the shortest round-trip form: float8 reads back the same double
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One row as a COPY text line, in COLUMN_NAMES order. */
function copyLine(r: AggregateRow): string {
  return [
    r.provinceCode, r.dataElementId, r.period, r.region, r.sex, r.ageGroup, r.area, r.rule, r.value, r.numerator, r.denominator,
    r.weightedSum, r.weightSum, r.lastPeriod, r.childrenExpected, r.childrenContributing, r.leavesExpected, r.leavesContributing,
    r.periodsExpected, r.periodsContributing, r.completeness, r.leafLevel, r.reason, r.detail === null ? null : JSON.stringify(r.detail), r.methodVersion,
  ].map(copyField).join('\t');
}

export class AggregateRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * FINAL data values of a province, read through the `data_value_final` view (migration 0060):
   * a value counts when no form governs it (none lists its element cell for its period type and
   * region level, or it was written before the form collected it) or when a form listing it is
   * final for its region and period. THE one place that decides what evaluation may use.
   */
  async readFinalValues(filter: AggregateFilter): Promise<FinalValue[]> {
    const { rows } = await sql<{ data_element_id: number; region_code: string; period: string; sex: string; age_group: string; area: string; value: number | null }>`
      SELECT dv.data_element_id, dv.region_code, dv.period, dv.sex, dv.age_group, dv.area, dv.value
      FROM data_value_final dv
      WHERE dv.province_code = ${filter.provinceCode}
        ${filter.dataElementIds ? sql`AND dv.data_element_id = ANY(${[...filter.dataElementIds]}::int[])` : sql``}
        ${filter.periods ? sql`AND dv.period = ANY(${[...filter.periods]}::text[])` : sql``}
        ${filter.regions ? sql`AND dv.region_code = ANY(${[...filter.regions]}::text[])` : sql``}
      ORDER BY dv.data_element_id, dv.region_code, dv.period, dv.sex, dv.age_group, dv.area`.execute(this.db);
    return rows.map((r) => ({ dataElementId: r.data_element_id, region: r.region_code, period: r.period, sex: r.sex, ageGroup: r.age_group, area: r.area, value: r.value }));
  }

  /** Data elements with at least one stored value in the province. */
  async elementsWithValues(provinceCode: string): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`
      SELECT DISTINCT data_element_id AS id FROM data_value WHERE province_code = ${provinceCode} ORDER BY 1`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Data elements with at least one stored aggregate row in the province (or the nation, 000000). */
  async elementsWithRows(provinceCode: string): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`
      SELECT de.id FROM data_element de
      WHERE EXISTS (SELECT 1 FROM aggregate_value a WHERE a.province_code = ${provinceCode} AND a.data_element_id = de.id) ORDER BY 1`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Data elements with an aggregate row in any province (what the nation's rows are combined from). */
  async elementsWithProvinceRows(): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`
      SELECT de.id FROM data_element de
      WHERE EXISTS (SELECT 1 FROM region p JOIN aggregate_value a ON a.province_code = p.code AND a.data_element_id = de.id
                    WHERE p.level = 'province') ORDER BY 1`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Record a full build of a province: what it was built from (see `getBuild`). */
  async saveBuild(provinceCode: string, build: Omit<BuildRecord, 'provinceCode' | 'builtAt'>): Promise<void> {
    await sql`
      INSERT INTO aggregate_build (province_code, audit_watermark, workflow_watermark, method_version, row_count, report)
      VALUES (${provinceCode}, ${build.auditWatermark}, ${build.workflowWatermark}, ${build.methodVersion}, ${build.rowCount}, ${JSON.stringify(build.report)}::jsonb)
      ON CONFLICT (province_code) DO UPDATE SET built_at = now(), audit_watermark = EXCLUDED.audit_watermark,
        workflow_watermark = EXCLUDED.workflow_watermark, method_version = EXCLUDED.method_version,
        row_count = EXCLUDED.row_count, report = EXCLUDED.report`.execute(this.db);
  }

  /**
   * High-water marks of the data-value audit rows and workflow transitions in a province (0 when
   * empty). Every data-value change writes one audit row, every state change one transition.
   */
  async watermarks(provinceCode: string): Promise<Watermarks> {
    const { rows } = await sql<{ audit: number | null; workflow: number | null }>`
      SELECT (SELECT max(id) FROM audit_log WHERE province_code = ${provinceCode} AND entity = 'data_value') AS audit,
             (SELECT max(id) FROM workflow_transition WHERE province_code = ${provinceCode}) AS workflow`.execute(this.db);
    return { audit: rows[0]?.audit ?? 0, workflow: rows[0]?.workflow ?? 0 };
  }

  async getBuild(provinceCode: string): Promise<BuildRecord | undefined> {
    const { rows } = await sql<{ province_code: string; built_at: Date; audit_watermark: number; workflow_watermark: number; method_version: string; row_count: number; report: unknown }>`
      SELECT * FROM aggregate_build WHERE province_code = ${provinceCode}`.execute(this.db);
    const r = rows[0];
    return r
      ? { provinceCode: r.province_code, builtAt: r.built_at, auditWatermark: r.audit_watermark, workflowWatermark: r.workflow_watermark, methodVersion: r.method_version, rowCount: r.row_count, report: r.report }
      : undefined;
  }

  /**
   * Replace a province's aggregates (of the given elements, or all) with `rows` and, when given,
   * record the build. Call inside a transaction so readers never see a half-written province.
   */
  async replaceProvince(provinceCode: string, rows: readonly AggregateRow[], build: Omit<BuildRecord, 'provinceCode' | 'builtAt'> | undefined, elementIds?: readonly number[]): Promise<void> {
    await this.lockProvince(provinceCode);
    await sql`DELETE FROM aggregate_value WHERE province_code = ${provinceCode}
      ${elementIds ? sql`AND data_element_id = ANY(${[...elementIds]}::int[])` : sql``}`.execute(this.db);
    await this.insert(rows);
    if (build) await this.saveBuild(provinceCode, build);
  }

  /**
   * Serialise writers of one province's aggregates until the transaction ends (two concurrent
   * rebuilds would otherwise collide on the key). Call inside a transaction.
   */
  async lockProvince(provinceCode: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`vitals.aggregates.${provinceCode}`}))`.execute(this.db);
  }

  /**
   * Plain insert (no conflicts expected), in key order so that the B-tree fills left to right.
   * On a PostgreSQL server: `COPY … FROM STDIN` (the pool's client carries it), about twice as
   * fast as the 25-array `unnest` insert, which PGlite's socket needs instead.
   */
  async insert(rows: readonly AggregateRow[]): Promise<void> {
    if (rows.length === 0) return;
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sorted = [...rows].sort((a, b) => a.dataElementId - b.dataElementId || cmp(a.period, b.period) || cmp(a.region, b.region) || cmp(a.sex, b.sex) || cmp(a.ageGroup, b.ageGroup) || cmp(a.area, b.area));
    if (await this.serverCanCopy()) {
      for (const part of chunk(sorted, COPY_CHUNK)) {
        await this.db.executeQuery(CompiledQuery.raw(`COPY aggregate_value (${COLUMN_NAMES.join(', ')}) FROM STDIN`, [`${part.map(copyLine).join('\n')}\n`]));
      }
      return;
    }
    for (const part of chunk(sorted, WRITE_CHUNK)) {
      await sql`INSERT INTO aggregate_value (${INSERT_COLUMNS}) SELECT ${SELECT_COLUMNS} FROM ${columns(part)} AS ${UNNEST_ALIAS}`.execute(this.db);
    }
  }

  /** A PostgreSQL server (COPY FROM STDIN works), not PGlite behind its socket (it cannot carry COPY). */
  private async serverCanCopy(): Promise<boolean> {
    const { rows } = await sql<{ pglite: boolean }>`SELECT position('PGlite' in version()) > 0 AS pglite`.execute(this.db);
    return rows[0]?.pglite === false;
  }

  /** Insert or replace rows by key (the incremental path). */
  async upsert(rows: readonly AggregateRow[]): Promise<void> {
    for (const part of chunk(rows, WRITE_CHUNK)) {
      await sql`INSERT INTO aggregate_value (${INSERT_COLUMNS}) SELECT ${SELECT_COLUMNS} FROM ${columns(part)} AS ${UNNEST_ALIAS}
        ON CONFLICT (${sql.raw(KEY.join(', '))}) DO UPDATE SET ${UPDATE_SET}`.execute(this.db);
    }
  }

  /** Delete the listed rows of one element and period in a province. */
  async deleteRows(provinceCode: string, dataElementId: number, period: string, keys: readonly Pick<AggregateRow, 'region' | 'sex' | 'ageGroup' | 'area'>[]): Promise<void> {
    if (keys.length === 0) return;
    await sql`DELETE FROM aggregate_value a
      USING unnest(${keys.map((k) => k.region)}::text[], ${keys.map((k) => k.sex)}::text[], ${keys.map((k) => k.ageGroup)}::text[], ${keys.map((k) => k.area)}::text[])
            AS k (region_code, sex, age_group, area)
      WHERE a.province_code = ${provinceCode} AND a.data_element_id = ${dataElementId} AND a.period = ${period}
        AND a.region_code = k.region_code AND a.sex = k.sex AND a.age_group = k.age_group AND a.area = k.area`.execute(this.db);
  }

  /** The disaggregations stored for one element × period in a province. */
  async slices(provinceCode: string, dataElementId: number, period: string): Promise<Disaggregation[]> {
    const { rows } = await sql<{ sex: string; age_group: string; area: string }>`
      SELECT DISTINCT sex, age_group, area FROM aggregate_value
      WHERE province_code = ${provinceCode} AND data_element_id = ${dataElementId} AND period = ${period}
      ORDER BY 1, 2, 3`.execute(this.db);
    return rows.map((r) => ({ sex: r.sex, ageGroup: r.age_group, area: r.area }));
  }

  /** Delete one element × period × disaggregation of a province (nothing contributes any more). */
  async deleteSlice(provinceCode: string, dataElementId: number, period: string, d: Disaggregation): Promise<number> {
    const result = await sql`DELETE FROM aggregate_value
      WHERE province_code = ${provinceCode} AND data_element_id = ${dataElementId} AND period = ${period}
        AND sex = ${d.sex} AND age_group = ${d.ageGroup} AND area = ${d.area}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** Aggregates matching the filter, in key order. */
  async find(filter: AggregateFilter): Promise<AggregateRow[]> {
    const { rows } = await sql<RawRow>`
      SELECT * FROM aggregate_value
      WHERE province_code = ${filter.provinceCode}
        ${filter.dataElementIds ? sql`AND data_element_id = ANY(${[...filter.dataElementIds]}::int[])` : sql``}
        ${filter.regions ? sql`AND region_code = ANY(${[...filter.regions]}::text[])` : sql``}
        ${filter.periods ? sql`AND period = ANY(${[...filter.periods]}::text[])` : sql``}
      ORDER BY data_element_id, period, region_code, sex, age_group, area`.execute(this.db);
    return rows.map(fromRaw);
  }

  /**
   * The figures evaluation reads, matching the filter: only the columns it uses, so that the
   * rows (tens of thousands per run) cost little to send and parse.
   */
  async findFigures(filter: AggregateFilter): Promise<AggregateFigure[]> {
    const { rows } = await sql<{
      data_element_id: number; region_code: string; period: string; sex: string; age_group: string; area: string; value: number | null;
      numerator: number | null; denominator: number | null; weighted_sum: number | null; weight_sum: number | null; last_period: string | null;
      leaves_expected: number; leaves_contributing: number; periods_expected: number; periods_contributing: number; completeness: number;
    }>`
      SELECT data_element_id, region_code, period, sex, age_group, area, value, numerator, denominator, weighted_sum, weight_sum, last_period,
             leaves_expected, leaves_contributing, periods_expected, periods_contributing, completeness
      FROM aggregate_value
      WHERE province_code = ${filter.provinceCode}
        ${filter.dataElementIds ? sql`AND data_element_id = ANY(${[...filter.dataElementIds]}::int[])` : sql``}
        ${filter.regions ? sql`AND region_code = ANY(${[...filter.regions]}::text[])` : sql``}
        ${filter.periods ? sql`AND period = ANY(${[...filter.periods]}::text[])` : sql``}`.execute(this.db);
    return rows.map((r) => ({
      dataElementId: r.data_element_id, region: r.region_code, period: r.period, sex: r.sex, ageGroup: r.age_group, area: r.area, value: r.value,
      numerator: r.numerator, denominator: r.denominator, weightedSum: r.weighted_sum, weightSum: r.weight_sum, lastPeriod: r.last_period,
      leavesExpected: r.leaves_expected, leavesContributing: r.leaves_contributing, periodsExpected: r.periods_expected,
      periodsContributing: r.periods_contributing, completeness: r.completeness,
    }));
  }

  /** The leaf level recorded for an element's aggregates in a province, if any are stored. */
  async storedLeafLevel(provinceCode: string, dataElementId: number): Promise<string | null | undefined> {
    const { rows } = await sql<{ leaf_level: string | null }>`
      SELECT leaf_level FROM aggregate_value WHERE province_code = ${provinceCode} AND data_element_id = ${dataElementId} LIMIT 1`.execute(this.db);
    return rows.length === 0 ? undefined : rows[0]!.leaf_level;
  }

  /** How many rows are stored for one element × period × disaggregation in a province. */
  async countSlice(provinceCode: string, dataElementId: number, period: string, d: Disaggregation): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM aggregate_value
      WHERE province_code = ${provinceCode} AND data_element_id = ${dataElementId} AND period = ${period}
        AND sex = ${d.sex} AND age_group = ${d.ageGroup} AND area = ${d.area}`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  /**
   * The provinces' own rows (region = province) of one element, optionally of some periods only:
   * what the national roll-up combines. One index probe per province (the key leads with
   * province_code, data_element_id, period).
   */
  async provinceRows(provinceCodes: readonly string[], dataElementId: number, periods?: readonly string[]): Promise<AggregateRow[]> {
    const { rows } = await sql<RawRow>`
      SELECT * FROM aggregate_value
      WHERE province_code = ANY(${[...provinceCodes]}::text[]) AND region_code = province_code AND data_element_id = ${dataElementId}
        ${periods ? sql`AND period = ANY(${[...periods]}::text[])` : sql``}
      ORDER BY period, sex, age_group, area, province_code`.execute(this.db);
    return rows.map(fromRaw);
  }

  /** Every province with its dating and its number of regions per level (national roll-up). */
  async provincesWithLevels(): Promise<{ code: string; validFrom: string; validTo: string | null; regionsByLevel: Record<string, number> }[]> {
    const { rows } = await sql<{ code: string; valid_from: string; valid_to: string | null; levels: Record<string, number> | null }>`
      SELECT p.code, to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(p.valid_to, 'YYYY-MM-DD') AS valid_to,
             (SELECT jsonb_object_agg(level, n) FROM (SELECT level, count(*)::int AS n FROM region r
                WHERE r.province_code = p.code AND r.level <> 'province' GROUP BY level) c) AS levels
      FROM region p WHERE p.level = 'province' ORDER BY p.code`.execute(this.db);
    return rows.map((r) => ({ code: r.code, validFrom: r.valid_from, validTo: r.valid_to, regionsByLevel: r.levels ?? {} }));
  }

  /** Replace the rows of one element in a province for the given periods (all when omitted) by `rows`. */
  async replaceElement(provinceCode: string, dataElementId: number, rows: readonly AggregateRow[], periods?: readonly string[]): Promise<number> {
    const result = await sql`DELETE FROM aggregate_value WHERE province_code = ${provinceCode} AND data_element_id = ${dataElementId}
      ${periods ? sql`AND period = ANY(${[...periods]}::text[])` : sql``}`.execute(this.db);
    await this.insert(rows);
    return Number(result.numAffectedRows ?? 0);
  }

  /** Number of stored aggregate rows in a province. */
  async count(provinceCode: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM aggregate_value WHERE province_code = ${provinceCode}`.execute(this.db);
    return rows[0]?.n ?? 0;
  }
}
