/**
 * The dashboards' data epoch (migration 0050) and the reads that span provinces: the epoch
 * changes with every committed build, refresh, bump and publication, never with a read or a
 * rolled-back bump, and — on a server — also when transactions commit in the opposite order
 * to the one they drew their numbers in. The nation's map reads the judgements of every
 * province in one go and still lists a province without a build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardRefresher, mapView, rankingView, type ReadContext } from '../../src/services/dashboard/index.js';
import { EvaluationService } from '../../src/services/evaluation/index.js';
import { createRepositories } from '../../src/storage/index.js';
import { bumpDashboardEpoch, readDashboardEpoch } from '../../src/storage/repositories/dashboard.epoch.js';
import { SYSTEM_DASHBOARD_SCOPE } from '../../src/storage/repositories/dashboard.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { region } from '../support/factories.js';
import { seedDashboardWorld } from './dashboard.fixtures.js';

let t: TestDatabase;
let ctx: ReadContext;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDashboardWorld(t.db);
  // A second province without data or build: the nation's map must still list it.
  await createRepositories(t.db).regions.upsertMany([region('140000', '山西省', 'province', '000000'), region('140100', '太原市', 'prefecture', '140000')]);
  ctx = { db: t.db, readDb: t.db, scope: SYSTEM_DASHBOARD_SCOPE };
});
afterAll(() => t?.dispose());

describe(`dashboard epoch on ${testEngine()}`, () => {
  it('changes with a build, a bump and a publication; not with a read or a rolled-back bump', async () => {
    const start = await readDashboardEpoch(t.db);
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    const built = await readDashboardEpoch(t.db);
    expect(built).not.toBe(start);
    await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025', framework: 'test-plan' });
    expect(await readDashboardEpoch(t.db)).toBe(built);
    await t.db.transaction().execute(async (trx) => {
      await bumpDashboardEpoch(trx, '130000');
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(await readDashboardEpoch(t.db)).toBe(built);
    await t.db.transaction().execute((trx) => bumpDashboardEpoch(trx, '130000'));
    const bumped = await readDashboardEpoch(t.db);
    expect(BigInt(bumped)).toBeGreaterThan(BigInt(built));
    await new EvaluationService(t.db).run({ framework: 'test-plan', region: '130000', year: 2024, actor: 'test', publish: true, methods: ['trajectory'] });
    expect(BigInt(await readDashboardEpoch(t.db))).toBeGreaterThan(BigInt(bumped));
  });

  it.runIf(testEngine() === 'postgres')('changes when the transaction that drew the smaller number commits last', async () => {
    // Two transactions of different provinces: T1 draws first, T2 second; T2 commits, then T1.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let drawn!: () => void;
    const t1Drawn = new Promise<void>((resolve) => (drawn = resolve));
    const t1 = t.db.transaction().execute(async (trx) => {
      await bumpDashboardEpoch(trx, '140000');
      drawn();
      await gate;
    });
    await t1Drawn;
    await t.db.transaction().execute((trx) => bumpDashboardEpoch(trx, '130000'));
    const afterT2 = await readDashboardEpoch(t.db);
    release();
    await t1;
    expect(await readDashboardEpoch(t.db)).not.toBe(afterT2);
  });
});

describe(`reads across provinces on ${testEngine()}`, () => {
  it('maps the nation: each province with its figure and its own target status, a province without a build as a gap', async () => {
    const map = await mapView(ctx, { indicator: 'IMR', region: '000000', period: '2025', framework: 'test-plan' });
    expect(map.items.map((i) => i.region.code)).toEqual(['130000', '140000']);
    // 河北: (4 + 3 + 5 + 6 + 4) deaths / 5000 births × 1000 = 4.4‰ ≤ 4.5 → attained.
    expect(map.items[0]!.figure!.value).toBeCloseTo(4.4, 12);
    expect(map.items[0]!.target).toMatchObject({ status: 'attained', value: 4.5 });
    expect(map.items[1]).toMatchObject({ figure: null, target: null });
  });

  it('ranks the counties under the nation by level, not through the closure', async () => {
    // Same five counties as under 河北 (IMR 4, 3, 5, 6, 4 ‰): 130104 1st, 130102 and 130203 2nd.
    const ranking = await rankingView(ctx, { region: '000000', by: 'indicator', indicator: 'IMR', period: '2025', level: 'county', limit: 3 });
    expect(ranking.total).toBe(5);
    expect(ranking.items.map((i) => [i.region.code, i.rank])).toEqual([['130104', 1], ['130102', 2], ['130203', 2]]);
  });
});
