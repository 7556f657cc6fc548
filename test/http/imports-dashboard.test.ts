/**
 * An HTTP import of final values refreshes the dashboards in its own transaction: the map's
 * figure for the region changes in the very next request (the import route wires
 * `refreshDashboardsBeforeCommit` as the import's `beforeCommit` hook).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixDashboardFixture } from './dashboard.fixtures.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let reporter: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await matrixDashboardFixture({ server: { db: server.db } });
  reporter = await loginAs(server, { username: 'beds-reporter', roles: ['reporter'], captureScope: ['130100'], viewScope: ['130000'] });
});
afterAll(() => server?.close());

const MAP = '/dashboard/map?indicator=MX_BEDS_RATE&region=130000&period=2024&level=county';
const figureOf = async (region: string) => {
  const res = await reporter.get(MAP);
  expect(res.status).toBe(200);
  return res.body.items.find((i: { region: { code: string } }) => i.region.code === region)?.figure?.value as number | undefined;
};

describe('POST /imports refreshes the dashboards', () => {
  it('changes the map figure of the region whose values were imported', async () => {
    // The fixture: 130102 has 600 beds for 100,000 people → 600 / 100,000 × 1,000 = 6 per 1,000.
    expect(await figureOf('130102')).toBeCloseTo(6, 9);
    const res = await reporter.post('/imports?fileName=beds.csv', undefined, { raw: 'region,data_element,period,value\n130102,BEDS,2024,700\n', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'committed', counts: { updated: 1 } });
    // 700 / 100,000 × 1,000 = 7 per 1,000.
    expect(await figureOf('130102')).toBeCloseTo(7, 9);
    // 130104 was not imported: 500 / 80,000 × 1,000 = 6.25 still.
    expect(await figureOf('130104')).toBeCloseTo(6.25, 9);
  });
});
