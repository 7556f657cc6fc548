/**
 * The issue-6 benchmark in one command, printing one table:
 *
 *   npm run bench -- --profile province      # Hebei, embedded PGlite
 *   npm run bench -- --profile nation        # every county, a PostgreSQL server started here
 *
 * Options: --data DIR (generated files and databases; default .vitals-data/bench),
 * --database-url URL (nation: use this server instead of starting one), --seconds N (load
 * test length, default 30), --connections N (default 32), --import-share F (nation: share of
 * the prefecture files sent through the product import; the rest is bulk-seeded for the read
 * benchmarks, default 0.05), --skip-subbenches (do not run evaluate/freshness benches), --keep
 * (keep the work directory), --resume (reuse the kept database and its ingest rows:
 * province with --keep, or nation with --database-url),
 * --aggregate all|catalogue (roll up the BENCH_* elements too; default all for province,
 * catalogue for nation).
 * Steps and their targets: bench/steps.ts. Results: bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generateProfile } from './generate.js';
import { PROFILES, type ProfileName } from './profiles.js';
import { runSteps, type BenchRow, type RunOptions } from './steps.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function machineLine(): string {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  return `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| step | measured | target | met | detail |', '|---|---:|---|:-:|---|'];
  for (const r of rows) lines.push(`| ${r.step} | ${r.measured} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${r.detail ?? ''} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const name = (arg('--profile') ?? 'province') as ProfileName;
  const profile = PROFILES[name];
  if (!profile) throw new Error(`unknown profile ${name} (province | nation)`);
  const root = resolve(arg('--data') ?? '.vitals-data/bench');
  const work = join(root, `${name}-run`);
  // Resuming needs a database that outlives the run: embedded (kept directory) or --database-url.
  const resume = process.argv.includes('--resume') && (name === 'province' || arg('--database-url') !== undefined);
  if (!resume) rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const log = (m: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);

  log(`generating ${name} …`);
  const started = performance.now();
  const manifest = await generateProfile(profile, join(root, name), log);
  const reused = performance.now() - started < manifest.seconds * 500;
  const options: RunOptions = {
    profile, manifest, work, log,
    seconds: Number(arg('--seconds') ?? 30),
    connections: Number(arg('--connections') ?? 32),
    importShare: Number(arg('--import-share') ?? (name === 'nation' ? 0.05 : 1)),
    ...(arg('--database-url') ? { databaseUrl: arg('--database-url')! } : {}),
    subBenches: !process.argv.includes('--skip-subbenches'),
    resume,
    aggregateBench: (arg('--aggregate') ?? (name === 'nation' ? 'catalogue' : 'all')) === 'all',
  };
  const rows: BenchRow[] = [{
    step: 'generate (seeded)', measured: `${manifest.seconds.toFixed(1)} s${reused ? ' (files reused)' : ''}`,
    detail: `${manifest.counties} counties, ${manifest.townships} townships, ${manifest.elements} elements, ${manifest.cells.toLocaleString('en')} cells → ${manifest.rows.toLocaleString('en')} values (${manifest.missing.toLocaleString('en')} missing, ${manifest.outliers.toLocaleString('en')} outliers), ${manifest.files.length} files`,
  }];
  const extra = await runSteps(options, rows);

  const header = `profile ${name} · ${name === 'province' ? 'embedded PGlite' : 'PostgreSQL server'} · ${machineLine()}`;
  const text = `\n${header}\n\n${formatTable(rows)}\n${extra ? `\n${extra}\n` : ''}`;
  process.stdout.write(text);
  writeFileSync(join(root, `${name}-results.md`), text);
  writeFileSync(join(root, `${name}-results.json`), JSON.stringify({ header, rows }, null, 1));
  if (!process.argv.includes('--keep') && !resume) rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
