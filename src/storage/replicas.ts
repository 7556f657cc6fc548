/**
 * Read replicas (issue 6): `DATABASE_REPLICA_URLS` → `Database.readDb` sends read-only
 * traffic (dashboards, public API, exports) to a pool per PostgreSQL streaming replica, with
 * **read-your-writes** per read session (normally: per user).
 *
 * How read-your-writes works (docs/scale-out.md):
 * 1. Code runs inside a read session (`runInReadSession(key, fn)`; the HTTP layer opens one per
 *    request and names it after the actor with `setReadSessionKey`). Outside a session, reads
 *    simply go to a replica.
 * 2. `db` (the primary) watches the statements it runs. When a connection that ran a write
 *    (INSERT/UPDATE/DELETE/COPY/DDL, or a WITH that contains one) is released — after its
 *    transaction committed — it asks the primary for `pg_current_wal_insert_lsn()`, which is
 *    at or past the end of that commit record, and remembers it for the session.
 * 3. A read through `readDb` in a session with a remembered LSN goes to a replica only if the
 *    replica's `pg_last_wal_replay_lsn()` (asked on the very connection that will answer, or
 *    known from an earlier answer) has reached it; otherwise it goes to the primary. Replay only
 *    moves forward, so a replica that passed the check keeps showing the write.
 * 4. Once every replica has been seen past the LSN, the session forgets it.
 *
 * A replica that cannot be reached is skipped for 10 s (reads go to the other replicas, or to
 * the primary). Sessions are remembered per process: several app processes behind a load
 * balancer need sticky sessions for read-your-writes across requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery, Kysely, PostgresDialect,
  type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import type { DB } from './schema.js';

/** A read session: its name (normally the signed-in actor's id); undefined = anonymous, tracks no writes. */
export interface ReadSession {
  key: string | undefined;
}

const sessions = new AsyncLocalStorage<ReadSession>();

/** Run `fn` in a read session named `key` (set or change the name later with `setReadSessionKey`). */
export function runInReadSession<T>(key: string | undefined, fn: () => T): T {
  return sessions.run({ key }, fn);
}

/**
 * Run `fn` in the given read session object. Lets a framework enter the same session again in a
 * later phase of one request (e.g. after body parsing), where the async context may be another.
 */
export function runInGivenReadSession<T>(session: ReadSession, fn: () => T): T {
  return sessions.run(session, fn);
}

/** Name the current read session (e.g. after authentication); no-op outside a session. */
export function setReadSessionKey(key: string | undefined): void {
  const store = sessions.getStore();
  if (store) store.key = key;
}

export function currentReadSessionKey(): string | undefined {
  return sessions.getStore()?.key;
}

/** `'16/B374D848'` → a comparable bigint. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL location: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** A statement that may write WAL. Conservative: a false "write" only sends a read to the primary. */
const WRITE = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:insert|update|delete|merge|copy|create|alter|drop|truncate|grant|revoke|refresh|call|do|lock|vacuum|analyze|comment|security|reindex|cluster)\b|^\s*with\b[\s\S]*\b(?:insert|update|delete|merge)\b/i;
export const isWriteStatement = (text: string): boolean => WRITE.test(text);

export interface ReplicaStats {
  /** Reads answered by each replica, in `replicaUrls` order. */
  readonly replicaReads: readonly number[];
  /** Reads through `readDb` that went to the primary (pending own write, or no replica reachable). */
  readonly primaryReads: number;
  /** Sessions with a write not yet seen on every replica. */
  readonly pendingSessions: number;
}

const DOWN_MS = 10_000;
const MAX_SESSIONS = 100_000;

type Inner = { readonly driver: Driver; readonly connection: DatabaseConnection };

/** Delegates to an inner connection, reporting statements to `onSql`. */
class WatchedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection, private readonly onSql: (sql: string) => void) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.onSql(query.sql);
    return this.inner.executeQuery<R>(query);
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.onSql(query.sql);
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** A driver over one or more inner drivers; subclasses pick the inner driver per connection. */
abstract class RoutingDriver implements Driver {
  protected readonly open = new Map<DatabaseConnection, Inner>();
  abstract init(): Promise<void>;
  abstract acquireConnection(): Promise<DatabaseConnection>;
  abstract destroy(): Promise<void>;
  protected inner(c: DatabaseConnection): Inner {
    return this.open.get(c)!;
  }
  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const i = this.inner(c);
    return i.driver.beginTransaction(i.connection, settings);
  }
  commitTransaction(c: DatabaseConnection): Promise<void> {
    const i = this.inner(c);
    return i.driver.commitTransaction(i.connection);
  }
  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const i = this.inner(c);
    return i.driver.rollbackTransaction(i.connection);
  }
  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const i = this.inner(c);
    await i.driver.savepoint!(i.connection, name, compile);
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const i = this.inner(c);
    await i.driver.rollbackToSavepoint!(i.connection, name, compile);
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const i = this.inner(c);
    await i.driver.releaseSavepoint!(i.connection, name, compile);
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const i = this.inner(c);
    this.open.delete(c);
    await i.driver.releaseConnection(i.connection);
  }
}

/** A Kysely dialect whose driver is given. */
class GivenDriverDialect extends PostgresDialect {
  constructor(pool: pg.Pool, private readonly driver: Driver) {
    super({ pool });
  }
  override createDriver(): Driver {
    return this.driver;
  }
}

const innerDriver = (pool: pg.Pool) => new PostgresDialect({ pool }).createDriver();

/**
 * Routes `readDb` to replica pools and records the primary's WAL position after each write of
 * a read session. Build it from the primary pool and one pool per replica.
 */
export class ReplicaRouter {
  /** Read-write access to the primary; records writes for read-your-writes. */
  readonly db: Kysely<DB>;
  /** Read-only access: a replica, or the primary while the session's last write is not replayed. */
  readonly readDb: Kysely<DB>;
  private readonly pending = new Map<string, bigint>();
  private readonly replayed: bigint[];
  private readonly downUntil: number[];
  private readonly reads: number[];
  private primaryReads = 0;
  private next = 0;

  constructor(private readonly primary: pg.Pool, private readonly replicas: readonly pg.Pool[]) {
    this.replayed = replicas.map(() => 0n);
    this.downUntil = replicas.map(() => 0);
    this.reads = replicas.map(() => 0);
    this.db = new Kysely<DB>({ dialect: new GivenDriverDialect(primary, this.primaryDriver()) });
    this.readDb = new Kysely<DB>({ dialect: new GivenDriverDialect(primary, this.readDriver()) });
  }

  stats(): ReplicaStats {
    return { replicaReads: [...this.reads], primaryReads: this.primaryReads, pendingSessions: this.pending.size };
  }

  /** The WAL position a session's reads must see, if any (for tests and diagnostics). */
  pendingLsn(key: string): bigint | undefined {
    return this.pending.get(key);
  }

  /** End the replica pools (the primary pool belongs to the caller). */
  async close(): Promise<void> {
    await Promise.all(this.replicas.map((p) => p.end().catch(() => undefined)));
  }

  private remember(key: string, lsn: bigint): void {
    const old = this.pending.get(key);
    this.pending.delete(key); // re-insert: Map order doubles as least-recently-written order
    this.pending.set(key, old !== undefined && old > lsn ? old : lsn);
    if (this.pending.size > MAX_SESSIONS) this.pending.delete(this.pending.keys().next().value!);
  }

  private seen(replica: number, lsn: bigint): void {
    if (lsn > this.replayed[replica]!) this.replayed[replica] = lsn;
    const floor = this.replayed.reduce((a, b) => (b < a ? b : a));
    for (const [key, need] of this.pending) if (need <= floor) this.pending.delete(key);
  }

  private primaryDriver(): Driver {
    const driver = innerDriver(this.primary);
    const router = this;
    const wrote = new WeakSet<DatabaseConnection>();
    return new (class extends RoutingDriver {
      init = () => driver.init();
      destroy = () => driver.destroy();
      async acquireConnection(): Promise<DatabaseConnection> {
        const connection = await driver.acquireConnection();
        const watched: DatabaseConnection = new WatchedConnection(connection, (text) => {
          if (isWriteStatement(text)) wrote.add(watched);
        });
        this.open.set(watched, { driver, connection });
        return watched;
      }
      override async releaseConnection(c: DatabaseConnection): Promise<void> {
        const key = currentReadSessionKey();
        if (key !== undefined && wrote.has(c)) {
          try {
            const { rows } = await this.inner(c).connection.executeQuery<{ lsn: string }>(CompiledQuery.raw('SELECT pg_current_wal_insert_lsn()::text AS lsn'));
            router.remember(key, parseLsn(rows[0]!.lsn));
          } catch {
            // Inside a failed transaction nothing was committed, so there is nothing to wait for.
          }
        }
        wrote.delete(c);
        await super.releaseConnection(c);
      }
    })();
  }

  private readDriver(): Driver {
    const primary = innerDriver(this.primary);
    const replicas = this.replicas.map(innerDriver);
    const router = this;
    return new (class extends RoutingDriver {
      init = async () => {
        await primary.init();
        for (const r of replicas) await r.init();
      };
      destroy = async () => {
        // The primary pool is ended by its owner; the replica pools by ReplicaRouter.close().
      };
      async acquireConnection(): Promise<DatabaseConnection> {
        const key = currentReadSessionKey();
        const need = key === undefined ? undefined : router.pending.get(key);
        for (let tried = 0; tried < replicas.length; tried++) {
          const i = router.next++ % replicas.length;
          if (router.downUntil[i]! > Date.now()) continue;
          let connection: DatabaseConnection;
          try {
            connection = await replicas[i]!.acquireConnection();
          } catch {
            router.downUntil[i] = Date.now() + DOWN_MS;
            continue;
          }
          if (need !== undefined && router.replayed[i]! < need) {
            const { rows } = await connection.executeQuery<{ lsn: string | null }>(CompiledQuery.raw('SELECT pg_last_wal_replay_lsn()::text AS lsn'));
            const lsn = rows[0]?.lsn ? parseLsn(rows[0].lsn) : 0n;
            router.seen(i, lsn);
            if (lsn < need) {
              await replicas[i]!.releaseConnection(connection);
              continue;
            }
          }
          router.reads[i]!++;
          const handle = new WatchedConnection(connection, () => undefined);
          this.open.set(handle, { driver: replicas[i]!, connection });
          return handle;
        }
        router.primaryReads++;
        const connection = await primary.acquireConnection();
        const handle = new WatchedConnection(connection, () => undefined);
        this.open.set(handle, { driver: primary, connection });
        return handle;
      }
    })();
  }
}
