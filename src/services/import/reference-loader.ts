/**
 * Load the reference data for one import from the repositories, cached per process.
 *
 * Loading every region (44,537 with townships) and building the tree took 1–2.4 s a file, 8–14
 * minutes over the nation's 341 files (bench/RESULTS.md, finding 1). The cache holds the region
 * tree, the elements and the age groups per database handle, and is reused while a fingerprint
 * of the three tables is unchanged: their row counts and a sum of per-row content hashes, one
 * cheap aggregate query (tens of milliseconds on 44,537 regions). Any insert, update or delete
 * of a row changes it, whether or not the writer bumps `updated_at`. Each import gets fresh
 * resolver caches, so memory does not grow with the number of files imported.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, Repositories } from '../../storage/index.js';
import { buildRegionTree, type RegionTree } from '../../core/region/index.js';
import { ReferenceData, type AgeGroupInfo, type ElementInfo } from './reference.js';

interface Cached {
  readonly fingerprint: string;
  readonly tree: RegionTree;
  readonly elements: readonly ElementInfo[];
  readonly ageGroups: readonly AgeGroupInfo[];
}

const cache = new WeakMap<object, Cached>();

/** What the reference data of `db` looks like now: changes whenever a row of the three tables does. */
export async function referenceFingerprint(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ fingerprint: string }>`
    SELECT concat_ws('/',
      (SELECT count(*) || ':' || coalesce(sum(hashtext(r::text)::bigint), 0) FROM region r),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(e::text)::bigint), 0) FROM data_element e),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(a::text)::bigint), 0) FROM age_group a)) AS fingerprint`.execute(db);
  return rows[0]!.fingerprint;
}

/**
 * The reference data of `db`: from the per-process cache when its fingerprint still matches,
 * else loaded afresh. `db` keys the cache; pass the database handle, not a transaction.
 */
export async function loadReference(repos: Repositories, db: Kysely<DB>): Promise<ReferenceData> {
  const fingerprint = await referenceFingerprint(db);
  let entry = cache.get(db);
  if (entry?.fingerprint !== fingerprint) {
    const [regions, elements, ageGroups] = [await repos.regions.list(), await repos.metadata.listDataElements(), await repos.metadata.listAgeGroups()];
    entry = {
      fingerprint,
      tree: buildRegionTree(regions),
      elements: elements.map((e) => ({ code: e.code, unit: e.unit, periodType: e.periodType, nameZh: e.name.zh, ...(e.name.en ? { nameEn: e.name.en } : {}) })),
      ageGroups: ageGroups.map((a) => ({ code: a.code, nameZh: a.name.zh, nameEn: a.name.en ?? null })),
    };
    // A load that raced with a change is caught next time: its fingerprint was read first.
    cache.set(db, entry);
  }
  return new ReferenceData(entry.tree, entry.elements, entry.ageGroups);
}

/** Forget the cached reference data of `db` (tests; after a bulk content load, if wanted). */
export function forgetReference(db: Kysely<DB>): void {
  cache.delete(db);
}
