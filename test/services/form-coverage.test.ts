/**
 * Which values a form governs (migration 0060): a form takes over a value only for its element
 * cell, its period type, its reporting levels, and values written after it started collecting.
 * Everything else stays as loaded — final — so creating or editing a form never turns yearbook
 * baselines or provincial yearly figures into drafts nobody can approve.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSetService } from '../../src/services/reporting/dataset.service.js';
import { createRepositories } from '../../src/storage/index.js';
import { AggregateRepository } from '../../src/storage/repositories/aggregate.repository.js';
import { SYSTEM_SCOPE } from '../../src/storage/repositories/scope.repository.js';
import { findFinalDataValues } from '../../src/storage/repositories/workflow.repository.js';
import { FORM_DEFINITION, actors, reportingRegions } from '../http/reporting.fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { dataElement } from '../support/factories.js';

let t: TestDatabase;
const births = (region: string, period: string, value: number) => ({ dataElement: 'MCH_BIRTHS', region, period, value });
const write = (values: ReturnType<typeof births>[]) => createRepositories(t.db).dataValues.upsert(values, { actor: 'seed' });
const saveForm = () => new DataSetService({ db: t.db, now: () => new Date() }).save(actors.planner, { definition: FORM_DEFINITION, ownerRegion: '130000' });

/** Keys `region period` of the final MCH_BIRTHS values, by the view and by the aggregates' reader. */
async function finalKeys(): Promise<{ view: string[]; aggregates: string[] }> {
  const view = (await findFinalDataValues(t.db, SYSTEM_SCOPE, { dataElements: ['MCH_BIRTHS'] })).map((v) => `${v.region} ${v.period}`).sort();
  const id = (await t.db.selectFrom('data_element').select('id').where('code', '=', 'MCH_BIRTHS').executeTakeFirstOrThrow()).id;
  const aggregates = (await new AggregateRepository(t.db).readFinalValues({ provinceCode: '130000', dataElementIds: [id] })).map((v) => `${v.region} ${v.period}`).sort();
  return { view, aggregates };
}

async function stateOf(region: string, period: string): Promise<string> {
  const { rows } = await sql<{ workflow_state: string }>`SELECT workflow_state FROM data_value_state WHERE region_code = ${region} AND period = ${period}`.execute(t.db);
  return rows[0]!.workflow_state;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const repos = createRepositories(t.db);
  await repos.regions.upsertMany(reportingRegions());
  await repos.metadata.upsertDataElements([
    dataElement('MCH_BIRTHS', '活产数', { periodType: 'month' }),
    dataElement('MCH_INFANT_DEATHS', '婴儿死亡数', { periodType: 'month' }),
    dataElement('MCH_ANC_VISITS', '产前检查人次', { periodType: 'month', unit: '人次' }),
  ]);
  // Loaded before any form exists: a county month and the province's year.
  await write([births('130102', '2024M12', 100), births('130000', '2024', 1200)]);
  await saveForm(); // monthly, reported by counties
  // Written after: a county month (the form's), a city month (not a reporting level) and a
  // county year (not the form's period type).
  await write([births('130104', '2025M01', 101), births('130100', '2025M01', 500), births('130102', '2025', 1300)]);
});

afterAll(() => t?.dispose());

describe('form coverage: which values a form governs', () => {
  it('keeps values loaded before the form, and values outside its period type or levels, final', async () => {
    // Final: the two loaded before (2024M12, 2024), the city month, the county year.
    // Not final: 桥西区's January, written after the form, whose instance nobody approved.
    const expected = ['130000 2024', '130100 2025M01', '130102 2024M12', '130102 2025'];
    expect(await finalKeys()).toEqual({ view: expected, aggregates: expected });
    expect(await stateOf('130104', '2025M01')).toBe('draft');
    expect(await stateOf('130102', '2024M12')).toBe('none');
    expect(await stateOf('130100', '2025M01')).toBe('none');
  });

  it('keeps the collection date through an edit of the form', async () => {
    await saveForm(); // same definition, new revision: 桥西区's January stays under the form
    expect((await finalKeys()).view).not.toContain('130104 2025M01');
    expect(await stateOf('130104', '2025M01')).toBe('draft');
  });

  it('brings an old value under the form once it is written again', async () => {
    await write([births('130102', '2024M12', 102)]); // a correction after the form exists
    expect(await stateOf('130102', '2024M12')).toBe('draft');
    const { view, aggregates } = await finalKeys();
    expect(view).toEqual(['130000 2024', '130100 2025M01', '130102 2025']);
    expect(aggregates).toEqual(view);
  });
});
