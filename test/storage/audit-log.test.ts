import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedBasics } from '../support/factories.js';

let t: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedBasics(t.db);
  repos = createRepositories(t.db);
  await repos.audit.append([
    { actor: 'alice', action: 'login', entity: 'user', entityKey: 'alice' },
    { actor: 'bob', action: 'submit', entity: 'workflow', entityKey: 'DS1|130102|2024', region: '130102', period: '2024', newValue: { state: 'submitted' } },
    { actor: 'carol', action: 'approve', entity: 'workflow', entityKey: 'DS1|130100|2024', region: '130100', period: '2024', reason: '审核通过' },
    { actor: 'dan', action: 'approve', entity: 'workflow', entityKey: 'DS1|110101|2024', region: '110101', period: '2024' },
  ]);
});
afterAll(() => t?.dispose());

describe(`audit log on ${testEngine()}`, () => {
  it('derives the distribution key from the region, 000000 when there is none', async () => {
    const rows = await repos.audit.query({ limit: 10 });
    expect(rows.map((r) => [r.actor, r.provinceCode])).toEqual([
      ['dan', '110000'],
      ['carol', '130000'],
      ['bob', '130000'],
      ['alice', '000000'],
    ]);
    expect(rows[2]!.newValue).toEqual({ state: 'submitted' });
  });

  it.each([
    ['UPDATE', sql`UPDATE audit_log SET actor = 'mallory'`],
    ['DELETE', sql`DELETE FROM audit_log WHERE actor = 'alice'`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('refuses %s at the database level', async (op, statement) => {
    await expect(statement.execute(t.db)).rejects.toMatchObject({
      message: `audit_log is append-only: ${op} is not allowed`,
      code: '42501',
    });
    expect(await repos.audit.count()).toBe(4);
  });

  it('queries by entity key, region, subtree, actor and time', async () => {
    expect((await repos.audit.query({ entity: 'workflow', entityKey: 'DS1|130102|2024' })).map((r) => r.actor)).toEqual(['bob']);
    expect((await repos.audit.query({ region: '130100' })).map((r) => r.actor)).toEqual(['carol']);
    // 河北省 subtree: 石家庄市 (130100) and 长安区 (130102), not 东城区 (110101).
    expect((await repos.audit.query({ within: '130000' })).map((r) => r.actor)).toEqual(['carol', 'bob']);
    expect((await repos.audit.query({ actor: 'alice' })).map((r) => r.entity)).toEqual(['user']);
    const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(t.db);
    const later = new Date(rows[0]!.now.getTime() + 60_000);
    expect(await repos.audit.query({ from: later })).toEqual([]);
    expect(await repos.audit.query({ to: later })).toHaveLength(4);
  });

  it('pages newest first with a keyset', async () => {
    const first = await repos.audit.query({ limit: 3 });
    const rest = await repos.audit.query({ limit: 3, beforeId: first[2]!.id });
    expect([...first, ...rest].map((r) => r.actor)).toEqual(['dan', 'carol', 'bob', 'alice']);
  });
});
