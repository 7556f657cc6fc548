/**
 * Ingest benchmark (issue 6): the product import path (`importDataValues`: parse, normalise,
 * validate, upsert in overlapped chunks, audit: one row per update and one per province and chunk
 * for first inserts, import-batch row) against a raw COPY of
 * the same CSV rows into a bare table (no key, no index) in the same database.
 *
 * - PostgreSQL server: COPY … FROM STDIN over the same `pg` pool, 16 MB per statement, all in
 *   one transaction.
 * - Embedded PGlite: its socket server cannot carry COPY (docs/storage.md), so the raw COPY
 *   runs after the product database is closed, in this process, on the same data directory,
 *   with `COPY … FROM '/dev/blob'` — the fastest load PGlite offers.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { loadContent } from '../src/services/content/load-content.js';
import { importDataValues } from '../src/services/import/index.js';
import { MetadataRepository } from '../src/storage/repositories/index.js';
import type { Database } from '../src/storage/database.js';
import type { Manifest } from './generate.js';
import { benchDataElements, type ProfileSpec } from './profiles.js';

export const BENCH_ACTOR = 'bench';

/** Regions, catalogue and frameworks (no demo data), the BENCH_* elements, regions dated from the first year. */
export async function prepareDatabase(database: Database, profile: ProfileSpec): Promise<void> {
  await loadContent(database, { demo: false, townships: true });
  await new MetadataRepository(database.db).upsertDataElements(benchDataElements(profile));
  // The shipped list is dated from its code-list year (2023-01-01): without this every value
  // before 2023 would be refused as VITALS_E_REGION_INACTIVE (docs/evaluation-runs.md §7).
  await sql`UPDATE region SET valid_from = ${`${profile.firstYear}-01-01`}::date WHERE valid_from > ${`${profile.firstYear}-01-01`}::date`.execute(database.db);
}

export interface IngestResult {
  readonly values: number;
  readonly seconds: number;
  readonly detail: string;
}

/** Import every generated file through the product path, one file (one prefecture) at a time. */
export async function productImport(database: Database, manifest: Manifest, log: (m: string) => void): Promise<IngestResult> {
  const started = performance.now();
  let inserted = 0;
  let read = 0;
  let rejected = 0;
  for (const [i, file] of manifest.files.entries()) {
    const report = await importDataValues(database.db, { path: file.path }, { actor: BENCH_ACTOR });
    if (report.status !== 'committed') {
      const first = report.problems.find((p) => p.severity === 'error');
      throw new Error(`import of ${file.path} was ${report.status}: ${first ? `${first.code} row ${first.row}: ${first.message.en}` : ''}`);
    }
    inserted += report.counts.inserted;
    read += report.counts.read;
    rejected += report.counts.rejected;
    if ((i + 1) % 10 === 0 || i + 1 === manifest.files.length) {
      const s = (performance.now() - started) / 1000;
      log(`product import: ${i + 1}/${manifest.files.length} files, ${inserted.toLocaleString('en')} values, ${Math.round(inserted / s).toLocaleString('en')}/s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { values: inserted, seconds, detail: `${manifest.files.length} files, ${read.toLocaleString('en')} rows read, ${inserted.toLocaleString('en')} inserted (audited per batch), ${rejected} rejected` };
}

const RAW_TABLE = 'bench_raw_value';
const rawDdl = (table: string) => `CREATE TABLE ${table} (region_code text, data_element text, period text, value double precision)`;

/** Lines of a CSV file in pieces of about `bytes`, header dropped, cut at line ends. */
async function* csvPieces(path: string, bytes: number): AsyncGenerator<string> {
  let carry = '';
  let header = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: bytes })) {
    let text = carry + (chunk as string);
    if (header) {
      text = text.slice(text.indexOf('\n') + 1);
      header = false;
    }
    const end = text.lastIndexOf('\n') + 1;
    carry = text.slice(end);
    if (end > 0) yield text.slice(0, end);
  }
  if (carry) yield `${carry}\n`;
}

/** Raw COPY into a bare table on a PostgreSQL server, through the product's own pool. */
export async function rawCopyServer(database: Database, manifest: Manifest, table = RAW_TABLE): Promise<IngestResult> {
  await database.pool.query(`DROP TABLE IF EXISTS ${table}`);
  await database.pool.query(rawDdl(table));
  const client = await database.pool.connect();
  const started = performance.now();
  try {
    await client.query('BEGIN');
    for (const file of manifest.files) {
      // VitalsPgClient turns a COPY … FROM STDIN with one payload into the COPY sub-protocol.
      for await (const piece of csvPieces(file.path, 16 << 20)) await client.query(`COPY ${table} FROM STDIN (FORMAT csv)`, [piece]);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await database.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
  return { values: Number(rows[0]!.n), seconds, detail: `COPY FROM STDIN (csv), 16 MB per statement, one transaction` };
}

/** Raw COPY into a bare table of an embedded PGlite directory (the product database must be closed). */
export async function rawCopyPglite(dataDir: string, manifest: Manifest): Promise<IngestResult> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create(dataDir);
  try {
    await pg.exec(`DROP TABLE IF EXISTS ${RAW_TABLE}; ${rawDdl(RAW_TABLE)}`);
    const started = performance.now();
    await pg.exec('BEGIN');
    for (const file of manifest.files) {
      await pg.query(`COPY ${RAW_TABLE} FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([readFileSync(file.path)]) });
    }
    await pg.exec('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${RAW_TABLE}`);
    return { values: Number(rows[0]!.n), seconds, detail: `COPY FROM '/dev/blob' (csv) in-process, one transaction` };
  } finally {
    await pg.close();
  }
}
