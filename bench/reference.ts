/**
 * Reference engine (issue 6): the dashboard questions answered by DuckDB scanning the raw
 * generated values — no roll-up tables, no indexes — in the same run as the product. Each
 * question is the raw-data equivalent of one dashboard endpoint (ratios are ratios of sums over
 * all leaves below a region, exactly what the aggregate tables hold).
 *
 * `@duckdb/node-api` is a devDependency used only here.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { loadRegions } from '../src/content/index.js';
import type { Region } from '../src/core/region/index.js';
import type { Manifest } from './generate.js';

export interface Question {
  readonly name: 'map' | 'trend' | 'scorecard' | 'ranking' | 'index';
  readonly what: string;
  readonly sql: string;
}

export interface QuestionScope {
  /** The region whose children the map, scorecard siblings and index compare (province: 130000, nation: 000000). */
  readonly root: string;
  /** The region of the trend and the scorecard. */
  readonly region: string;
  /** Region whose counties are ranked. */
  readonly rankWithin: string;
  readonly year: number;
}

export interface ReferenceTiming {
  readonly name: Question['name'];
  readonly what: string;
  /** Median of the timed runs, ms. */
  readonly ms: number;
  readonly rows: number;
}

/** Ratio of sums per group: `ratio('INFANT_DEATHS', 'LIVE_BIRTHS', 1000)`. */
const ratio = (num: string, den: string, factor: number) =>
  `sum(v.value) FILTER (WHERE v.data_element = '${num}') * ${factor} / nullif(sum(v.value) FILTER (WHERE v.data_element = '${den}'), 0)`;

const ANNUAL = `'INFANT_DEATHS','LIVE_BIRTHS','UNDER5_DEATHS','MATERNAL_DEATHS','CVD_DEATHS','POP','BEDS','DOCTORS','NURSES','CHILDCARE_PLACES','LE_VALUE'`;

export function questions(s: QuestionScope): Question[] {
  const y = `'${s.year}'`;
  return [
    {
      name: 'map', what: `IMR of every child of ${s.root}, ${s.year}`,
      sql: `SELECT a.ancestor AS region, ${ratio('INFANT_DEATHS', 'LIVE_BIRTHS', 1000)} AS imr
            FROM v JOIN anc a ON a.leaf = v.region_code JOIN reg r ON r.code = a.ancestor
            WHERE r.parent_code = '${s.root}' AND v.period = ${y} AND v.data_element IN ('INFANT_DEATHS','LIVE_BIRTHS')
            GROUP BY 1 ORDER BY 1`,
    },
    {
      name: 'trend', what: `IMR_MONTHLY of ${s.region}, every month`,
      sql: `SELECT v.period, ${ratio('INFANT_DEATHS_MONTHLY', 'LIVE_BIRTHS_MONTHLY', 1000)} AS imr FROM v JOIN anc a ON a.leaf = v.region_code
            WHERE a.ancestor = '${s.region}' AND v.data_element IN ('INFANT_DEATHS_MONTHLY', 'LIVE_BIRTHS_MONTHLY') GROUP BY 1 ORDER BY 1`,
    },
    {
      name: 'scorecard', what: `9 indicators of ${s.region}, ${s.year}`,
      sql: `SELECT ${ratio('INFANT_DEATHS', 'LIVE_BIRTHS', 1000)} AS imr, ${ratio('UNDER5_DEATHS', 'LIVE_BIRTHS', 1000)} AS u5mr,
                   ${ratio('MATERNAL_DEATHS', 'LIVE_BIRTHS', 100000)} AS mmr, ${ratio('CVD_DEATHS', 'POP', 100000)} AS cvd,
                   ${ratio('BEDS', 'POP', 1000)} AS beds, ${ratio('DOCTORS', 'POP', 1000)} AS doctors, ${ratio('NURSES', 'POP', 1000)} AS nurses,
                   ${ratio('CHILDCARE_PLACES', 'POP', 1000)} AS childcare,
                   sum(v.value * p.value) FILTER (WHERE v.data_element = 'LE_VALUE') / nullif(sum(p.value) FILTER (WHERE v.data_element = 'LE_VALUE'), 0) AS le
            FROM v JOIN anc a ON a.leaf = v.region_code
            LEFT JOIN v p ON p.region_code = v.region_code AND p.period = v.period AND p.data_element = 'POP' AND v.data_element = 'LE_VALUE'
            WHERE a.ancestor = '${s.region}' AND v.period = ${y} AND v.data_element IN (${ANNUAL})`,
    },
    {
      name: 'ranking', what: `counties of ${s.rankWithin} ranked by IMR, ${s.year}`,
      sql: `SELECT region_code, imr, rank() OVER (ORDER BY imr) AS rank FROM (
              SELECT v.region_code, ${ratio('INFANT_DEATHS', 'LIVE_BIRTHS', 1000)} AS imr
              FROM v JOIN anc a ON a.leaf = v.region_code JOIN reg r ON r.code = v.region_code
              WHERE a.ancestor = '${s.rankWithin}' AND r.level = 'county' AND v.period = ${y} AND v.data_element IN ('INFANT_DEATHS','LIVE_BIRTHS')
              GROUP BY 1) ORDER BY rank`,
    },
    {
      name: 'index', what: `equal-weight index of 4 min-max normalised indicators over the children of ${s.root}, ${s.year}`,
      sql: `WITH ind AS (
              SELECT a.ancestor AS region, ${ratio('INFANT_DEATHS', 'LIVE_BIRTHS', 1000)} AS imr, ${ratio('BEDS', 'POP', 1000)} AS beds,
                     ${ratio('DOCTORS', 'POP', 1000)} AS doctors, ${ratio('CVD_DEATHS', 'POP', 100000)} AS cvd
              FROM v JOIN anc a ON a.leaf = v.region_code JOIN reg r ON r.code = a.ancestor
              WHERE r.parent_code = '${s.root}' AND v.period = ${y} AND v.data_element IN ('INFANT_DEATHS','LIVE_BIRTHS','BEDS','DOCTORS','CVD_DEATHS','POP')
              GROUP BY 1),
            n AS (SELECT region,
              (max(imr) OVER () - imr) / nullif(max(imr) OVER () - min(imr) OVER (), 0) AS s1,
              (beds - min(beds) OVER ()) / nullif(max(beds) OVER () - min(beds) OVER (), 0) AS s2,
              (doctors - min(doctors) OVER ()) / nullif(max(doctors) OVER () - min(doctors) OVER (), 0) AS s3,
              (max(cvd) OVER () - cvd) / nullif(max(cvd) OVER () - min(cvd) OVER (), 0) AS s4 FROM ind)
            SELECT region, 100 * (s1 + s2 + s3 + s4) / 4 AS index FROM n ORDER BY index DESC`,
    },
  ];
}

/** Every (leaf, ancestor) pair, the leaf itself included; and the region list. */
function closure(regions: readonly Region[]): { anc: [string, string][]; reg: [string, string | null, string][] } {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const anc: [string, string][] = [];
  for (const r of regions) {
    if (r.level !== 'county' && r.level !== 'township') continue;
    for (let a: Region | undefined = r; a; a = a.parentCode ? byCode.get(a.parentCode) : undefined) anc.push([r.code, a.code]);
  }
  return { anc, reg: regions.map((r) => [r.code, r.parentCode, r.level]) };
}

export class ReferenceEngine {
  private constructor(private readonly instance: DuckDBInstance, private readonly conn: DuckDBConnection) {}

  /** Load the generated CSV files into an in-memory DuckDB table `v` (timed by the caller). */
  static async load(manifest: Manifest): Promise<ReferenceEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const files = manifest.files.map((f) => `'${f.path.replace(/'/g, "''")}'`).join(', ');
    await conn.run(`CREATE TABLE v AS SELECT * FROM read_csv([${files}], header = true,
      columns = {'region_code': 'VARCHAR', 'data_element': 'VARCHAR', 'period': 'VARCHAR', 'value': 'DOUBLE'})`);
    const { anc, reg } = closure(loadRegions({ townships: true }));
    await conn.run('CREATE TABLE anc (leaf VARCHAR, ancestor VARCHAR); CREATE TABLE reg (code VARCHAR, parent_code VARCHAR, level VARCHAR)');
    for (const [table, rows] of [['anc', anc], ['reg', reg]] as const) {
      const appender = await conn.createAppender(table);
      for (const row of rows) {
        for (const cell of row) (cell === null ? appender.appendNull() : appender.appendVarchar(cell));
        appender.endRow();
      }
      appender.closeSync();
    }
    return new ReferenceEngine(instance, conn);
  }

  async count(): Promise<number> {
    const reader = await this.conn.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM v');
    return Number(reader.getRowObjects()[0]!.n);
  }

  /** Run each question once to warm up, then `runs` times; report the median. */
  async time(list: readonly Question[], runs = 5): Promise<ReferenceTiming[]> {
    const out: ReferenceTiming[] = [];
    for (const q of list) {
      const rows = (await this.conn.runAndReadAll(q.sql)).getRowObjects().length;
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await this.conn.runAndReadAll(q.sql);
        ms.push(performance.now() - t);
      }
      out.push({ name: q.name, what: q.what, ms: median(ms), rows });
    }
    return out;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
