/**
 * The benchmark's steps, in one run on one database: setup, product import vs raw COPY,
 * (nation) bulk seed of the remaining files, aggregate rebuild, evaluation, API load,
 * DuckDB reference, and the evaluate/freshness benches owned by other modules. Each step adds
 * a row with its target (issue 6) and whether it was met.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { DashboardRefresher } from '../src/services/dashboard/index.js';
import { AggregateService, DEFAULT_PROGRESS_METHODS, EvaluationService } from '../src/services/evaluation/index.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { loadTest, startServerProcess, type LoadResult } from './api.js';
import { dashboardEndpoints, type DashboardContext } from './endpoints.js';
import type { Manifest } from './generate.js';
import { prepareDatabase, productImport, rawCopyPglite, rawCopyServer } from './ingest.js';
import { startCluster, type PgCluster } from './pg-cluster.js';
import type { ProfileSpec } from './profiles.js';
import { questions, ReferenceEngine } from './reference.js';
import { seedRemaining } from './seed.js';
import { measureNationFreshness } from './freshness-nation.js';

export interface BenchRow {
  readonly step: string;
  readonly measured: string;
  readonly target?: string;
  readonly met?: boolean;
  readonly detail?: string;
}

export interface RunOptions {
  readonly profile: ProfileSpec;
  readonly manifest: Manifest;
  readonly work: string;
  readonly log: (m: string) => void;
  readonly seconds: number;
  readonly connections: number;
  readonly importShare: number;
  readonly databaseUrl?: string;
  readonly subBenches: boolean;
  /** Reuse the database and ingest rows of an earlier `--keep` run in the same work directory (embedded only). */
  readonly resume: boolean;
  /** Roll up the BENCH_* volume elements too (nothing on the dashboards reads them). */
  readonly aggregateBench: boolean;
}

/** Server settings for the nation profile: a 2-core, 24 GB machine shared with the app. */
const SERVER_SETTINGS = {
  shared_buffers: '2GB', work_mem: '64MB', maintenance_work_mem: '1GB', max_wal_size: '16GB', checkpoint_timeout: '30min',
  effective_cache_size: '12GB', max_parallel_workers_per_gather: 2, random_page_cost: 1.1,
};

const FRAMEWORK = { province: 'healthy-hebei-2023-2027', nation: 'healthy-china-2019-2030' } as const;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  try {
    const value = await work();
    return { value, seconds: (performance.now() - started) / 1000, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Files for the product import: every k-th file, so the share spans the country. */
function importSplit(manifest: Manifest, share: number): { imported: Manifest; rest: Manifest } {
  const step = Math.max(1, Math.round(1 / Math.min(1, Math.max(share, 1e-9))));
  const imported = manifest.files.filter((_, i) => i % step === 0);
  return { imported: { ...manifest, files: imported }, rest: { ...manifest, files: manifest.files.filter((_, i) => i % step !== 0) } };
}

export async function runSteps(o: RunOptions, rows: BenchRow[]): Promise<string> {
  const embedded = o.profile.name === 'province';
  const provinces = o.profile.provinces ?? [...new Set(o.manifest.files.map((f) => `${f.group.slice(0, 2)}0000`))].sort();
  let cluster: PgCluster | undefined;
  let url = o.databaseUrl;
  if (!embedded && !url) {
    o.log('starting a PostgreSQL server …');
    cluster = await startCluster({ parentDir: o.work, settings: SERVER_SETTINGS });
    url = cluster.url();
  }
  const pgliteDir = join(o.work, 'pglite');
  const open = () => (embedded ? openDatabase({ pgliteDir }) : openDatabase({ databaseUrl: url! }));
  let database: Database = await open();
  const extras: string[] = [];
  const runIds: Record<string, number> = {};
  try {
    const saved = join(o.work, 'ingest.json');
    if (o.resume && existsSync(saved)) {
      rows.push(...(JSON.parse(readFileSync(saved, 'utf8')) as BenchRow[]).map((r) => ({ ...r, step: `${r.step} (earlier run, resumed)` })));
    } else {
      const before = rows.length;
      const setup = await timed(() => prepareDatabase(database, o.profile));
      rows.push({ step: 'setup: regions (with townships), catalogue, frameworks, BENCH elements', measured: `${setup.seconds.toFixed(1)} s` });

      const { imported, rest } = importSplit(o.manifest, o.importShare);
      o.log(`product import of ${imported.files.length} files …`);
      const product = await timed(() => productImport(database, imported, o.log));
      let raw;
      if (embedded) {
        await database.close();
        raw = await rawCopyPglite(pgliteDir, imported);
        database = await open();
      } else raw = await rawCopyServer(database, imported);
      const productRate = product.value.values / product.seconds;
      const rawRate = raw.values / raw.seconds;
      rows.push({ step: 'ingest: product import (parse, validate, store, audit)', measured: `${fmt(productRate)} values/s`, detail: `${product.value.detail}; ${product.seconds.toFixed(1)} s; peak RSS ${product.peakMb} MB` });
      rows.push({ step: 'ingest: raw COPY, same rows, bare table, same database', measured: `${fmt(rawRate)} values/s`, detail: `${fmt(raw.values)} rows in ${raw.seconds.toFixed(2)} s; ${raw.detail}` });
      const ratio = productRate / rawRate;
      rows.push({ step: 'ingest: product / raw COPY', measured: `${(ratio * 100).toFixed(1)} %`, target: '≥ 50 %', met: ratio >= 0.5 });

      if (rest.files.length > 0) {
        o.log(`bulk seed of the other ${rest.files.length} files …`);
        const seed = await timed(() => seedRemaining(database, rest));
        rows.push({ step: 'setup: bulk seed of the other files (COPY + INSERT … SELECT, no audit; not the product path)', measured: `${seed.seconds.toFixed(1)} s`, detail: `${fmt(seed.value)} values` });
      }
      writeFileSync(saved, JSON.stringify(rows.slice(before)));
    }

    // The framework's evaluation profile: progress methods, the demonstration scheme (province)
    // and index — what the dashboards' scores and index read.
    const framework = FRAMEWORK[o.profile.name];
    const scheme = embedded ? parseYaml(readFileSync('content/schemes/hebei-city-assessment.yaml', 'utf8')) : undefined;
    const service = new EvaluationService(database.db);
    await service.saveProfile({ framework, methods: DEFAULT_PROGRESS_METHODS, ...(scheme ? { scheme } : {}), indexConfig: parseYaml(readFileSync('content/indices/hebei-health-index.yaml', 'utf8')) }, 'bench');

    // Element by element: the product's one-call rebuild collects every row with
    // `rows.push(...result.rows)`, which overflows the call stack (RangeError) once one element
    // has more than ~100k rows — the township element here (RESULTS.md, "findings").
    const savedAggregates = join(o.work, 'aggregates.json');
    if (o.resume && existsSync(savedAggregates)) {
      const saved = JSON.parse(readFileSync(savedAggregates, 'utf8')) as BenchRow;
      rows.push({ ...saved, step: `${saved.step} (earlier run, resumed)` });
    } else {
      const aggregates = new AggregateService(database.db);
      const failed: string[] = [];
      const rebuild = await timed(async () => {
        let n = 0;
        for (const p of provinces) {
          const { rows: elements } = await database.pool.query<{ code: string }>(
            'SELECT code FROM data_element de WHERE EXISTS (SELECT 1 FROM data_value dv WHERE dv.province_code = $1 AND dv.data_element_id = de.id) ORDER BY id', [p]);
          for (const { code } of elements) {
            if (!o.aggregateBench && code.startsWith('BENCH_')) continue;
            try {
              n += (await aggregates.rebuild({ region: p, elements: [code], nation: false })).rows;
            } catch (error) {
              if (!(error instanceof RangeError)) throw error;
              failed.push(`${p} ${code}`);
            }
          }
          o.log(`aggregates rebuilt for ${p} (${fmt(n)} rows so far)`);
        }
        // The nation's rows (000000), once, from the provinces' rows.
        n += (await aggregates.rebuildNation()).rows;
        return n;
      });
      rows.push({
        step: `aggregates: rebuild, element by element (${provinces.length} province${provinces.length > 1 ? 's' : ''}, ${o.aggregateBench ? 'all elements' : 'catalogue elements only, BENCH_* not rolled up'})`, measured: `${rebuild.seconds.toFixed(1)} s`,
        detail: `${fmt(rebuild.value)} rows; peak RSS ${rebuild.peakMb} MB${failed.length ? `; **failed (RangeError: call stack)**: ${failed.join(', ')}` : ''}`,
      });
      writeFileSync(savedAggregates, JSON.stringify(rows.at(-1)));
    }

    const dashboards = await timed(async () => {
      let n = 0;
      for (const p of provinces) n += (await new DashboardRefresher(database.db).rebuild(p, { aggregates: 'skip' })).indicatorValues;
      return n;
    });
    rows.push({
      step: 'dashboards: rebuild (indicator values, live judgements, scores)', measured: `${dashboards.seconds.toFixed(1)} s`,
      detail: `${fmt(dashboards.value)} indicator values; peak RSS ${dashboards.peakMb} MB`,
    });

    // Freshness on this database (issue 6): one county-month approved through the workflow,
    // timed until the nation's aggregates and national dashboard figure reflect it.
    rows.push(...(await measureNationFreshness(database.db, { log: o.log, province: embedded ? '130000' : (provinces.includes('130000') ? '130000' : provinces[0]!) })));

    // Full evaluation (issue 6): every region × indicator × year of the framework's range that
    // has data, one `runYears` call per province (one snapshot per year).
    const { rows: [range] } = await database.pool.query<{ start_year: number | null; end_year: number | null }>(
      'SELECT start_year, end_year FROM framework WHERE code = $1 ORDER BY version DESC LIMIT 1', [framework]);
    const evalYears: number[] = [];
    for (let y = Math.max(range?.start_year ?? o.profile.firstYear, o.profile.firstYear); y <= Math.min(range?.end_year ?? o.profile.lastYear, o.profile.lastYear); y++) evalYears.push(y);
    if (evalYears.length === 0) evalYears.push(o.profile.lastYear); // a framework outside the data: its last data year
    // On the server, two provinces at a time: one province's last snapshot is written (by the
    // server) while the next one is read and judged (by Node), instead of one waiting for the other.
    const evaluation = await timed(async () => {
      let results = 0;
      const queue = [...provinces];
      const worker = async (): Promise<void> => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
          const outcomes = await service.runYears({ framework, region: p, years: evalYears, actor: 'bench', publish: true, aggregates: 'skip', ...(scheme ? { scheme } : {}) });
          for (const r of outcomes) results += r.run.resultCount;
          runIds[p] = (outcomes.find((r) => r.run.year === o.profile.lastYear) ?? outcomes.at(-1)!).run.id;
        }
      };
      await Promise.all(Array.from({ length: embedded ? 1 : 2 }, worker));
      return results;
    });
    const evalTarget = embedded ? 5 : 60;
    // The embedded PGlite process's peak RSS over its life so far (VmHWM), which includes the ingest.
    const pgliteHwm = (): string => {
      try {
        const line = readFileSync(`/proc/${database.embedded!.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
        return line ? `${Math.round(Number(line.replace(/\D+/g, ' ').trim()) / 1024)} MB` : '?';
      } catch {
        return '?';
      }
    };
    rows.push({
      step: `evaluation: full, ${framework}, ${evalYears[0]}–${evalYears.at(-1)} (${evalYears.length} years), ${provinces.length} province scope${provinces.length > 1 ? 's' : ''} (bench data)`,
      measured: `${evaluation.seconds.toFixed(1)} s`, target: `≤ ${evalTarget} s (full evaluation)`, met: evaluation.seconds <= evalTarget,
      detail: `${fmt(evaluation.value)} results in ${evalYears.length * provinces.length} snapshots; peak RSS ${evaluation.peakMb} MB (bench process)${embedded ? `; PGlite process peak so far ${pgliteHwm()}` : ''}`,
    });
  } finally {
    await database.close();
  }

  const context: DashboardContext = { profile: o.profile, runIds, root: embedded ? '130000' : '000000', region: embedded ? '130100' : '130000', year: o.profile.lastYear, framework: FRAMEWORK[o.profile.name] };
  const loads: LoadResult[] = [];
  const server = await startServerProcess(embedded ? { VITALS_DATA_DIR: o.work, DATABASE_URL: '' } : { DATABASE_URL: url! });
  try {
    for (const endpoint of dashboardEndpoints(context)) {
      o.log(`load test ${endpoint.name}: ${endpoint.path}`);
      loads.push(await loadTest(server.url, endpoint, { connections: o.connections, seconds: o.seconds, server }));
    }
  } finally {
    const peak = server.peakMb();
    await server.stop();
    rows.push({ step: 'server: peak RSS during the load tests', measured: `${peak.server ?? '?'} MB`, target: '< 1.5 GB (nation)', ...(embedded ? {} : { met: (peak.server ?? 0) < 1536 }), detail: peak.children !== null ? `PGlite process ${peak.children} MB` : '' });
  }
  // The same questions without the answer cache (VITALS_ANSWER_CACHE_BYTES=0): what each costs
  // when computed from the pre-aggregated tables. The load tests above repeat one URL, so after
  // its first request they measure the cache; these rows (no target) and the DuckDB ratios below
  // measure the computation.
  const uncached: LoadResult[] = [];
  const bare = await startServerProcess({ ...(embedded ? { VITALS_DATA_DIR: o.work, DATABASE_URL: '' } : { DATABASE_URL: url! }), VITALS_ANSWER_CACHE_BYTES: '0' });
  try {
    for (const endpoint of dashboardEndpoints(context)) {
      o.log(`load test without the answer cache ${endpoint.name}`);
      uncached.push(await loadTest(bare.url, endpoint, { connections: o.connections, seconds: Math.min(o.seconds, 10), server: bare }));
    }
  } finally {
    await bare.stop();
  }
  const p95Target = embedded ? 150 : 50;
  for (const l of loads) {
    rows.push({
      step: `API ${l.name} (${o.connections} conn, ${o.seconds} s)`, measured: `p95 ${l.p95.toFixed(1)} ms`, target: `p95 ≤ ${p95Target} ms`, met: l.status === 200 && l.errors === 0 && l.p95 <= p95Target,
      detail: `\`${l.path}\` → ${l.status}, ${fmt(l.bytes)} B; p50 ${l.p50.toFixed(1)}, p99 ${l.p99.toFixed(1)} ms; ${fmt(l.rps)} req/s; ${l.errors} errors; first request (cache miss) ${l.firstMs?.toFixed(1) ?? '?'} ms, then single requests ${l.singleMs.toFixed(1)} ms${l.cpuMsPerRequest ? `; CPU per request: server ${l.cpuMsPerRequest.server.toFixed(1)} ms${embedded ? `, PGlite ${l.cpuMsPerRequest.database.toFixed(1)} ms` : ''}` : ''}`,
    });
  }
  for (const l of uncached) {
    rows.push({
      step: `API ${l.name} without the answer cache (reference; ${o.connections} conn, ${Math.min(o.seconds, 10)} s)`, measured: `p95 ${l.p95.toFixed(1)} ms`,
      detail: `p50 ${l.p50.toFixed(1)}, p99 ${l.p99.toFixed(1)} ms; ${fmt(l.rps)} req/s; ${l.errors} errors; single request ${l.singleMs.toFixed(1)} ms (computed each time)${l.cpuMsPerRequest ? `; CPU per request: server ${l.cpuMsPerRequest.server.toFixed(1)} ms${embedded ? `, PGlite ${l.cpuMsPerRequest.database.toFixed(1)} ms` : ''}` : ''}`,
    });
  }

  o.log('DuckDB reference …');
  const duckLoad = await timed(() => ReferenceEngine.load(o.manifest));
  const duck = duckLoad.value;
  try {
    rows.push({ step: 'reference: DuckDB load of the raw CSV (not compared)', measured: `${duckLoad.seconds.toFixed(1)} s`, detail: `${fmt(await duck.count())} values in memory` });
    const scope = { root: context.root, region: context.region, rankWithin: context.root, year: context.year };
    for (const t of await duck.time(questions(scope))) {
      const ours = uncached.find((l) => l.name === t.name); // computed, not served from the cache
      const ratio = ours && ours.status === 200 ? ours.singleMs / t.ms : undefined;
      rows.push({
        step: `reference: ${t.name} — ours / DuckDB`, measured: ratio === undefined ? 'n/a' : ratio.toFixed(3), target: '< 1', ...(ratio === undefined ? {} : { met: ratio < 1 }),
        detail: `DuckDB ${t.ms.toFixed(1)} ms (${t.what}, ${t.rows} rows)${ours ? `; ours ${ours.singleMs.toFixed(1)} ms (single request over HTTP, answer cache off)` : '; no such endpoint'}`,
      });
    }
  } finally {
    duck.close();
  }

  if (o.subBenches) {
    // The freshness bench loads its own setup (content + synthetic Hebei): on the nation's server
    // it gets a database of its own, so it neither reads nor disturbs the benchmark data.
    let freshnessArgs: string[] = [];
    if (!embedded) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('DROP DATABASE IF EXISTS vitals_freshness');
      await admin.query('CREATE DATABASE vitals_freshness');
      await admin.end();
      const target = new URL(url!);
      target.pathname = '/vitals_freshness';
      freshnessArgs = ['--database-url', target.toString()];
    }
    const benches: [string, string[]][] = [['bench/freshness.bench.ts', freshnessArgs]];
    if (embedded) benches.unshift(['bench/evaluate.bench.ts', []]);
    for (const [file, args] of benches) {
      if (!existsSync(file)) continue;
      o.log(`running ${file} ${args.join(' ')} …`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
      extras.push(`### ${file} (${r.status === 0 ? 'ok' : `exit ${r.status}`})\n${r.stdout.trim()}${r.status === 0 ? '' : `\n\n\`\`\`\n${r.stderr.slice(-2000)}\n\`\`\``}`);
    }
  }
  await cluster?.stop();
  return extras.join('\n\n');
}
