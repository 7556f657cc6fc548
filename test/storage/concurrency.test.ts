/**
 * Real concurrent writers, which only a PostgreSQL server has (PGlite runs one session):
 * a value inserted by another transaction between our read and our write must surface as a
 * conflict, never as an overwrite with a wrong audit trail.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedBasics } from '../support/factories.js';

let t: TestDatabase;
let repos: Repositories;

describe.runIf(testEngine() === 'postgres')('concurrent writers on a server', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedBasics(t.db);
    repos = createRepositories(t.db);
  });
  afterAll(() => t?.dispose());

  async function waitUntilBlocked(other: pg.Client): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await other.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the writer never blocked');
  }

  it.each(['row', 'bulk'] as const)('a concurrent insert of the same key is a conflict (%s path)', async (path) => {
    const period = path === 'row' ? '2024' : '2025';
    const rival = new pg.Client({ connectionString: t.url });
    await rival.connect();
    try {
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO data_value (province_code, region_code, period, data_element_id, value, created_by, updated_by)
         SELECT '130000', '130102', $1, id, 50, 'rival', 'rival' FROM data_element WHERE code = 'POP'`,
        [period],
      );
      const ours = repos.dataValues.upsert([{ dataElement: 'POP', region: '130102', period, value: 60 }], { actor: 'us' }, { path });
      const settled = ours.then(() => 'written', (e: { code?: string }) => e.code);
      await waitUntilBlocked(rival);
      await rival.query('COMMIT');
      expect(await settled).toBe('VITALS_E_CONFLICT');
    } finally {
      await rival.end();
    }
    expect(await repos.dataValues.get({ dataElement: 'POP', region: '130102', period })).toMatchObject({ value: 50, updatedBy: 'rival', version: 1 });
    expect(await repos.audit.count({ entity: 'data_value' })).toBe(0);
  });
});
