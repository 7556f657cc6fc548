/**
 * The reporting services over a real PostgreSQL, without HTTP: data entry under the workflow
 * lock, submission blockers, the approval chain, final-only reads, the inbox and concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataEntryService } from '../../src/services/reporting/data-entry.service.js';
import { InboxService } from '../../src/services/reporting/inbox.service.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { makeActor } from '../../src/core/access/index.js';
import { createRepositories } from '../../src/storage/index.js';
import { findFinalDataValues } from '../../src/storage/repositories/workflow.repository.js';
import { SYSTEM_SCOPE } from '../../src/storage/repositories/scope.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FORM, actors, seedReporting } from './reporting.fixtures.js';

let t: TestDatabase;
let clock = new Date('2025-02-05T09:00:00+08:00');
const now = () => clock;
const key = { dataSet: FORM, region: '130102', period: '2025M01' };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedReporting(t.db);
  // A year of history for 长安区 and one month for its five peers: births 95…106 (median 100.5).
  const history = Array.from({ length: 12 }, (_, i) => ({ dataElement: 'MCH_BIRTHS', region: '130102', period: `2024M${String(i + 1).padStart(2, '0')}`, value: 95 + i }));
  const peers = ['130104', '130105', '130107', '130108', '130109'].map((region, i) => ({ dataElement: 'MCH_BIRTHS', region, period: '2025M01', value: 98 + i }));
  await createRepositories(t.db).dataValues.upsert([...history, ...peers], { actor: 'seed' });
});

afterAll(() => t?.dispose());

describe('data entry and the approval chain (services)', () => {
  it('plays the story: outlier explained, submitted, returned, corrected, approved twice, final', async () => {
    const entry = new DataEntryService({ db: t.db, now });
    const workflow = new WorkflowService({ db: t.db, now });
    let form = await entry.getForm(actors.reporter, key);
    expect(form.status).toMatchObject({ state: 'draft', version: 0 });
    expect(form.allowedActions).toMatchObject({ mayEdit: true, maySubmit: true, mayApprove: false });
    // December 2024 was 106 births: the form shows it as last period's value.
    expect(form.cells.find((c) => c.element === 'MCH_BIRTHS')?.previousValue).toBe(106);

    form = await entry.save(actors.reporter, key, {
      expectedVersion: 0,
      values: [
        { element: 'MCH_BIRTHS', value: 300, comment: '新院区开业' },
        { element: 'MCH_INFANT_DEATHS', value: 2 },
        { element: 'MCH_ANC_VISITS', value: 410 },
      ],
    });
    expect(form.status.version).toBe(1);
    const births = form.cells.find((c) => c.element === 'MCH_BIRTHS')!;
    // 300 against history 95…106: median 100.5, MAD 3 → Mz = 0.6745 × 199.5 / 3 ≈ 44.9 > 3.5;
    // and +183 % from 106 > 50 %; and against peers 98…102 (median 100, MAD 1) far above.
    expect(births.flags.map((f) => f.method).sort()).toEqual(['history_modified_z', 'peer_modified_z', 'period_change']);
    expect(births.flags.find((f) => f.method === 'peer_modified_z')?.reference).toMatchObject({ values: [], labels: [] });
    expect(form.blockers.map((b) => b.kind)).toEqual(['unexplained_outlier']);

    await expect(workflow.act(actors.reporter, key, { action: 'submit', expectedVersion: 1 })).rejects.toMatchObject({ code: 'VITALS_E_SUBMISSION_BLOCKED' });
    form = await entry.save(actors.reporter, key, { expectedVersion: 1, values: [{ element: 'MCH_BIRTHS', value: 300, explanation: '新院区投入使用，分娩量增加' }] });
    expect(form.blockers).toEqual([]);
    expect(form.status.version).toBe(2);

    let result = await workflow.act(actors.reporter, key, { action: 'submit', expectedVersion: 2 });
    expect(result.status).toMatchObject({ state: 'submitted', version: 3 });
    await expect(entry.save(actors.reporter, key, { expectedVersion: 3, values: [{ element: 'MCH_BIRTHS', value: 301 }] })).rejects.toMatchObject({ code: 'VITALS_E_LOCKED' });

    await expect(workflow.act(actors.cityReviewer, key, { action: 'return', expectedVersion: 3 })).rejects.toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    result = await workflow.act(actors.cityReviewer, key, { action: 'return', expectedVersion: 3, reason: '产前检查人次偏高，请核实' });
    expect(result.status).toMatchObject({ state: 'returned', version: 4 });

    const inbox = await new InboxService({ db: t.db, now }).inbox(actors.reporter, { kind: 'capture', roots: ['130102'] });
    expect(inbox.items.find((i) => i.region === '130102' && i.period === '2025M01')?.reasons).toContain('returned_to_me');

    form = await entry.save(actors.reporter, key, { expectedVersion: 4, values: [{ element: 'MCH_ANC_VISITS', value: 395 }] });
    result = await workflow.act(actors.reporter, key, { action: 'submit', expectedVersion: form.status.version });
    await expect(workflow.act(actors.provinceReviewer, key, { action: 'approve', expectedVersion: result.status.version })).rejects.toMatchObject({ code: 'VITALS_E_FORBIDDEN' });
    await expect(workflow.act(actors.tangshanReviewer, key, { action: 'approve', expectedVersion: result.status.version })).rejects.toMatchObject({ code: 'VITALS_E_OUT_OF_SCOPE' });
    expect(await findFinalDataValues(t.db, SYSTEM_SCOPE, { regions: ['130102'], periods: ['2025M01'] })).toEqual([]);
    result = await workflow.act(actors.cityReviewer, key, { action: 'approve', expectedVersion: result.status.version });
    expect(result.status).toMatchObject({ state: 'approved', approvals: 1 });
    result = await workflow.act(actors.provinceReviewer, key, { action: 'approve', expectedVersion: result.status.version });
    expect(result.status).toMatchObject({ state: 'final', approvals: 2 });

    const final = await findFinalDataValues(t.db, SYSTEM_SCOPE, { regions: ['130102'], periods: ['2025M01'] });
    expect(final.map((v) => [v.dataElement, v.value])).toEqual([['MCH_ANC_VISITS', 395], ['MCH_BIRTHS', 300], ['MCH_INFANT_DEATHS', 2]]);
    const history = (await workflow.status(actors.analyst, key)).history;
    expect(history.map((h) => `${h.action}:${h.from}→${h.to}`)).toEqual([
      'submit:draft→submitted', 'return:submitted→returned', 'submit:returned→submitted', 'approve:submitted→approved', 'approve:approved→final',
    ]);
  });

  it('lets exactly one of two reviewers acting on the same version win', async () => {
    const k = { ...key, region: '130104' };
    const entry = new DataEntryService({ db: t.db, now });
    const workflow = new WorkflowService({ db: t.db, now });
    const form = await entry.save(actors.reporterQiaoxi, k, { expectedVersion: 0, values: [{ element: 'MCH_INFANT_DEATHS', value: 0 }] });
    const submitted = await workflow.act(actors.reporterQiaoxi, k, { action: 'submit', expectedVersion: form.status.version });
    const outcomes = await Promise.allSettled([
      workflow.act(actors.cityReviewer, k, { action: 'approve', expectedVersion: submitted.status.version }),
      workflow.act(actors.cityReviewer2, k, { action: 'return', expectedVersion: submitted.status.version, reason: '请补充说明' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'VITALS_E_CONFLICT' });
    expect((await workflow.status(actors.analyst, k)).history).toHaveLength(2);
  });

  it('lists overdue forms from the due dates and the injected clock', async () => {
    const inbox = new InboxService({ db: t.db, now });
    const reporter = makeActor({ id: 'reporter-xinhua', roles: ['reporter'], captureScope: ['130105'], viewScope: [] });
    const scope = { kind: 'capture' as const, roots: ['130105'] };
    // 5 February: January is due on the 10th, so not overdue yet; December was due on 10 January.
    clock = new Date('2025-02-05T09:00:00+08:00');
    let periods = (await inbox.inbox(reporter, scope, { reason: 'overdue' })).items.map((i) => i.period);
    expect(periods).toContain('2024M12');
    expect(periods).not.toContain('2025M01');
    // 11 February (Beijing time): January is overdue too.
    clock = new Date('2025-02-10T16:30:00Z');
    periods = (await inbox.inbox(reporter, scope, { reason: 'overdue' })).items.map((i) => i.period);
    expect(periods).toContain('2025M01');
    // Once submitted it is no longer overdue (it awaits the city instead).
    const workflow = new WorkflowService({ db: t.db, now });
    await workflow.act(reporter, { dataSet: FORM, region: '130105', period: '2025M01' }, { action: 'submit', expectedVersion: 0 });
    periods = (await inbox.inbox(reporter, scope, { reason: 'overdue' })).items.map((i) => i.period);
    expect(periods).not.toContain('2025M01');
    const city = await inbox.inbox(actors.cityReviewer, { kind: 'capture', roots: ['130100'] }, { reason: 'awaiting_my_action' });
    expect(city.items.map((i) => `${i.region}/${i.period}`)).toContain('130105/2025M01');
    // Only the city reviewer's own step: the province is not asked yet.
    const province = await inbox.inbox(actors.provinceReviewer, { kind: 'capture', roots: ['130000'] }, { reason: 'awaiting_my_action' });
    expect(province.items.map((i) => `${i.region}/${i.period}`)).not.toContain('130105/2025M01');
    clock = new Date('2025-02-05T09:00:00+08:00');
  });
});
