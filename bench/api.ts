/**
 * API latency under load (issue 6): the product server in a child process (bench/serve.ts),
 * autocannon on loopback (32 connections, 30 s by default) against each dashboard endpoint,
 * one endpoint at a time. p95 is computed from every response time autocannon reports
 * (its own summary has p90 and p97.5 but no p95). Also the unloaded latency of a single
 * request (median of sequential calls), which is what the DuckDB ratio compares.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median } from './reference.js';

export interface Endpoint {
  readonly name: string;
  readonly path: string;
}

export interface LoadResult {
  readonly name: string;
  readonly path: string;
  readonly status: number;
  readonly singleMs: number;
  /** The very first request (an answer-cache miss, metadata cache cold), ms. */
  readonly firstMs?: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly rps: number;
  readonly requests: number;
  readonly errors: number;
  readonly bytes: number;
  /** CPU milliseconds per request under load: the server process, and its children (PGlite). */
  readonly cpuMsPerRequest?: { readonly server: number; readonly database: number };
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Peak RSS (MB) of the server and of its children (the PGlite process in embedded mode). */
  peakMb(): { server: number | null; children: number | null };
  /** CPU seconds used so far by the server process and by its children (PGlite). */
  cpuSeconds(): { server: number; children: number };
  stop(): Promise<void>;
}

function vmHwmMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Math.round(Number(line.replace(/\D+/g, ' ').trim().split(' ')[0]) / 1024) : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process in seconds (Linux clock ticks are 100 per second). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Start bench/serve.ts with `env` and wait for its READY line. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/serve.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 300 s: ${stderr}`)), 300_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const pid = child.pid!;
      resolve({
        url: m[1]!,
        pid,
        peakMb: () => {
          const kids = childPids(pid).map(vmHwmMb).filter((x): x is number => x !== null);
          return { server: vmHwmMb(pid), children: kids.length ? Math.max(...kids) : null };
        },
        cpuSeconds: () => ({ server: cpuOf(pid), children: childPids(pid).reduce((sum, c) => sum + cpuOf(c), 0) }),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
          }),
      });
    });
  });
}

/** GET once: the status and the time in ms. */
export async function getOnce(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const t = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - t, bytes: body.byteLength };
}

/** Median latency of `n` sequential requests after two warm-ups. */
export async function singleRequestMs(url: string, n = 15): Promise<number> {
  await getOnce(url);
  await getOnce(url);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push((await getOnce(url)).ms);
  return median(ms);
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** autocannon against one URL; latencies from every response. */
export async function loadTest(base: string, endpoint: Endpoint, options: { connections: number; seconds: number; server?: ServerProcess }): Promise<LoadResult> {
  const url = base + endpoint.path;
  const first = await getOnce(url);
  const singleMs = await singleRequestMs(url);
  const times: number[] = [];
  const cpuBefore = options.server?.cpuSeconds();
  const instance = autocannon({ url, connections: options.connections, duration: options.seconds, timeout: 30 });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  const result = await instance;
  times.sort((a, b) => a - b);
  const cpuAfter = options.server?.cpuSeconds();
  const per = (a: number, b: number) => (1000 * (b - a)) / Math.max(1, result.requests.total);
  return {
    ...(cpuBefore && cpuAfter ? { cpuMsPerRequest: { server: per(cpuBefore.server, cpuAfter.server), database: per(cpuBefore.children, cpuAfter.children) } } : {}),
    name: endpoint.name, path: endpoint.path, status: first.status, singleMs, firstMs: first.ms, bytes: first.bytes,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    rps: result.requests.total / result.duration, requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx,
  };
}
