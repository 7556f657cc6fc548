/**
 * Load the reference data for one import from the repositories.
 */
import type { Kysely } from 'kysely';
import type { DB, Repositories } from '../../storage/index.js';
import { ReferenceData, type AgeGroupInfo } from './reference.js';

/**
 * Age groups are an open list in the `age_group` table.
 * TODO(storage): replace with a `MetadataRepository.listAgeGroups()` once storage offers one.
 */
async function loadAgeGroups(db: Kysely<DB>): Promise<AgeGroupInfo[]> {
  const rows = await db.selectFrom('age_group').select(['code', 'name_zh', 'name_en']).orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
}

export async function loadReference(db: Kysely<DB>, repos: Repositories): Promise<ReferenceData> {
  const [regions, elements, ageGroups] = [await repos.regions.list(), await repos.metadata.listDataElements(), await loadAgeGroups(db)];
  return ReferenceData.from(
    regions,
    elements.map((e) => ({ code: e.code, unit: e.unit, periodType: e.periodType, nameZh: e.name.zh, ...(e.name.en ? { nameEn: e.name.en } : {}) })),
    ageGroups,
  );
}
