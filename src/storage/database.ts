/**
 * Opening the database: embedded PGlite (default) or a PostgreSQL ≥ 15 server
 * (`DATABASE_URL`). Both are reached with the ordinary `pg` driver and Kysely, so every
 * repository runs the same SQL in both modes.
 *
 * @example
 * const database = await openDatabase({});            // embedded, ./.vitals-data/pglite
 * const database = await openDatabase({ databaseUrl }); // server
 * const regions = new RegionRepository(database.db);
 * await database.close();
 */
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { VitalsError } from '../core/errors.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded/embedded-server.js';
import { migrate, type MigrationResult } from './migrate.js';
import { VitalsPgClient, vitalsTypes } from './pg-client.js';
import { ReplicaRouter } from './replicas.js';
import type { DB } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseConfig {
  /** PostgreSQL ≥ 15 connection string. Absent: embedded PGlite. */
  readonly databaseUrl?: string;
  /** Vitals data root (`VITALS_DATA_DIR`, default `./.vitals-data`); PGlite lives in `<dataDir>/pglite`. */
  readonly dataDir?: string;
  /** Exact PGlite directory; overrides `dataDir`. */
  readonly pgliteDir?: string;
  /** Read-only streaming-replica URLs (server mode): `readDb` reads from them, see replicas.ts. */
  readonly replicaUrls?: readonly string[];
  /** Run pending migrations while opening (default true). */
  readonly migrate?: boolean;
  /** Server-mode pool size (default 10). Embedded mode always uses 1, see below. */
  readonly poolMax?: number;
  /** Called if the embedded PGlite process dies while the database is open. */
  readonly onEmbeddedExit?: (detail: string) => void;
}

export interface Database {
  /** Read-write access (the primary). */
  readonly db: Kysely<DB>;
  /**
   * Read-only traffic (dashboards, public API, exports). The same instance as `db` unless
   * `replicaUrls` are configured; then a replica, or the primary while the read session's own
   * last write is not yet replayed there (read-your-writes, `replicas.ts`). Send only reads.
   */
  readonly readDb: Kysely<DB>;
  /** Set when replicas are configured: routing statistics and the session LSNs. */
  readonly replicas?: ReplicaRouter;
  /** The `pg` pool behind `db`, for the rare raw-driver need (migrations, COPY). */
  readonly pool: pg.Pool;
  readonly engine: Engine;
  /** Set in embedded mode: the child process serving PGlite. */
  readonly embedded?: { readonly pid: number; readonly dataDir: string; readonly port: number };
  /** Result of the migrations run while opening (absent when `migrate: false`). */
  readonly migrations?: MigrationResult;
  /** Close the pool and, in embedded mode, stop the PGlite process. Idempotent. */
  close(): Promise<void>;
}

/** Where embedded PGlite keeps its files for a given configuration and environment. */
export function resolvePgliteDir(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (config.pgliteDir) return resolve(config.pgliteDir);
  return join(resolve(config.dataDir ?? env.VITALS_DATA_DIR ?? '.vitals-data'), 'pglite');
}

function createPool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    ...options,
    Client: VitalsPgClient as unknown as pg.PoolConfig['Client'],
    types: vitalsTypes,
  });
  // An idle client that loses its server (restart, embedded child gone) must not crash the
  // process with an unhandled 'error'; the next query reports the failure instead.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Open (and by default migrate) the Vitals database.
 *
 * Embedded mode forks a PGlite child process and uses a pool of exactly ONE connection:
 * PGlite has a single backend session, so concurrent connections would share temp tables,
 * settings and open transactions, and it executes one query at a time anyway. Callers queue
 * in the pool instead. It also means code must never use `db` while holding a transaction:
 * use the transaction object (`trx`) inside `db.transaction().execute(...)`, or it deadlocks.
 */
export async function openDatabase(config: DatabaseConfig = {}): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let pool: pg.Pool;
  let engine: Engine;
  if (config.databaseUrl) {
    engine = 'postgres';
    pool = createPool({ connectionString: config.databaseUrl, max: config.poolMax ?? 10 });
  } else {
    engine = 'pglite';
    embedded = await startEmbeddedServer(resolvePgliteDir(config), {
      onUnexpectedExit: (code, signal, stderr) =>
        config.onEmbeddedExit?.(`embedded PGlite exited (code ${code}, signal ${signal}) ${stderr.trim()}`),
    });
    pool = createPool({
      host: embedded.host,
      port: embedded.port,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      // Queue behind a long import rather than fail.
      connectionTimeoutMillis: 0,
    });
  }

  // Issue 6: with replicas (server mode only), `db` and `readDb` come from the router, which
  // records the primary's WAL position after a session's writes and routes reads accordingly.
  const replicaUrls = engine === 'postgres' ? config.replicaUrls ?? [] : [];
  const router = replicaUrls.length > 0
    ? new ReplicaRouter(pool, replicaUrls.map((url) => createPool({ connectionString: url, max: config.poolMax ?? 10 })))
    : undefined;
  const db = router?.db ?? new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await router?.close();
      await db.destroy(); // ends the pool
    } finally {
      await embedded?.stop();
    }
  };

  try {
    await checkServerVersion(pool, engine);
    const migrations = config.migrate === false ? undefined : await migrate(pool);
    return {
      db,
      readDb: router?.readDb ?? db,
      ...(router ? { replicas: router } : {}),
      pool,
      engine,
      ...(embedded ? { embedded: { pid: embedded.pid, dataDir: embedded.dataDir, port: embedded.port } } : {}),
      ...(migrations ? { migrations } : {}),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

async function checkServerVersion(pool: pg.Pool, engine: Engine): Promise<void> {
  let versionNum: number;
  try {
    const { rows } = await pool.query<{ server_version_num: string }>('SHOW server_version_num');
    versionNum = Number(rows[0]?.server_version_num);
  } catch (error) {
    throw new VitalsError('VITALS_E_DATABASE', { detail: `${engine}: ${(error as Error).message}` }, error);
  }
  if (!(versionNum >= 150000)) {
    throw new VitalsError('VITALS_E_DATABASE', { detail: `PostgreSQL 15 or later is required (server reports ${versionNum})` });
  }
}
