/**
 * Child-process entry: opens one PGlite data directory and serves it over the PostgreSQL wire
 * protocol on 127.0.0.1 and a free port. PGlite runs queries on its calling thread, so it lives
 * here, away from the HTTP event loop of the parent.
 *
 * Protocol with the parent (IPC): child → `{ type: 'ready', port }` or `{ type: 'error', message }`;
 * parent → `{ type: 'shutdown' }`. The child also shuts down on SIGINT/SIGTERM and when the IPC
 * channel closes (the parent died, even by SIGKILL), so it never outlives its parent.
 *
 * Usage: `node --import tsx pglite-server.ts <dataDir>` (forked by `embedded-server.ts`).
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type ChildMessage = { type: 'ready'; port: number } | { type: 'error'; message: string };
export type ParentMessage = { type: 'shutdown' };

function send(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two processes opening one PGlite directory would corrupt it, so a sibling lock file holds
 * the owner's pid. A lock left by a dead process is taken over.
 */
function acquireLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`the data directory is in use by process ${owner} (lock file ${lockPath})`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: pglite-server <dataDir>');
  mkdirSync(dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  acquireLock(lockPath);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await server?.stop();
      await db?.close();
    } finally {
      rmSync(lockPath, { force: true });
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('disconnect', () => void shutdown(0));
  process.on('message', (message: ParentMessage) => {
    if (message?.type === 'shutdown') void shutdown(0);
  });

  try {
    db = await PGlite.create(dataDir);
    // PGlite has a single backend: every connection shares one session (temp tables, SET, open
    // transactions) and queries run one at a time. The app's pool therefore uses ONE connection;
    // the spare slots are for tools (psql, a test's second client) on a loopback-only port.
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    send({ type: 'ready', port });
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
