/**
 * The import's write side at scale: chunks written while later rows are read, first inserts
 * audited per batch (one row per province and chunk), updates per value, a late error rolling
 * back chunks already written, and the per-process reference-data cache seeing region changes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataValues, type ImportProgress } from '../../src/services/import/index.js';
import { referenceFingerprint } from '../../src/services/import/reference-loader.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedImport, tableCounts } from '../fixtures/import/seed.js';

let t: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedImport(t.db);
  repos = createRepositories(t.db);
});
afterAll(() => t?.dispose());

/** 2000M01 … 2024M12: 25 × 12 = 300 months. */
const MONTHS = Array.from({ length: 300 }, (_, i) => `${2000 + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`);
const key = (region: string, period: string) => `OUTPATIENT_VISITS|${region}|${period}|total|total|total`;

function csv(regions: readonly string[], extra: readonly string[] = []): Buffer {
  const lines = ['region,data_element,period,value'];
  let v = 10;
  for (const region of regions) for (const month of MONTHS) lines.push(`${region},OUTPATIENT_VISITS,${month},${v++}`);
  return Buffer.from([...lines, ...extra].join('\n') + '\n');
}

describe(`streamed import on ${testEngine()}`, () => {
  it('audits first inserts once per province and chunk, updates once per value', async () => {
    await repos.dataValues.upsert([{ dataElement: 'OUTPATIENT_VISITS', region: '130102', period: '2023M01', value: 1 }], { actor: 'seed' });
    // 4 regions × 300 months = 1,200 rows, in row order 110101, 130102, 130104, 130105.
    // Chunks of 1,000: chunk 1 = rows 1–1,000 (110101 × 300, 130102 × 300, 130104 × 300,
    // 130105's first 100 months: 2000M01 … 2008M04, as 8 × 12 + 4 = 100); chunk 2 = the other 200.
    // Chunk 1 has 1,000 values (bulk path), chunk 2 200 (row path): both paths are covered.
    const report = await importDataValues(t.db, { bytes: csv(['110101', '130102', '130104', '130105']), fileName: 'visits.csv' }, { actor: 'gina', writeChunkSize: 1000 });
    expect(report.status).toBe('committed');
    // 1,200 values, one of them (130102 2023M01) stored before: 1,199 inserted, 1 updated.
    expect(report.counts).toMatchObject({ read: 1200, valid: 1200, inserted: 1199, updated: 1, unchanged: 0 });
    // 130102 is the 2nd region: its 2023M01 is month index 23 × 12 = 276 → value 10 + 300 + 276 = 586.
    expect((await repos.dataValues.get({ dataElement: 'OUTPATIENT_VISITS', region: '130102', period: '2023M01' }))?.value).toBe(586);

    const audit = (await repos.audit.query({ batchId: report.batchId })).sort((a, b) => a.id - b.id);
    const summary = audit.map((a) => ({ province: a.provinceCode, action: a.action, key: a.entityKey, old: a.oldValue, new: a.newValue }));
    const batch = (count: number, firstKey: string, lastKey: string) => ({ batch: report.batchId, fileHash: report.file.hash, count, firstKey, lastKey, version: 1 });
    expect(summary).toEqual(expect.arrayContaining([
      // Chunk 1, Beijing: 300 inserts.
      { province: '110000', action: 'insert_batch', key: `batch ${report.batchId}`, old: null, new: batch(300, key('110101', '2000M01'), key('110101', '2024M12')) },
      // Chunk 1, Hebei: 300 + 300 + 100 − 1 (the update) = 699 inserts.
      { province: '130000', action: 'insert_batch', key: `batch ${report.batchId}`, old: null, new: batch(699, key('130102', '2000M01'), key('130105', '2008M04')) },
      // Chunk 2, Hebei: 130105's months 101–300.
      { province: '130000', action: 'insert_batch', key: `batch ${report.batchId}`, old: null, new: batch(200, key('130105', '2008M05'), key('130105', '2024M12')) },
      expect.objectContaining({ province: '130000', action: 'update', key: key('130102', '2023M01'), old: expect.objectContaining({ value: 1, version: 1 }), new: expect.objectContaining({ value: 586, version: 2 }) }),
    ]));
    expect(audit).toHaveLength(4);
    // Every first insert is recoverable from data_value: version 1, by gina, in the batch's transaction.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM data_value WHERE row_version = 1 AND created_by = 'gina'
        AND created_at = (SELECT occurred_at FROM audit_log WHERE id = ${audit[0]!.id})`.execute(t.db);
    expect(rows[0]!.n).toBe(1199);

    // Re-import: every value unchanged, nothing written, no audit row.
    const before = await tableCounts(t.db);
    const again = await importDataValues(t.db, { bytes: csv(['110101', '130102', '130104', '130105']), fileName: 'visits.csv' }, { actor: 'gina', writeChunkSize: 1000 });
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 1200 });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('an error in the last row rolls back the chunks already written', async () => {
    const before = await tableCounts(t.db);
    const events: ImportProgress[] = [];
    // 300 good rows of 220104, then a row naming an unknown region (row 302: header is row 1).
    const report = await importDataValues(t.db, { bytes: csv(['220104'], ['999999,OUTPATIENT_VISITS,2024M01,5']), fileName: 'late-error.csv' }, {
      actor: 'hank', writeChunkSize: 100, onProgress: (p) => events.push(p),
    });
    expect(report.status).toBe('rejected');
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.row])).toEqual([['VITALS_E_UNKNOWN_REGION', 302]]);
    // Chunks 1–3 (rows 2–301) were written before row 302 was read: the write events say so.
    expect(Math.max(...events.filter((e) => e.phase === 'write').map((e) => e.done))).toBeGreaterThanOrEqual(200);
    expect(report.counts).toMatchObject({ inserted: 0, updated: 0 });
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await repos.dataValues.get({ dataElement: 'OUTPATIENT_VISITS', region: '220104', period: '2000M01' })).toBeUndefined();
    expect((await repos.importBatches.get(report.batchId))?.status).toBe('rejected');
  });

  it('a conflicting repeat late in the file rejects the file, chunks written before it included', async () => {
    const before = await tableCounts(t.db);
    // Row 2 is 110105 2000M01 = 10; the repeat at row 302 says 11.
    const report = await importDataValues(t.db, { bytes: csv(['110105'], ['110105,OUTPATIENT_VISITS,2000M01,11']), fileName: 'late-conflict.csv' }, { actor: 'hank', writeChunkSize: 100 });
    expect(report.status).toBe('rejected');
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.row])).toEqual([['VITALS_E_DUPLICATE_CONFLICT', 302]]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('the cached reference data follows region changes', async () => {
    const file = () => ({ bytes: Buffer.from('region,data_element,period,value\n130106,POP,2024,5\n'), fileName: 'new-region.csv' });
    const first = await importDataValues(t.db, file(), { actor: 'ivy' });
    expect(first.problems.map((p) => p.code)).toEqual(['VITALS_E_UNKNOWN_REGION']);
    const unchanged = await referenceFingerprint(t.db);
    expect(await referenceFingerprint(t.db)).toBe(unchanged);
    await repos.regions.upsertMany([{ code: '130106', name: '测试区', level: 'county', parentCode: '130100', validFrom: '1980-01-01', validTo: null }]);
    expect(await referenceFingerprint(t.db)).not.toBe(unchanged);
    const second = await importDataValues(t.db, file(), { actor: 'ivy' });
    expect(second.status).toBe('committed');
    expect(second.counts).toMatchObject({ inserted: 1 });
    // A change that does not touch updated_at is seen too.
    const before = await referenceFingerprint(t.db);
    await sql`UPDATE region SET valid_from = '2030-01-01' WHERE code = '130106'`.execute(t.db);
    expect(await referenceFingerprint(t.db)).not.toBe(before);
    const third = await importDataValues(t.db, { bytes: Buffer.from('region,data_element,period,value\n130106,POP,2025,6\n'), fileName: 'inactive.csv' }, { actor: 'ivy' });
    expect(third.status).toBe('rejected');
  });
});
