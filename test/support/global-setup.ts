/**
 * Vitest global setup for the database tiers.
 *
 * `VITALS_TEST_DB=postgres`: create a throw-away PostgreSQL cluster (`initdb` into a temp dir),
 * start it on a free loopback port, hand its admin URL to the tests (`inject('postgresUrl')`),
 * and stop and delete it afterwards. Test files then create their own databases in it
 * (`test/support/db.ts`). As root, the server runs as the `postgres` system user, because
 * PostgreSQL refuses to run as root.
 *
 * `VITALS_TEST_DB=pglite`: initialise one PGlite directory (PGlite's initdb takes several
 * seconds) that each test file copies into its own fresh directory before starting its own
 * PGlite process on it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer } from '../../src/storage/embedded/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test cluster (database `postgres`); empty in PGlite mode. */
    postgresUrl: string;
    /** An initialised (not migrated) PGlite directory to copy; empty in server mode. */
    pgliteTemplate: string;
  }
}

/** The newest installed PostgreSQL's bin directory (Debian layout), or PG_BIN_DIR. */
export function findPostgresBin(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the Debian package `postgresql`, or set PG_BIN_DIR)');
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Run a PostgreSQL program, as the `postgres` user when we are root. */
function runPg(bin: string, program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const mode = (project.config.env?.VITALS_TEST_DB as string | undefined) ?? process.env.VITALS_TEST_DB ?? 'pglite';
  if (mode !== 'postgres') {
    project.provide('postgresUrl', '');
    const dir = mkdtempSync(join(tmpdir(), 'vitals-pglite-template-'));
    const template = join(dir, 'pglite');
    try {
      await (await startEmbeddedServer(template)).stop();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    project.provide('pgliteTemplate', template);
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide('pgliteTemplate', '');
  if (process.env.VITALS_TEST_DATABASE_URL) {
    // An externally managed server (e.g. a CI service container).
    project.provide('postgresUrl', process.env.VITALS_TEST_DATABASE_URL);
    return;
  }

  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'vitals-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  try {
    runPg(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    runPg(bin, 'pg_ctl', [
      '-D', data, '-l', log, '-w', '-t', '60',
      '-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);

  return async () => {
    try {
      runPg(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
