/**
 * The reporting story through the real server over HTTP on a real PostgreSQL: a county reporter
 * enters a month with one outlier, explains it and submits; the city reviewer returns it with a
 * reason; the reporter corrects and resubmits; the city approves; the province gives final
 * approval; the values are now final. Plus concurrency and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createRepositories } from '../../src/storage/index.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';
import { FORM, seedReporting } from './reporting.fixtures.js';

let server: TestServer;
let reporter: ApiClient;
let cityReviewer: ApiClient;
let cityReviewer2: ApiClient;
let provinceReviewer: ApiClient;
let analyst: ApiClient;
let outsider: ApiClient;
const form = `/datasets/${FORM}/forms/130102/2025M01`;

beforeAll(async () => {
  // 5 February 2025, 09:00 in Beijing: January's form is open (31 Jan – 25 Feb), due 10 Feb.
  server = await startTestServer({ seed: (db) => seedReporting(db), start: new Date('2025-02-05T01:00:00Z') });
  // A year of history for 长安区 (births 95…106) and January for five peer districts (98…102).
  const history = Array.from({ length: 12 }, (_, i) => ({ dataElement: 'MCH_BIRTHS', region: '130102', period: `2024M${String(i + 1).padStart(2, '0')}`, value: 95 + i }));
  const peers = ['130104', '130105', '130107', '130108', '130109'].map((region, i) => ({ dataElement: 'MCH_BIRTHS', region, period: '2025M01', value: 98 + i }));
  await createRepositories(server.db).dataValues.upsert([...history, ...peers], { actor: 'seed' });
  [reporter, cityReviewer, cityReviewer2, provinceReviewer, analyst, outsider] = await Promise.all([
    loginAs(server, { username: 'reporter', roles: ['reporter'], captureScope: ['130102'] }),
    loginAs(server, { username: 'city-reviewer', roles: ['reviewer'], captureScope: ['130100'] }),
    loginAs(server, { username: 'city-reviewer-2', roles: ['reviewer'], captureScope: ['130100'] }),
    loginAs(server, { username: 'province-reviewer', roles: ['reviewer'], captureScope: ['130000'] }),
    loginAs(server, { username: 'analyst', roles: ['analyst'], viewScope: ['130100'] }),
    loginAs(server, { username: 'tangshan-reporter', roles: ['reporter'], captureScope: ['130202'] }),
  ]);
});

afterAll(() => server?.close());

async function act(client: ApiClient, path: string, action: string, expectedVersion: number, reason?: string) {
  return client.post(`${path}/workflow`, { action, expectedVersion, ...(reason ? { reason } : {}) });
}

describe('the reporting story over HTTP', () => {
  it('goes from an outlier to final data, with every step recorded', async () => {
    let res = await reporter.get(form);
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ state: 'draft', version: 0 });
    expect(res.body.allowedActions).toMatchObject({ mayEdit: true, maySubmit: true, mayApprove: false, mayReturn: false, mayReopen: false });
    expect(res.body.window).toMatchObject({ opensAt: '2025-01-31', dueAt: '2025-02-10', closesAt: '2025-02-25', open: true });
    expect(res.body.cells.map((c: { element: string; unit: string }) => [c.element, c.unit])).toEqual([['MCH_BIRTHS', '人'], ['MCH_INFANT_DEATHS', '人'], ['MCH_ANC_VISITS', '人次']]);

    res = await reporter.put(form, {
      expectedVersion: 0,
      values: [
        { element: 'MCH_BIRTHS', value: 300, comment: '<script>alert(1)</script>' },
        { element: 'MCH_INFANT_DEATHS', value: 2 },
        { element: 'MCH_ANC_VISITS', value: 410 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.status.version).toBe(1);
    const births = res.body.cells[0];
    expect(births.comment).toBe('<script>alert(1)</script>'); // stored and returned verbatim, as JSON
    expect(births.previousValue).toBe(106);
    expect(births.flags.map((f: { method: string }) => f.method).sort()).toEqual(['history_modified_z', 'peer_modified_z', 'period_change']);
    expect(res.body.blockers).toHaveLength(1);

    res = await act(reporter, form, 'submit', 1);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VITALS_E_SUBMISSION_BLOCKED');
    expect(res.body.error.details.blockers[0].kind).toBe('unexplained_outlier');

    res = await reporter.put(form, { expectedVersion: 1, values: [{ element: 'MCH_BIRTHS', value: 300, explanation: '新院区投入使用，分娩量增加' }] });
    expect(res.status).toBe(200);
    expect(res.body.blockers).toEqual([]);
    res = await act(reporter, form, 'submit', 2);
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ state: 'submitted', version: 3 });
    expect(res.body.allowedActions.mayEdit).toBe(false);

    res = await reporter.put(form, { expectedVersion: 3, values: [{ element: 'MCH_ANC_VISITS', value: 400 }] });
    expect(res.status).toBe(423);
    expect(res.body.error.code).toBe('VITALS_E_LOCKED');

    res = await cityReviewer.get('/inbox');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ region: '130102', period: '2025M01', reasons: ['awaiting_my_action'], state: 'submitted' })]);
    res = await cityReviewer.get(form);
    expect(res.body.allowedActions).toMatchObject({ mayApprove: true, mayReturn: true, mayEdit: false });
    expect(res.body.cells[0].explanation).toBe('新院区投入使用，分娩量增加');

    res = await act(cityReviewer, form, 'return', 3);
    expect(res.status).toBe(400);
    res = await act(cityReviewer, form, 'return', 3, '产前检查人次偏高，请核实');
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ state: 'returned', version: 4 });

    res = await reporter.get('/inbox');
    expect(res.body.items.find((i: { period: string }) => i.period === '2025M01').reasons).toContain('returned_to_me');
    res = await reporter.put(form, { expectedVersion: 4, values: [{ element: 'MCH_ANC_VISITS', value: 395 }] });
    expect(res.status).toBe(200);
    res = await act(reporter, form, 'submit', 5);
    expect(res.status).toBe(200);

    res = await act(provinceReviewer, form, 'approve', 6);
    expect(res.status).toBe(403); // the province acts after the city
    res = await act(cityReviewer, form, 'approve', 6);
    expect(res.body.status).toMatchObject({ state: 'approved', approvals: 1, version: 7 });
    res = await provinceReviewer.get('/inbox');
    expect(res.body.counts.awaiting_my_action).toBe(1);
    res = await act(provinceReviewer, form, 'approve', 7);
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ state: 'final', approvals: 2, version: 8 });

    res = await analyst.get('/data-values?finalOnly=true&period=2025M01');
    expect(res.status).toBe(200);
    expect(res.body.items.map((v: { dataElement: string; value: number; region: string }) => [v.region, v.dataElement, v.value])).toEqual([
      ['130102', 'MCH_ANC_VISITS', 395], ['130102', 'MCH_BIRTHS', 300], ['130102', 'MCH_INFANT_DEATHS', 2],
    ]);
    // A peer's value collected by the form that nobody has acted on: draft, not final.
    res = await analyst.get('/data-values?period=2025M01&region=130104');
    expect(res.body.items[0]).toMatchObject({ value: 98, workflowState: 'draft', final: false });
    // History loaded directly (December 2024): the form collects it, nobody reviewed it: draft too.
    res = await analyst.get('/data-values?period=2024M12&region=130102');
    expect(res.body.items[0]).toMatchObject({ value: 106, workflowState: 'draft', final: false });

    res = await analyst.get(`${form}/workflow`);
    expect(res.body.history.map((h: { action: string; actor: string }) => `${h.action}:${h.actor}`)).toEqual([
      'submit:reporter', 'return:city-reviewer', 'submit:reporter', 'approve:city-reviewer', 'approve:province-reviewer',
    ]);
    expect(res.body.history[1].reason).toBe('产前检查人次偏高，请核实');

    // Every value change has exactly one audit row: 3 inserts, then ANC 410 → 395 (the save that
    // only added an explanation changed no value).
    const audit = await sql<{ action: string; entity_key: string }>`
      SELECT action, entity_key FROM audit_log WHERE entity = 'data_value' AND region_code = '130102' AND period = '2025M01' ORDER BY id`.execute(server.db);
    expect(audit.rows.map((r) => `${r.action}:${r.entity_key.split('|')[0]}`)).toEqual(['insert:MCH_BIRTHS', 'insert:MCH_INFANT_DEATHS', 'insert:MCH_ANC_VISITS', 'update:MCH_ANC_VISITS']);
    const transitions = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'workflow' AND entity_key = ${`${FORM}|130102|2025M01`}`.execute(server.db);
    expect(transitions.rows[0]!.n).toBe(5);
  });

  it('refuses cross-scope reads and writes', async () => {
    expect((await outsider.get(form)).status).toBe(403);
    expect((await outsider.put(form, { expectedVersion: 0, values: [{ element: 'MCH_BIRTHS', value: 1 }] })).status).toBe(403);
    expect((await analyst.put(form, { expectedVersion: 0, values: [] })).status).toBe(403);
    expect((await server.anonymous().get(form)).status).toBe(401);
    expect((await outsider.get('/data-values?period=2025M01')).body.items).toEqual([]);
  });

  it('lets one of two reviewers approving at once win; the other gets a clear conflict', async () => {
    const qiaoxi = await loginAs(server, { username: 'reporter-qiaoxi', roles: ['reporter'], captureScope: ['130104'] });
    const path = `/datasets/${FORM}/forms/130104/2025M01`;
    let res = await qiaoxi.put(path, { expectedVersion: 0, values: [{ element: 'MCH_INFANT_DEATHS', value: 0 }, { element: 'MCH_ANC_VISITS', value: 380 }] });
    expect(res.status).toBe(200);
    res = await act(qiaoxi, path, 'submit', res.body.status.version);
    expect(res.status).toBe(200);
    const version = res.body.status.version as number;
    const [a, b] = await Promise.all([act(cityReviewer, path, 'approve', version), act(cityReviewer2, path, 'approve', version)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('VITALS_E_CONFLICT');
    expect(loser.body.error.messages.en).toMatch(/changed by someone else.*expected version \d+, current version \d+/);
    res = await analyst.get(`${path}/workflow`);
    expect(res.body.status).toMatchObject({ state: 'approved', approvals: 1, version: version + 1 });
    expect(res.body.history).toHaveLength(2);

    // A reporter saving while the reviewer acts: whichever comes first, the other is refused and
    // nothing is lost. Here the province approves while the reporter tries to change a value.
    const [save, approve] = await Promise.all([
      qiaoxi.put(path, { expectedVersion: version + 1, values: [{ element: 'MCH_ANC_VISITS', value: 999 }] }),
      act(provinceReviewer, path, 'approve', version + 1),
    ]);
    expect(approve.status).toBe(200);
    expect([409, 423]).toContain(save.status);
    const stored = await createRepositories(server.db).dataValues.get({ dataElement: 'MCH_ANC_VISITS', region: '130104', period: '2025M01' });
    expect(stored?.value).toBe(380);
  });

  it('stores SQL and script text in comments, explanations and reasons verbatim and inert', async () => {
    const hostile = `'); DROP TABLE workflow_status; -- <img src=x onerror=alert(1)>`;
    const xinhua = await loginAs(server, { username: 'reporter-xinhua', roles: ['reporter'], captureScope: ['130105'] });
    const path = `/datasets/${FORM}/forms/130105/2025M01`;
    let res = await xinhua.put(path, { expectedVersion: 0, values: [{ element: 'MCH_ANC_VISITS', value: 390, comment: hostile, explanation: hostile }], explanations: { [`rule:${hostile}`]: hostile } });
    expect(res.status).toBe(200);
    expect(res.body.cells[2]).toMatchObject({ comment: hostile, explanation: hostile });
    expect(res.body.explanations[`rule:${hostile}`]).toBe(hostile);
    res = await act(xinhua, path, 'submit', res.body.status.version);
    expect(res.status).toBe(200);
    res = await act(cityReviewer, path, 'return', res.body.status.version, hostile);
    expect(res.body.transition.reason).toBe(hostile);
    expect((await analyst.get(`${path}/workflow`)).body.history[1].reason).toBe(hostile);
    const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM workflow_status`.execute(server.db);
    expect(tables.rows[0]!.n).toBeGreaterThan(0);
  });
});
