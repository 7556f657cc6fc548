/**
 * Parent side of the embedded database: forks `pglite-server`, waits for its ready message and
 * stops it again. The child is always stopped: by `stop()`, by this process's `exit` event, and
 * (from the child's side) when the IPC channel closes because this process died.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VitalsError } from '../../core/errors.js';
import type { ChildMessage, ParentMessage } from './pglite-server.js';

export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  /** Process id of the PGlite child. */
  readonly pid: number;
  readonly dataDir: string;
  /** Ask the child to close PGlite cleanly; SIGKILL after `timeoutMs`. Idempotent. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** How long to wait for PGlite to open (the first start runs initdb: seconds). */
  readyTimeoutMs?: number;
  /** Called if the child exits while the database is open (not after `stop()`). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null, stderrTail: string) => void;
}

/** Run the TypeScript entry with tsx unless a compiled `.js` sits next to this file. */
function childEntry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./pglite-server.js', import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const ts = fileURLToPath(new URL('./pglite-server.ts', import.meta.url));
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { file: ts, execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Start PGlite on `dataDir` in a child process and resolve once it accepts connections. */
export async function startEmbeddedServer(dataDir: string, options: StartEmbeddedOptions = {}): Promise<EmbeddedServer> {
  const { file, execArgv } = childEntry();
  const child = fork(file, [dataDir], {
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });

  // Synchronous last resort when this process exits without calling stop().
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  let stopping = false;
  const stop = async (timeoutMs = 10_000): Promise<void> => {
    stopping = true;
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'shutdown' } satisfies ParentMessage);
    else child.kill('SIGTERM');
    if (!(await waitForExit(child, timeoutMs))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };

  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    const settle = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onEarlyExit);
      child.off('error', onError);
    };
    const fail = (detail: string): void => {
      settle();
      void stop(2_000);
      reject(new VitalsError('VITALS_E_DATABASE', { detail: `embedded PGlite (${dataDir}): ${detail}` }));
    };
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'ready') {
        settle();
        resolve(message.port);
      } else if (message.type === 'error') fail(message.message);
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the process exited early (code ${code}, signal ${signal}) ${stderrTail.trim()}`);
    const onError = (error: Error): void => fail(error.message);
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onEarlyExit);
    child.on('error', onError);
  });

  child.once('exit', (code, signal) => {
    process.off('exit', killOnExit);
    if (!stopping) options.onUnexpectedExit?.(code, signal, stderrTail);
  });

  return { host: '127.0.0.1', port, pid: child.pid!, dataDir, stop };
}
