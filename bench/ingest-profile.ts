/**
 * Where does the product import spend its time? One prefecture file of the province profile
 * through `importDataValues` on a PostgreSQL server, phase by phase (from its progress
 * events; reading and writing overlap, so they are one row), a second file in the same process
 * (reference data cached), and the same rows written set-based in SQL step by step: bare COPY,
 * COPY into a table shaped like data_value (key and checks), INSERT … SELECT into it, and one
 * audit row per value into a table shaped like audit_log (with its indexes), which is what the
 * import wrote for inserts before it audited them per batch. The gap between the two tells how
 * much of the product's cost is the storage design (key, audit row per value) and how much is
 * the path (parsing, validation, staging, per-chunk statements).
 *
 *   npx tsx bench/ingest-profile.ts [--file N] [--database-url URL]
 */
import { importDataValues } from '../src/services/import/index.js';
import { openDatabase } from '../src/storage/database.js';
import { generateProfile } from './generate.js';
import { BENCH_ACTOR, prepareDatabase, rawCopyServer } from './ingest.js';
import { startCluster } from './pg-cluster.js';
import { PROFILES } from './profiles.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const profile = PROFILES.province;
  const manifest = await generateProfile(profile, '.vitals-data/bench/province');
  const file = manifest.files[Number(arg('--file') ?? 1)]!;
  const cluster = arg('--database-url') ? undefined : await startCluster({ settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min' } });
  const database = await openDatabase({ databaseUrl: arg('--database-url') ?? cluster!.url() });
  const rows: [string, number, string][] = [];
  try {
    await prepareDatabase(database, profile);
    // The Node side alone (read, parse, normalise, validate, de-duplicate, one planning query on an
    // empty table): a floor under any import path that parses in Node, whatever the storage does.
    const tDry = performance.now();
    await importDataValues(database.db, { path: file.path }, { actor: BENCH_ACTOR, dryRun: true });
    rows.push(['product: dry run of the same file (Node floor: parse, validate, no write)', (performance.now() - tDry) / 1000, 'reference data loaded here, reused below']);
    const marks = new Map<string, number>();
    const t0 = performance.now();
    const report = await importDataValues(database.db, { path: file.path }, {
      actor: BENCH_ACTOR,
      onProgress: (p) => {
        if (!marks.has(p.phase)) marks.set(p.phase, (performance.now() - t0) / 1000);
      },
    });
    const total = (performance.now() - t0) / 1000;
    const n = report.counts.inserted;
    const read = marks.get('read') ?? 0;
    const done = marks.get('done') ?? total;
    rows.push(['product: scan, reference data, batch row (until the first row is read)', read, 'hash the file; reference data from the cache (fingerprint query)']);
    rows.push(['product: read and write, overlapped, in 20,000-value chunks', done - read, 'Node parses chunk n + 1 while the database stores chunk n: staging COPY + ANALYZE + one CTE statement']);
    rows.push(['product: total', total, `${n.toLocaleString('en')} values → ${Math.round(n / total).toLocaleString('en')}/s`]);
    // A second file: also cached reference data, and a table already holding the first file.
    const second = manifest.files[(Number(arg('--file') ?? 1) + 1) % manifest.files.length]!;
    const t1 = performance.now();
    let firstRead = 0;
    const again = await importDataValues(database.db, { path: second.path }, {
      actor: BENCH_ACTOR,
      onProgress: (p) => {
        if (p.phase === 'read' && !firstRead) firstRead = (performance.now() - t1) / 1000;
      },
    });
    const total2 = (performance.now() - t1) / 1000;
    rows.push(['product: a second file: until the first row', firstRead, 'fingerprint query instead of a reload']);
    rows.push(['product: a second file, total', total2, `${again.counts.inserted.toLocaleString('en')} values → ${Math.round(again.counts.inserted / total2).toLocaleString('en')}/s`]);
    const productRate = n / total;

    const q = async (label: string, text: string, note: string) => {
      const t = performance.now();
      await database.pool.query(text);
      rows.push([label, (performance.now() - t) / 1000, note]);
    };
    const raw = await rawCopyServer(database, { ...manifest, files: [file] });
    rows.push(['SQL: raw COPY into a bare table', raw.seconds, `${Math.round(raw.values / raw.seconds).toLocaleString('en')}/s — the reference`]);
    rows.push(['ratio: product (first file) / raw COPY', (productRate / (raw.values / raw.seconds)) * 100, 'per cent, same rows, same database, same run']);
    await database.pool.query('CREATE TABLE dv_copy (LIKE data_value INCLUDING ALL); CREATE TABLE dv_keyed (LIKE data_value INCLUDING ALL); CREATE TABLE audit_copy (LIKE audit_log INCLUDING ALL)');
    const client = await database.pool.connect();
    try {
      const t = performance.now();
      const { rows: text } = await client.query<{ csv: string }>(`SELECT string_agg(concat_ws(',', r.province_code, s.region_code, s.period, de.id, 'total', 'total', 'total', s.value, 'bench', 'bench'), E'\\n') || E'\\n' AS csv
        FROM bench_raw_value s JOIN data_element de ON de.code = s.data_element JOIN region r ON r.code = s.region_code`);
      const built = performance.now();
      await client.query('COPY dv_copy (province_code, region_code, period, data_element_id, sex, age_group, area, value, created_by, updated_by) FROM STDIN (FORMAT csv)', [text[0]!.csv]);
      rows.push(['SQL: COPY into a table shaped like data_value (key, checks, defaults)', (performance.now() - built) / 1000, `storage floor without audit (CSV built in ${((built - t) / 1000).toFixed(2)} s, not counted)`]);
    } finally {
      client.release();
    }
    await q('SQL: INSERT … SELECT into data_value shape (resolve codes)', `INSERT INTO dv_keyed (province_code, region_code, period, data_element_id, value, created_by, updated_by)
      SELECT r.province_code, s.region_code, s.period, de.id, s.value, 'bench', 'bench' FROM bench_raw_value s JOIN data_element de ON de.code = s.data_element JOIN region r ON r.code = s.region_code`, 'what the upsert does for new keys, minus the compare');
    await q('SQL: one audit row per value (jsonb new_value, 4 indexes; the import no longer writes these for inserts)', `INSERT INTO audit_copy (province_code, actor, action, entity, entity_key, region_code, period, new_value, reason, batch_id)
      SELECT r.province_code, 'bench', 'insert', 'data_value', concat_ws('|', s.data_element, s.region_code, s.period, 'total', 'total', 'total'), s.region_code, s.period,
             jsonb_build_object('value', s.value, 'comment', null, 'source', null, 'verification', null, 'version', 1), 'import', 1
      FROM bench_raw_value s JOIN region r ON r.code = s.region_code`, 'what the audit CTE adds per value');
  } finally {
    await database.close();
    await cluster?.stop();
  }
  process.stdout.write(`\ningest profile · ${file.path} · PostgreSQL server\n\n| part | seconds | note |\n|---|---:|---|\n`);
  for (const [label, s, note] of rows) process.stdout.write(`| ${label} | ${s.toFixed(2)} | ${note} |\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
