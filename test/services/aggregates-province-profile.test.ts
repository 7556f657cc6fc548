/**
 * Issue 6's consistency check on the benchmark's `province` profile: series drawn by the seeded
 * generator of `bench/` (trends, seasons, noise, gaps, outliers) over the real division codes of
 * Hebei's capital 石家庄 — its counties and townships — rolled up to the province and the nation,
 * then changed cell by cell and refreshed incrementally. After every refresh the stored table must
 * equal a full recomputation (`AggregateService.verify`). Two years keep it fast enough for CI;
 * the full profile runs in `npm run bench` (bench/RESULTS.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileGroups, seriesCells } from '../../bench/generate.js';
import { PROFILES, benchDataElements, seriesOf } from '../../bench/profiles.js';
import { loadRegions } from '../../src/content/index.js';
import { Rng } from '../../src/content/random.js';
import type { DataValueInput } from '../../src/storage/repositories/data-value.types.js';
import { AggregateService } from '../../src/services/evaluation/index.js';
import { createRepositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { dataElement } from '../support/factories.js';

const PROFILE = { ...PROFILES.province, firstYear: 2024, lastYear: 2025 };
const CITY = '130100';
const COUNTY_ELEMENTS = ['LIVE_BIRTHS_MONTHLY', 'INFANT_DEATHS_MONTHLY'];

let t: TestDatabase;
let service: AggregateService;
let values: DataValueInput[];

beforeAll(async () => {
  t = await createTestDatabase();
  const repos = createRepositories(t.db);
  const group = profileGroups(PROFILE).find((g) => g.code === CITY)!;
  const leaves = new Set(group.leaves.map((l) => l.code));
  // The city's chain and leaves, with the nation above (the roll-up goes all the way up).
  const regions = loadRegions({ townships: true }).filter((r) => r.code === '000000' || r.code === '130000' || r.code === CITY || leaves.has(r.code));
  await repos.regions.upsertMany(regions.map((r) => ({ ...r, validFrom: '2016-01-01' })));
  const township = benchDataElements(PROFILE).find((e) => e.code === 'BENCH_T001')!;
  await repos.metadata.upsertDataElements([
    dataElement('LIVE_BIRTHS_MONTHLY', '活产数（月）', { periodType: 'month', aggregation: 'sum' }),
    dataElement('INFANT_DEATHS_MONTHLY', '婴儿死亡数（月）', { periodType: 'month', aggregation: 'sum' }),
    township,
  ]);
  const { county, township: townshipSeries } = seriesOf(PROFILE);
  values = [];
  for (const leaf of group.leaves) {
    const series = leaf.level === 'county' ? county.filter((s) => COUNTY_ELEMENTS.includes(s.code)) : townshipSeries.slice(0, 1);
    for (const s of series) for (const cell of seriesCells(s, leaf, PROFILE)) if (cell.value !== null) values.push({ dataElement: s.code, region: leaf.code, period: cell.period, value: cell.value });
  }
  await repos.dataValues.upsert(values, { actor: 'bench-generator' });
  service = new AggregateService(t.db);
}, 300_000);

afterAll(() => t?.dispose());

describe(`aggregates on the province profile (${testEngine()})`, () => {
  it('a full rebuild of the generated data equals its recomputation, up to the nation', async () => {
    const report = await service.rebuild({ region: '130000' });
    expect(report.values).toBe(values.length);
    const check = await service.verify('130000');
    expect(check).toMatchObject({ ok: true, differences: 0 });
    expect(check.compared).toBeGreaterThan(values.length); // leaves + city + province + nation × every coarser period
    expect((await service.verify('000000')).ok).toBe(true);
  });

  it('after seeded random changes, each refreshed on its own, incremental equals full', async () => {
    const rng = Rng.for(PROFILE.seed, 'consistency');
    for (let i = 0; i < 6; i++) {
      const changed = values[Math.floor(rng.next() * values.length)]!;
      const value = !changed.value ? 1 : Math.round(changed.value * (1.5 + rng.next())); // always a different value
      await createRepositories(t.db).dataValues.upsert([{ ...changed, value }], { actor: 'reviewer' });
      // The check can fail: before the refresh the stored roll-ups predate the change.
      expect((await service.verify('130000')).ok).toBe(false);
      await service.refreshAffected(changed.dataElement, changed.region, changed.period);
      expect(await service.verify('130000')).toMatchObject({ ok: true, differences: 0 });
      expect((await service.verify('000000')).ok).toBe(true);
    }
  });
});
