/**
 * Region trees for evaluation, read from storage: one province's subtree (plus the nation above
 * it), with the lineage links inside it, validated by the core's `buildRegionTree`.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import { buildRegionTree, type Region, type RegionTree } from '../../core/region/index.js';
import type { DB } from '../../storage/schema.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';

export interface ProvinceTree {
  readonly provinceCode: string;
  readonly tree: RegionTree;
}

/** The province a region belongs to (a province is its own); the nation has none. */
export async function provinceOf(db: Kysely<DB>, regionCode: string): Promise<string> {
  const region = await new RegionRepository(db).require(regionCode);
  if (region.level === 'nation') {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `aggregates and evaluation runs are kept per province; ${regionCode} is the nation (national roll-ups come with the nation-scale work, issue 6)` });
  }
  return region.provinceCode;
}

/** The subtree of `provinceCode` plus the nation, as a validated tree. */
export async function loadProvinceTree(db: Kysely<DB>, provinceCode: string): Promise<ProvinceTree> {
  const repo = new RegionRepository(db);
  const province = await repo.require(provinceCode);
  if (province.level !== 'province') throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${provinceCode} is a ${province.level}, not a province` });
  const stored = await repo.list({ within: provinceCode });
  const above: Region[] = [];
  for (const code of province.path.slice(0, -1)) above.push(await repo.require(code));
  const codes = new Set([...above, ...stored].map((r) => r.code));
  const { rows } = await sql<{ predecessor_code: string; successor_code: string }>`
    SELECT l.predecessor_code, l.successor_code FROM region_lineage l
    JOIN region r ON r.code = l.successor_code
    WHERE r.province_code = ${provinceCode}
    ORDER BY 1, 2`.execute(db);
  const predecessors = new Map<string, string[]>();
  for (const r of rows) {
    if (!codes.has(r.predecessor_code)) continue;
    const list = predecessors.get(r.successor_code) ?? [];
    list.push(r.predecessor_code);
    predecessors.set(r.successor_code, list);
  }
  const plain = (r: Region): Region => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    validFrom: r.validFrom,
    validTo: r.validTo,
    ...(r.statisticalOnly ? { statisticalOnly: true } : {}),
    ...(r.unitKind ? { unitKind: r.unitKind } : {}),
    ...(predecessors.has(r.code) ? { predecessors: predecessors.get(r.code)! } : {}),
  });
  return { provinceCode, tree: buildRegionTree([...above, ...stored].map(plain)) };
}
