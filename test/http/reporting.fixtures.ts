/**
 * Shared fixtures of the reporting tests: a slice of Hebei (石家庄 with six districts, 唐山
 * with one), monthly maternal-and-child-health data elements, one monthly county form approved
 * by the city then the province, and the actors of the story. Codes and names are the real
 * GB/T 2260 ones.
 */
import type { Kysely } from 'kysely';
import { makeActor, type Actor } from '../../src/core/access/index.js';
import type { Region } from '../../src/core/region/types.js';
import { createRepositories, type DB } from '../../src/storage/index.js';
import { DataSetService } from '../../src/services/reporting/dataset.service.js';
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
