/**
 * Read-your-writes through HTTP (issue 6): the real app (`buildApp` + `app.inject`) on a real
 * primary with a real streaming replica, as in replica.test.ts. Every /api/v1 request runs in a
 * read session named after the signed-in actor (src/http/plugins/read-session.ts), so:
 *
 * - a reviewer who gives the final approval (a write on the primary, body-parsed POST) and at
 *   once reads the data through HTTP sees it final, even while the replica's replay is paused;
 * - another signed-in user, and an anonymous visitor, are answered by the stale replica (so the
 *   check is not vacuous) — anonymous requests share no read session.
 *
 * Which server answered is observed through `ReplicaRouter.stats()` (reads per server) and the
 * stale answer itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from '../../bench/pg-cluster.js';
import { makeActor } from '../../src/core/access/index.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { DataSetService } from '../../src/services/reporting/dataset.service.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { UserService } from '../../src/services/users/index.js';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { DataValueRepository } from '../../src/storage/index.js';
import { parseLsn } from '../../src/storage/replicas.js';
import { seedBasics } from '../support/factories.js';
import { MX_FORM } from '../http/reporting.fixtures.js';

const PASSWORD = 'Replica-Test-Passw0rd';
/** Inside MX_FORM's window for period 2025 (it opens 400 days before the year ends and closes 400 after). */
const NOW = new Date('2026-03-02T08:00:00Z');
const FORM = { dataSet: 'MX_FORM', region: '130102', period: '2025' } as const;
const DATA_PATH = `/data-values?region=${FORM.region}&period=${FORM.period}&dataElement=LIVE_BIRTHS`;

let primary: PgCluster;
let replica: PgCluster;
let database: Database;
let replicaAdmin: pg.Client;
let app: FastifyInstance;
let dataDir: string;

/** A cookie-jar client over `app.inject`, sending the CSRF header on unsafe methods like the web app. */
class Client {
  private readonly cookies = new Map<string, string>();
  async call(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('vitals_csrf');
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const response = await app.inject({ method, url: `/api/v1${path}`, headers, ...(body !== undefined ? { payload: body } : {}) });
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }
  static async login(username: string): Promise<Client> {
    const client = new Client();
    const response = await client.call('POST', '/auth/login', { username, password: PASSWORD });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
    return client;
  }
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

const stateOf = (response: LightMyRequestResponse): string => {
  expect(response.statusCode, response.body).toBe(200);
  const items = response.json<{ items: Array<{ workflowState: string; value: number }> }>().items;
  expect(items).toHaveLength(1);
  return items[0]!.workflowState;
};

beforeAll(async () => {
  primary = await startCluster({ settings: { fsync: 'off', wal_level: 'replica', max_wal_senders: 4 } });
  replica = await startCluster({ replicaOf: primary, settings: { fsync: 'off', hot_standby: 'on' } });
  database = await openDatabase({ databaseUrl: primary.url(), replicaUrls: [replica.url()], poolMax: 4 });
  replicaAdmin = new pg.Client({ connectionString: replica.url() });
  await replicaAdmin.connect();
  const db = database.db;
  const now = () => NOW;
  await seedBasics(db);
  const actor = (id: string, roles: string[], capture: string[]) => makeActor({ id, roles, captureScope: capture, viewScope: capture });
  await new DataSetService({ db, now }).save(actor('setup-planner', ['planner'], ['000000']), { definition: MX_FORM, ownerRegion: '000000' });
  await new DataValueRepository(db).upsert([{ dataElement: 'LIVE_BIRTHS', region: FORM.region, period: FORM.period, value: 5 }], { actor: 'setup' });
  // Submitted by the county, approved by the city: the province's approval makes it final.
  const workflow = new WorkflowService({ db, now });
  const submitted = await workflow.act(actor('setup-reporter', ['reporter'], ['130102']), FORM, { action: 'submit', expectedVersion: 0 });
  await workflow.act(actor('setup-city', ['reviewer'], ['130100']), FORM, { action: 'approve', expectedVersion: submitted.status.version });
  const users = new UserService(db, now);
  await users.create({ username: 'hebei.reviewer', displayName: '省审核员', roles: ['reviewer'], captureScope: ['130000'], viewScope: ['130000'], password: PASSWORD }, { actorId: 'setup' });
  await users.create({ username: 'hebei.analyst', displayName: '省分析员', roles: ['analyst'], viewScope: ['130000'], password: PASSWORD }, { actorId: 'setup' });
  dataDir = mkdtempSync(join(tmpdir(), 'vitals-replica-http-'));
  app = await buildApp({ config: loadConfig({}, { dataDir, loadDemo: false, logLevel: 'silent' }), database, logger: false, now });
  await replicaCatchesUp();
}, 300_000);

afterAll(async () => {
  await app?.close();
  await replicaAdmin?.end().catch(() => undefined);
  await database?.close();
  await replica?.stop();
  await primary?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('read-your-writes through HTTP', () => {
  it('the approver sees the final approval at once while the replica is stale; others read the replica', async () => {
    const reviewer = await Client.login('hebei.reviewer');
    const analyst = await Client.login('hebei.analyst');
    const anonymous = new Client();
    const status = await reviewer.call('GET', `/datasets/${FORM.dataSet}/forms/${FORM.region}/${FORM.period}/workflow`);
    expect(status.statusCode, status.body).toBe(200);
    const version = status.json<{ status: { state: string; version: number } }>().status;
    expect(version.state).toBe('approved');
    // Logins write (sessions, audit) but anonymously: nobody waits for them.
    expect(database.replicas!.pendingLsn('hebei.reviewer')).toBeUndefined();
    await replicaCatchesUp();
    expect(stateOf(await analyst.call('GET', DATA_PATH))).toBe('approved');

    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      const approved = await reviewer.call('POST', `/datasets/${FORM.dataSet}/forms/${FORM.region}/${FORM.period}/workflow`, { action: 'approve', expectedVersion: version.version });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json<{ status: { state: string } }>().status.state).toBe('final');
      // The write was recorded for the reviewer's session (the POST's handler ran inside it).
      expect(database.replicas!.pendingLsn('hebei.reviewer')).toBeDefined();

      const before = database.replicas!.stats();
      // The reviewer: from the primary, which has the approval.
      expect(stateOf(await reviewer.call('GET', DATA_PATH))).toBe('final');
      const afterReviewer = database.replicas!.stats();
      expect(afterReviewer.primaryReads).toBeGreaterThan(before.primaryReads);
      // The analyst: from the paused replica, which still shows the city's approval — stale.
      expect(stateOf(await analyst.call('GET', DATA_PATH))).toBe('approved');
      // Anonymous: no session key, so the replica (and nothing pending is created for it).
      const health = await anonymous.call('GET', '/health');
      expect(health.statusCode, health.body).toBe(200);
      const afterAnonymous = database.replicas!.stats();
      expect(afterAnonymous.replicaReads[0]!).toBeGreaterThan(afterReviewer.replicaReads[0]!);
      expect(afterAnonymous.primaryReads).toBe(afterReviewer.primaryReads);
    } finally {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    }
    await replicaCatchesUp();
    // Replayed: everyone sees the approval, and the reviewer's position is forgotten.
    expect(stateOf(await analyst.call('GET', DATA_PATH))).toBe('final');
    expect(stateOf(await reviewer.call('GET', DATA_PATH))).toBe('final');
    expect(database.replicas!.pendingLsn('hebei.reviewer')).toBeUndefined();
  });
});
