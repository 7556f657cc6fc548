/**
 * Dashboard read API under load on a province-size database (issue 6, the S2 answer cache):
 * `npx tsx bench/dashboard-api.bench.ts [--server] [--seconds 10] [--connections 32]`.
 *
 * Setup as bench/freshness.bench.ts (shipped content + synthetic Hebei, the demonstration scheme
 * and index as the Healthy Hebei profile, a full build), plus a published 2025 run so that the
 * anonymous load test sees figures. Then, per endpoint of bench/endpoints.ts (anonymous, as the
 * main benchmark): the uncached service time in-process (median of 5 direct calls, no HTTP), the
 * first HTTP request, the median single request, and autocannon p50/p95/p99 and requests/s.
 * Embedded PGlite by default; `--server`: a throw-away PostgreSQL cluster on loopback.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { loadContent } from '../src/services/content/load-content.js';
import { DashboardRefresher, indexView, mapView, rankingView, scorecardView, trendView, type ReadContext } from '../src/services/dashboard/index.js';
import { EvaluationService } from '../src/services/evaluation/index.js';
import { openDatabase } from '../src/storage/database.js';
import { EvaluationRepository } from '../src/storage/repositories/evaluation.repository.js';
import { loadTest, startServerProcess, type LoadResult } from './api.js';
import { dashboardEndpoints } from './endpoints.js';
import { startCluster } from './pg-cluster.js';
import { PROFILES } from './profiles.js';

const PROVINCE = '130000';
const FRAMEWORK = 'healthy-hebei-2023-2027';
const YEAR = 2025;
const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const seconds = Number(arg('--seconds') ?? 10);
  const connections = Number(arg('--connections') ?? 32);
  const cluster = process.argv.includes('--server') ? await startCluster({ settings: { fsync: 'off', synchronous_commit: 'off' } }) : undefined;
  const url = cluster?.url();
  const dir = mkdtempSync(join(tmpdir(), 'vitals-dashapi-'));
  let database = await openDatabase(url ? { databaseUrl: url } : { pgliteDir: join(dir, 'pglite') });
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    log('setup: content + synthetic Hebei');
    await loadContent(database);
    await sql`UPDATE region SET valid_from = '2019-01-01' WHERE valid_from > '2019-01-01'`.execute(database.db);
    await new EvaluationRepository(database.db).saveProfile({
      frameworkCode: FRAMEWORK, methods: ['trajectory', 'statcan'], options: null,
      scheme: parseYaml(readFileSync('content/schemes/hebei-city-assessment.yaml', 'utf8')), indexConfig: parseYaml(readFileSync('content/indices/hebei-health-index.yaml', 'utf8')),
    }, 'bench');
    log('setup: full build');
    await new DashboardRefresher(database.db).rebuild(PROVINCE, { aggregates: 'rebuild' });
    log('setup: published run 2025');
    await new EvaluationService(database.db).run({ framework: FRAMEWORK, region: PROVINCE, year: YEAR, actor: 'bench', publish: true, methods: ['trajectory'] });
    await sql`ANALYZE`.execute(database.db);
    const endpoints = dashboardEndpoints({ profile: PROFILES.province, runIds: {}, root: PROVINCE, region: '130100', year: YEAR, framework: FRAMEWORK });
    // The uncached cost: the services called directly, as the public (published scope).
    const ctx: ReadContext = { db: database.db, readDb: database.db, scope: { regions: { kind: 'view', roots: [] }, published: true } };
    const direct: Record<string, () => Promise<unknown>> = {
      map: () => mapView(ctx, { indicator: 'IMR', region: PROVINCE, period: String(YEAR), framework: FRAMEWORK }),
      trend: () => trendView(ctx, { indicator: 'IMR_MONTHLY', region: '130100', periodType: 'month' }),
      scorecard: () => scorecardView(ctx, { framework: FRAMEWORK, region: '130100', period: String(YEAR) }),
      ranking: () => rankingView(ctx, { region: PROVINCE, by: 'indicator', indicator: 'IMR', period: String(YEAR), level: 'county' }),
      index: () => indexView(ctx, { framework: FRAMEWORK, region: PROVINCE, from: String(YEAR), to: String(YEAR) }),
    };
    const serviceMs: Record<string, number> = {};
    for (const [name, call] of Object.entries(direct)) {
      await call();
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) { const t = performance.now(); await call(); ms.push(performance.now() - t); }
      serviceMs[name] = median(ms);
    }
    await database.close();
    const server = await startServerProcess(url ? { DATABASE_URL: url } : { VITALS_DATA_DIR: dir });
    const results: LoadResult[] = [];
    try {
      for (const e of endpoints) {
        log(`load: ${e.name}`);
        results.push(await loadTest(server.url, e, { connections, seconds, server }));
      }
    } finally {
      await server.stop();
    }
    const f = (n: number | undefined) => (n === undefined ? '' : n.toFixed(1));
    process.stdout.write(`\ndashboard API · province (Hebei, synthetic) · ${url ? 'PostgreSQL server' : 'embedded PGlite'} · ${connections} connections, ${seconds} s · ${cpus().length} cores · load ${loadavg()[0]!.toFixed(1)}\n\n`);
    process.stdout.write('| endpoint | uncached service ms | first HTTP ms | single ms | p50 | p95 | p99 | req/s | errors | bytes | CPU ms/req server + db |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n');
    for (const r of results) {
      process.stdout.write(`| ${r.name} | ${f(serviceMs[r.name])} | ${f(r.firstMs)} | ${f(r.singleMs)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.rps.toFixed(0)} | ${r.errors} | ${r.bytes} | ${r.cpuMsPerRequest ? `${f(r.cpuMsPerRequest.server)} + ${f(r.cpuMsPerRequest.database)}` : ''} |\n`);
    }
  } finally {
    await database.close().catch(() => undefined);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
