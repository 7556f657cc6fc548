/**
 * Shared fixtures of the reporting tests: a slice of Hebei (石家庄 with six districts, 唐山
 * with one), monthly maternal-and-child-health data elements, one monthly county form approved
 * by the city then the province, and the actors of the story. Codes and names are the real
 * GB/T 2260 ones.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { makeActor, type Actor } from '../../src/core/access/index.js';
import type { Region } from '../../src/core/region/types.js';
import { createRepositories, type DB } from '../../src/storage/index.js';
import { AttachmentService } from '../../src/services/reporting/attachment.service.js';
import { DataSetService } from '../../src/services/reporting/dataset.service.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { dataElement, region } from '../support/factories.js';

export const FORM = 'MCH_MONTHLY';

export function reportingRegions(): Region[] {
  return [
    region('000000', '全国', 'nation', null),
    region('130000', '河北省', 'province', '000000'),
    region('130100', '石家庄市', 'prefecture', '130000'),
    region('130102', '长安区', 'county', '130100'),
    region('130104', '桥西区', 'county', '130100'),
    region('130105', '新华区', 'county', '130100'),
    region('130107', '井陉矿区', 'county', '130100'),
    region('130108', '裕华区', 'county', '130100'),
    region('130109', '藁城区', 'county', '130100'),
    region('130200', '唐山市', 'prefecture', '130000'),
    region('130202', '路南区', 'county', '130200'),
  ];
}

/** The form: births, infant deaths and antenatal visits, monthly, from counties. */
export const FORM_DEFINITION = {
  code: FORM,
  name: { zh: '妇幼卫生月报', en: 'Maternal and child health, monthly' },
  periodType: 'month',
  reportingLevels: ['county'],
  elements: [{ element: 'MCH_BIRTHS' }, { element: 'MCH_INFANT_DEATHS' }, { element: 'MCH_ANC_VISITS' }],
  // Month M opens on its last day, is due 10 days later and closes after 25 days.
  schedule: { opensAfterDays: 0, dueAfterDays: 10, closesAfterDays: 25, timelyDays: 0 },
  workflow: { approvalLevels: ['prefecture', 'province'] },
};

export const FORM_RULES = [
  { code: 'DEATHS_LE_BIRTHS', expression: 'MCH_INFANT_DEATHS <= MCH_BIRTHS', importance: 'error' as const, instruction: { zh: '婴儿死亡数不应超过活产数', en: 'infant deaths cannot exceed live births' } },
];

export async function seedReporting(db: Kysely<DB>, planner: Actor = actors.planner, now: () => Date = () => new Date('2025-02-05T09:00:00+08:00')): Promise<void> {
  const repos = createRepositories(db);
  await repos.regions.upsertMany(reportingRegions());
  await repos.metadata.upsertDataElements([
    dataElement('MCH_BIRTHS', '活产数', { periodType: 'month' }),
    dataElement('MCH_INFANT_DEATHS', '婴儿死亡数', { periodType: 'month' }),
    dataElement('MCH_ANC_VISITS', '产前检查人次', { periodType: 'month', unit: '人次' }),
  ]);
  await new DataSetService({ db, now }).save(planner, { definition: FORM_DEFINITION, ownerRegion: '130000', validationRules: FORM_RULES });
}

const actor = (id: string, roles: string[], capture: string[], view: string[] = capture) => makeActor({ id, roles, captureScope: capture, viewScope: view });

export const actors = {
  planner: actor('planner', ['planner'], ['130000']),
  reporter: actor('reporter-changan', ['reporter'], ['130102']),
  reporterQiaoxi: actor('reporter-qiaoxi', ['reporter'], ['130104']),
  cityReviewer: actor('reviewer-sjz', ['reviewer'], ['130100']),
  cityReviewer2: actor('reviewer-sjz-2', ['reviewer'], ['130100']),
  provinceReviewer: actor('reviewer-hebei', ['reviewer'], ['130000']),
  tangshanReviewer: actor('reviewer-ts', ['reviewer'], ['130200']),
  analyst: actor('analyst', ['analyst'], [], ['130100']),
};

/**
 * Data for the reporting rows of the authorization matrix (test/http/authz-matrix.test.ts),
 * on its default seed (sample regions incl. Beijing, yearly data elements): a yearly county
 * form `MX_FORM`, values in and out of every scope, submitted forms to approve, attachments,
 * and an import batch of the cast's reporter. Ids go into `fixtures`.
 */
export async function matrixReportingFixture(ctx: {
  server: { db: Kysely<DB>; clock: { now: () => Date }; config: { dataDir: string; uploadLimit: number } };
  cast: { reporter: { user?: { id: string } } };
  fixtures: Map<string, string | number>;
}): Promise<void> {
  const { db } = ctx.server;
  const now = ctx.server.clock.now;
  const nation = actor('mx-fixture-planner', ['planner'], ['000000']);
  await new DataSetService({ db, now }).save(nation, { definition: MX_FORM, ownerRegion: '000000' });
  await createRepositories(db).dataValues.upsert(
    [['130102', 5], ['130104', 6], ['110101', 7]].map(([region, value]) => ({ dataElement: 'LIVE_BIRTHS', region: region as string, period: '2022', value: value as number })),
    { actor: 'seed' },
  );
  const workflow = new WorkflowService({ db, now });
  const submit = async (region: string, period: string) => {
    const reporter = actor(`mx-fixture-${region}`, ['reporter'], [region]);
    return (await workflow.act(reporter, { dataSet: 'MX_FORM', region, period }, { action: 'submit', expectedVersion: 0 })).status.version;
  };
  ctx.fixtures.set('approveVersion', await submit('130102', '2030'));
  await submit('110101', '2030');
  await submit('130104', '2031');
  await submit('110101', '2031');
  const attachments = new AttachmentService({ db, now, dataDir: ctx.server.config.dataDir, uploadLimit: ctx.server.config.uploadLimit });
  for (const [name, region] of [['attIn', '130102'], ['attOut', '110101'], ['attDel', '130102'], ['attDelOut', '110101']] as const) {
    const uploader = actor(`mx-fixture-up-${region}`, ['reporter'], [region]);
    const pdf = Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`);
    const stored = await attachments.upload(uploader, { dataSet: 'MX_FORM', region, period: '2025' }, { stream: Readable.from([pdf]), fileName: `${name}.pdf` });
    ctx.fixtures.set(name, stored.id);
  }
  ctx.fixtures.set('importBatch', await createRepositories(db).importBatches.start({ actor: ctx.cast.reporter.user!.id, fileName: 'mx.csv' }));
}

/** A yearly county form on the matrix's sample elements, open all through 2024–2025. */
export const MX_FORM = {
  code: 'MX_FORM',
  name: { zh: '矩阵测试年报' },
  periodType: 'year',
  reportingLevels: ['county'],
  elements: [{ element: 'LIVE_BIRTHS' }, { element: 'INFANT_DEATHS' }],
  schedule: { opensAfterDays: -400, dueAfterDays: 30, closesAfterDays: 400, timelyDays: 0 },
  workflow: { approvalLevels: ['prefecture', 'province'] },
};

/** Matrix expectation for a read checked against the view scope: 200 inside, 403 outside, 401 anonymous. */
export const scopedRead = { public: 401, admin: [200, 403], planner: [200, 403], reporter: [200, 403], reviewer: [200, 403], analyst: [200, 403] } as const;
