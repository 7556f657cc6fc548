/**
 * Load the reference data for one import from the repositories.
 */
import type { Repositories } from '../../storage/index.js';
import { ReferenceData } from './reference.js';

export async function loadReference(repos: Repositories): Promise<ReferenceData> {
  const [regions, elements, ageGroups] = [await repos.regions.list(), await repos.metadata.listDataElements(), await repos.metadata.listAgeGroups()];
  return ReferenceData.from(
    regions,
    elements.map((e) => ({ code: e.code, unit: e.unit, periodType: e.periodType, nameZh: e.name.zh, ...(e.name.en ? { nameEn: e.name.en } : {}) })),
    ageGroups.map((a) => ({ code: a.code, nameZh: a.name.zh, nameEn: a.name.en ?? null })),
  );
}
