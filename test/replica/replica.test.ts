/**
 * Read replicas with read-your-writes (issue 6, src/storage/replicas.ts), against a real
 * primary and a real streaming replica (Debian's PostgreSQL: initdb, pg_basebackup -R) on
 * loopback ports. Which server answered is asked of the answering connection itself:
 * `inet_server_port()` and `pg_is_in_recovery()`.
 *
 * Replay on the replica is paused with `pg_wal_replay_pause()` to make it stale on purpose:
 * then another user does see the old value there (so the check is not vacuous), while the user
 * who wrote always sees the new one.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from '../../bench/pg-cluster.js';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { isWriteStatement, parseLsn, runInReadSession, setReadSessionKey } from '../../src/storage/replicas.js';
import { DataValueRepository, type DB } from '../../src/storage/index.js';
import { seedBasics } from '../support/factories.js';

let primary: PgCluster;
let replica: PgCluster;
let database: Database;
let replicaAdmin: pg.Client;

const KEY = { dataElement: 'LIVE_BIRTHS', region: '130102', period: '2024' } as const;

async function whoAnswers(db: Kysely<DB>): Promise<{ port: number; recovery: boolean }> {
  const { rows } = await sql<{ port: number; recovery: boolean }>`SELECT inet_server_port() AS port, pg_is_in_recovery() AS recovery`.execute(db);
  return rows[0]!;
}

async function readValue(db: Kysely<DB>): Promise<{ value: number | null; port: number }> {
  const { rows } = await sql<{ value: number | null; port: number }>`
    SELECT (SELECT value FROM data_value WHERE region_code = ${KEY.region} AND period = ${KEY.period}
              AND data_element_id = (SELECT id FROM data_element WHERE code = ${KEY.dataElement})) AS value,
           inet_server_port() AS port`.execute(db);
  return rows[0]!;
}

async function write(actor: string, value: number): Promise<void> {
  await new DataValueRepository(database.db).upsert([{ ...KEY, value }], { actor });
}

/** Wait until the replica has replayed everything the primary has written so far. */
async function replicaCatchesUp(): Promise<void> {
  const { rows } = await database.pool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  const target = parseLsn(rows[0]!.lsn);
  for (let i = 0; i < 600; i++) {
    const r = await replicaAdmin.query<{ lsn: string }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
    if (parseLsn(r.rows[0]!.lsn) >= target) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('replica did not catch up in 30 s');
}

beforeAll(async () => {
  primary = await startCluster({ settings: { fsync: 'off', wal_level: 'replica', max_wal_senders: 4 } });
  replica = await startCluster({ replicaOf: primary, settings: { fsync: 'off', hot_standby: 'on' } });
  database = await openDatabase({ databaseUrl: primary.url(), replicaUrls: [replica.url()], poolMax: 4 });
  replicaAdmin = new pg.Client({ connectionString: replica.url() });
  await replicaAdmin.connect();
  await seedBasics(database.db);
  await write('setup', 41);
  await replicaCatchesUp();
}, 300_000);

afterAll(async () => {
  await replicaAdmin?.end().catch(() => undefined);
  await database?.close();
  await replica?.stop();
  await primary?.stop();
});

describe('routing', () => {
  it('sends readDb to the replica and db to the primary', async () => {
    expect(await whoAnswers(database.readDb)).toEqual({ port: replica.port, recovery: true });
    expect(await whoAnswers(database.db)).toEqual({ port: primary.port, recovery: false });
  });

  it('cannot write through readDb: the replica refuses it', async () => {
    await expect(sql`INSERT INTO age_group (code, name_zh) VALUES ('x', 'x')`.execute(database.readDb)).rejects.toThrow(/read-only/);
  });

  it('counts replica reads', async () => {
    const before = database.replicas!.stats().replicaReads[0]!;
    await readValue(database.readDb);
    expect(database.replicas!.stats().replicaReads[0]).toBe(before + 1);
  });

  it('classifies statements as writes conservatively', () => {
    const cases: [string, boolean][] = [
      ['select 1', false],
      ['  SELECT * FROM data_value', false],
      ['insert into x values (1)', true],
      ['\n  UPDATE x SET a = 1', true],
      ['/* c */ delete from x', true],
      ['-- c\nCOPY x FROM STDIN', true],
      ['WITH a AS (SELECT 1) SELECT * FROM a', false],
      ['WITH w AS (INSERT INTO x VALUES (1) RETURNING 1) SELECT * FROM w', true],
      ['create temp table t (a int)', true],
    ];
    for (const [text, expected] of cases) expect([text, isWriteStatement(text)]).toEqual([text, expected]);
  });
});

describe('read-your-writes', () => {
  it('shows the writer the new value while the replica is stale; others see the replica', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      await runInReadSession('alice', () => write('alice', 42));
      expect(database.replicas!.pendingLsn('alice')).toBeDefined();

      // alice: from the primary, because the replica has not replayed her write.
      expect(await runInReadSession('alice', () => readValue(database.readDb))).toEqual({ value: 42, port: primary.port });
      // bob (and anonymous reads): the replica, which still has the old value — it is stale.
      expect(await runInReadSession('bob', () => readValue(database.readDb))).toEqual({ value: 41, port: replica.port });
      expect(await readValue(database.readDb)).toEqual({ value: 41, port: replica.port });
    } finally {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    }
    await replicaCatchesUp();
    // Replayed: alice is back on the replica, which now has her value, and her LSN is forgotten.
    expect(await runInReadSession('alice', () => readValue(database.readDb))).toEqual({ value: 42, port: replica.port });
    expect(database.replicas!.pendingLsn('alice')).toBeUndefined();
  });

  it('a session named after authentication (setReadSessionKey) is tracked the same way', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      const seen = await runInReadSession(undefined, async () => {
        setReadSessionKey('carol');
        await write('carol', 43);
        return readValue(database.readDb);
      });
      expect(seen).toEqual({ value: 43, port: primary.port });
    } finally {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    }
    await replicaCatchesUp();
  });

  it('a write inside a transaction is seen by its writer right after the commit', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      const seen = await runInReadSession('dave', async () => {
        await database.db.transaction().execute((trx) => new DataValueRepository(trx).upsert([{ ...KEY, value: 44 }], { actor: 'dave' }));
        return readValue(database.readDb);
      });
      expect(seen).toEqual({ value: 44, port: primary.port });
    } finally {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    }
    await replicaCatchesUp();
  });

  it('never shows the writer a stale value while the replica streams (100 write-then-read rounds)', async () => {
    const ports = new Set<number>();
    await runInReadSession('erin', async () => {
      for (let i = 0; i < 100; i++) {
        await write('erin', 1000 + i);
        const seen = await readValue(database.readDb);
        expect(seen.value).toBe(1000 + i);
        ports.add(seen.port);
      }
    });
    // Every answer came from one of the two servers; which one depends on the replica's lag.
    for (const port of ports) expect([primary.port, replica.port]).toContain(port);
  });
});
