/**
 * Benchmark: evaluate the Healthy Hebei framework for every Hebei region (the province, its 11
 * cities and 167 counties) and every year 2019–2025 on embedded PGlite with the synthetic data,
 * through the product's code paths (content loader, aggregate rebuild, evaluation runs).
 * Prints a Markdown table: time, CPU time (this process and the PGlite process) and peak memory
 * per step, plus the machine. The full evaluation is one `runYears` call (one snapshot per
 * year); its per-year rows show the phases of each year (judging of a year overlaps the writing
 * of the year before, so they do not add up to the wall time).
 *
 *   npx tsx bench/evaluate.bench.ts [--years 2019-2025] [--keep]
 *
 * Issue 6's full evaluation is every year of the framework's range that has data: for Healthy
 * Hebei 2023–2027 and data to 2025, `--years 2023-2025`. The default 2019–2025 is a heavier
 * load (seven snapshots), kept comparable with the session-1 table in bench/RESULTS.md. Wall
 * times depend on the machine's load (printed); the CPU column does much less.
 *
 * The nation-scale profile (issue 6) is a later row of bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { loadContent } from '../src/services/content/load-content.js';
import { AggregateService, EvaluationService } from '../src/services/evaluation/index.js';
import { openDatabase } from '../src/storage/database.js';

const FRAMEWORK = 'healthy-hebei-2023-2027';
const PROVINCE = '130000';

interface Row {
  step: string;
  seconds: number;
  /** CPU seconds of this process and of the PGlite process during the step. */
  cpu: string;
  detail: string;
  nodeMb: number;
  pgliteMb: number | null;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Peak resident memory of a process in MB (VmHWM), or null when /proc is not there. */
function peakMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Math.round(Number(line.replace(/\D+/g, ' ').trim().split(' ')[0]) / 1024) : null;
  } catch {
    return null;
  }
}

const nodePeakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** CPU seconds used so far by a process (utime + stime from /proc), or NaN. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  const [from, to] = (argValue('--years') ?? '2019-2025').split('-').map(Number) as [number, number];
  const loadStart = loadavg()[0]!.toFixed(1);
  const dir = mkdtempSync(join(tmpdir(), 'vitals-bench-'));
  const rows: Row[] = [];
  const database = await openDatabase({ pgliteDir: join(dir, 'pglite') });
  const pid = database.embedded!.pid;
  const step = async <T>(name: string, work: () => Promise<T>, detail: (t: T) => string): Promise<T> => {
    const started = performance.now();
    const [nodeCpu, pgCpu] = [cpuSeconds(process.pid), cpuSeconds(pid)];
    const result = await work();
    const cpu = `${(cpuSeconds(process.pid) - nodeCpu).toFixed(2)} + ${(cpuSeconds(pid) - pgCpu).toFixed(2)}`;
    rows.push({ step: name, seconds: (performance.now() - started) / 1000, cpu, detail: detail(result), nodeMb: nodePeakMb(), pgliteMb: peakMb(pid) });
    process.stderr.write(`${name}: ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    return result;
  };
  try {
    await step('load content + synthetic Hebei (setup)', () => loadContent(database), (r) => `${r.values.inserted} values, ${r.regions} regions`);

    const aggregates = new AggregateService(database.db);
    await step('aggregates: full rebuild (province)', () => aggregates.rebuild({ region: PROVINCE }), (r) => `${r.rows} rows from ${r.values} values, ${r.elements} elements`);
    await step('aggregates: verify (incremental == full check)', () => aggregates.verify(PROVINCE), (r) => `${r.compared} compared, ${r.differences} differences`);
    await step('aggregates: refresh one county-month', async () => {
      await database.db.updateTable('data_value').set({ value: sql`value + 1` }).where('region_code', '=', '130102').where('period', '=', '2025M03')
        .where('data_element_id', '=', sql<number>`(SELECT id FROM data_element WHERE code = 'LIVE_BIRTHS_MONTHLY')`).execute();
      return aggregates.refreshAffected('LIVE_BIRTHS_MONTHLY', '130102', '2025M03');
    }, (r) => `${r.rowsWritten} rows written (${r.chain.length} regions × ${r.periods.length} periods)`);
    await aggregates.rebuild({ region: PROVINCE }); // fresh watermarks for the runs below

    const scheme = parseYaml(readFileSync('content/schemes/hebei-city-assessment.yaml', 'utf8'));
    const service = new EvaluationService(database.db);
    const years: number[] = [];
    for (let year = from; year <= to; year++) years.push(year);
    const outcomes = await step(`full evaluation ${from}–${to}: runYears (179 regions, trajectory + statcan, scheme)`, () => service.runYears({ framework: FRAMEWORK, region: PROVINCE, years, actor: 'bench', scheme }), (r) => `${r.reduce((n, o) => n + o.run.resultCount, 0)} results in ${r.length} snapshots`);
    for (const r of outcomes) {
      rows.push({
        step: `… ${r.run.year}`, seconds: Number.NaN, cpu: '', nodeMb: Number.NaN, pgliteMb: null,
        detail: `${r.run.resultCount} results, ${r.run.inputCount} inputs${r.aggregatesRebuilt ? ', aggregates rebuilt' : ''}; ms ${Object.entries(r.timings).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      });
    }
    await step(`one year alone: run ${to}`, () => service.run({ framework: FRAMEWORK, region: PROVINCE, year: to, actor: 'bench', scheme }), (r) => `${r.run.resultCount} results; ms ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } finally {
    await database.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  // The load average says whether other work shared the cores during the run.
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, commit ${commit}, load average at start ${loadStart} / at end ${loadavg()[0]!.toFixed(1)}`;
  process.stdout.write(`\nprofile province · embedded PGlite · ${machine}\n\n`);
  process.stdout.write('| step | time (s) | CPU s (node + PGlite) | detail | peak RSS node (MB) | peak RSS PGlite (MB) |\n|---|---:|---:|---|---:|---:|\n');
  const num = (v: number, digits = 0) => (Number.isNaN(v) ? '' : v.toFixed(digits));
  for (const r of rows) process.stdout.write(`| ${r.step} | ${num(r.seconds, 2)} | ${r.cpu} | ${r.detail} | ${num(r.nodeMb)} | ${r.pgliteMb ?? ''} |\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
