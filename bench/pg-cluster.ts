/**
 * Throw-away PostgreSQL clusters on loopback for the benchmark and the read-replica test:
 * `initdb` into a temp directory, `pg_ctl start` on a free port, and — for a streaming
 * replica — `pg_basebackup -R` from a running primary. As root, every PostgreSQL program runs
 * as the `postgres` system user (PostgreSQL refuses to run as root), the way
 * `test/support/global-setup.ts` does it; binaries are found the same way
 * (`/usr/lib/postgresql/<newest>/bin`, or `PG_BIN_DIR`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin } from '../test/support/global-setup.js';

export interface PgCluster {
  readonly port: number;
  readonly dataDir: string;
  /** Connection URL for a database (default `postgres`) as the superuser `postgres`. */
  url(database?: string): string;
  /** Stop the server (fast shutdown) and delete its directory. Idempotent. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Parent directory for the cluster (default: the OS temp dir). */
  readonly parentDir?: string;
  /** Make this cluster a streaming replica of `primary` (pg_basebackup -R) instead of initdb. */
  readonly replicaOf?: PgCluster;
}

const asRoot = () => process.getuid?.() === 0;

function run(program: string, args: string[]): string {
  const bin = join(findPostgresBin(), program);
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
  return result.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start a cluster (a new one, or a streaming replica of `options.replicaOf`). */
export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), options.replicaOf ? 'vitals-replica-' : 'vitals-pg-'));
  if (asRoot()) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  const settings = Object.entries({ listen_addresses: '127.0.0.1', ...options.settings }).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  try {
    if (options.replicaOf) {
      // -R writes standby.signal and primary_conninfo; -X stream copies the WAL needed to start.
      run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(options.replicaOf.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--no-sync']);
    } else {
      run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    }
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '120', '-o', `-p ${port} -k /tmp ${settings}`, 'start']);
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
  let stopped = false;
  return {
    port,
    dataDir: data,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
