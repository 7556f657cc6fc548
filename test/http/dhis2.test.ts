/**
 * DHIS2-compatible `POST /api/v1/dataValueSets`. Payload shapes are DHIS2's own test payloads
 * (dhis2-core `dataValueSetJ.json`, `dataValueSetCreateDate*.json`, `dataValueSetG.xml` and
 * `dataValueSetE.xml` rewritten as JSON; see /work/shared/reference/dhis2-samples), with DHIS2
 * UIDs replaced by Vitals codes, since Vitals identifies by code (idScheme=CODE):
 * f7n9E0hX8qk (DE_A) → MCH_BIRTHS, and, for the CreateDate pair, MCH_ANC_VISITS, DiszpKrYNg8 (OU_A)
 * → 130102, j7Hg26FpoIa (OU_C, outside the user's hierarchy) → 130202; periods 2012 → 2025.
 * Expected counts follow EXPECTATIONS.md, classic (2.42) convention, as docs/api.md states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/storage/index.js';
import { createToken, loginAs, startTestServer, tokenClient, type ApiClient, type TestServer } from './helpers.js';
import { FORM, seedReporting } from './reporting.fixtures.js';

let server: TestServer;
let reporter: ApiClient;
const values = () => createRepositories(server.db).dataValues;

beforeAll(async () => {
  server = await startTestServer({ seed: (db) => seedReporting(db), start: new Date('2025-02-05T01:00:00Z') });
  // A city reporter: capture scope 石家庄 (130102 inside, 130202 唐山 outside).
  reporter = await loginAs(server, { username: 'dhis2-client', roles: ['reporter'], captureScope: ['130100'] });
});
afterAll(() => server?.close());

const J = { dataValues: [{ period: '202501', orgUnit: '130102', dataElement: 'MCH_BIRTHS', value: '10' }] };

describe('POST /dataValueSets', () => {
  it('imports J into an empty database: imported 1 (DHIS2 classic 1/0/0), then J again is ignored', async () => {
    let res = await reporter.post('/dataValueSets', J);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ httpStatusCode: 200, status: 'OK', response: { responseType: 'ImportSummary', status: 'SUCCESS', importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 }, conflicts: [] } });
    expect((await values().get({ dataElement: 'MCH_BIRTHS', region: '130102', period: '2025M01' }))?.value).toBe(10);
    res = await reporter.post('/dataValueSets', J);
    expect(res.body.response.importCount).toEqual({ imported: 0, updated: 0, ignored: 1, deleted: 0 });
  });

  it('updates value and comment like CreateDate → CreateDateUpdated (supplied created/lastUpdated ignored)', async () => {
    const created = { dataValues: [{ dataElement: 'MCH_ANC_VISITS', period: '202501', orgUnit: '130102', value: '20', storedBy: 'system', created: '1988-12-21T23:59:38.000+0000', lastUpdated: '1988-12-21T23:59:38.000+0000', comment: null, followup: false }] };
    expect((await reporter.post('/dataValueSets', created)).body.response.importCount).toMatchObject({ imported: 1 });
    const updated = { dataValues: [{ ...created.dataValues[0], value: '22', comment: 'new comment' }] };
    const res = await reporter.post('/dataValueSets', updated);
    expect(res.body.response.importCount).toEqual({ imported: 0, updated: 1, ignored: 0, deleted: 0 });
    const stored = await values().get({ dataElement: 'MCH_ANC_VISITS', region: '130102', period: '2025M01' });
    expect(stored).toMatchObject({ value: 22, comment: 'new comment', createdBy: 'dhis2-client' });
    expect(stored!.createdAt.getFullYear()).toBeGreaterThan(1988);
  });

  it('G: unknown data elements and org unit — atomicMode=ALL writes nothing, NONE writes the valid value (classic 1/0/0/3)', async () => {
    const G = {
      dataValues: [
        { dataElement: 'nonEx1sting', period: '202502', orgUnit: '130104', value: '1' },
        { dataElement: 'nonEx1sting', period: '202502', orgUnit: '130104', value: '2' },
        { dataElement: 'MCH_BIRTHS', period: '202502', orgUnit: 'nonEx1sting', value: '3' },
        { dataElement: 'MCH_BIRTHS', period: '202502', orgUnit: '130104', value: '4' },
      ],
    };
    let res = await reporter.post('/dataValueSets', G);
    expect(res.status).toBe(409);
    expect(res.body.response.status).toBe('ERROR');
    expect(res.body.response.importCount).toEqual({ imported: 0, updated: 0, ignored: 4, deleted: 0 });
    expect(await values().find({ periods: ['2025M02'] })).toEqual([]);

    res = await reporter.post('/dataValueSets?atomicMode=NONE', G);
    expect(res.status).toBe(200);
    expect(res.body.response.status).toBe('WARNING');
    expect(res.body.response.importCount).toEqual({ imported: 1, updated: 0, ignored: 3, deleted: 0 });
    const codes = res.body.response.conflicts.map((c: { errorCode: string; indexes: number[] }) => [c.errorCode, c.indexes]);
    expect(codes).toEqual(expect.arrayContaining([['E7610', [0, 1]], ['E7612', [2]]]));
    expect((await values().find({ periods: ['2025M02'] })).map((v) => [v.region, v.value])).toEqual([['130104', 4]]);
  });

  it('E: values for an org unit outside the user hierarchy are conflicts (E7617), never written', async () => {
    const E = { dataValues: [
      { dataElement: 'MCH_BIRTHS', period: '202503', orgUnit: '130202', value: '1' },
      { dataElement: 'MCH_BIRTHS', period: '202503', orgUnit: '130105', value: '2' },
    ] };
    let res = await reporter.post('/dataValueSets', E);
    expect(res.status).toBe(409);
    expect(res.body.response.conflicts).toEqual([expect.objectContaining({ errorCode: 'E7617', indexes: [0] })]);
    res = await reporter.post('/dataValueSets?atomicMode=NONE', E);
    expect(res.body.response).toMatchObject({ status: 'WARNING', importCount: { imported: 1, ignored: 1 } });
    expect((await values().find({ periods: ['2025M03'] })).map((v) => v.region)).toEqual(['130105']);
  });

  it('refuses changes to a submitted form (the workflow lock holds for DHIS2 clients too)', async () => {
    const path = `/datasets/${FORM}/forms/130102/2025M01`;
    const submitted = await reporter.post(`${path}/workflow`, { action: 'submit', expectedVersion: (await reporter.get(path)).body.status.version });
    expect(submitted.status).toBe(200);
    const res = await reporter.post('/dataValueSets', { dataValues: [{ dataElement: 'MCH_BIRTHS', period: '202501', orgUnit: '130102', value: '11' }] });
    expect(res.status).toBe(409);
    expect(res.body.response.conflicts[0]).toMatchObject({ errorCode: 'VITALS_E_LOCKED', indexes: [0] });
    expect((await values().get({ dataElement: 'MCH_BIRTHS', region: '130102', period: '2025M01' }))?.value).toBe(10);
    // Sending the stored value again is not a change: ignored, not a conflict.
    expect((await reporter.post('/dataValueSets', J)).body.response).toMatchObject({ status: 'SUCCESS', importCount: { ignored: 1 } });
  });

  it('supports dryRun, DHIS2 ApiToken authentication and rejects unsupported strategies', async () => {
    const token = await createToken(reporter, { name: 'dhis2 script', permissions: ['data.write', 'data.read'] });
    const script = tokenClient(server, token);
    const payload = { dataValues: [{ dataElement: 'MCH_BIRTHS', period: '202504', orgUnit: '130104', value: '7' }] };
    let res = await script.post('/dataValueSets?dryRun=true', payload, { headers: { authorization: `ApiToken ${token}` } });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ importCount: { imported: 1 }, importOptions: { dryRun: true } });
    expect(await values().find({ periods: ['2025M04'] })).toEqual([]);
    res = await script.post('/dataValueSets?importStrategy=DELETE', payload);
    expect(res.status).toBe(409);
    expect(res.body.response.description).toMatch(/not supported/);
    res = await server.anonymous().post('/dataValueSets', payload);
    expect(res.status).toBe(401);
  });
});
