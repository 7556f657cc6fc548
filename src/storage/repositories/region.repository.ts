/**
 * Regions and their lineage. The table is small (≈45,000 rows with townships), so bulk
 * upserts compute ancestry (path, depth, province) in memory and write in chunks.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { Region, RegionLevel } from '../../core/region/types.js';
import type { DB, RegionRow } from '../schema.js';
import { chunk } from './util.js';

export const NATION = '000000';

/** A region as stored: the core fields plus the denormalised ancestry. */
export interface StoredRegion extends Region {
  readonly nameEn: string | null;
  /** '000000' for the nation, the province's own code for a province. */
  readonly provinceCode: string;
  /** Codes from the root to this region, e.g. ['000000', '130000', '130100', '130102']. */
  readonly path: readonly string[];
  readonly depth: number;
}

export type LineageKind = 'split' | 'merge' | 'rename' | 'recode' | 'transfer';

export interface LineageLink {
  readonly predecessor: string;
  readonly successor: string;
  /** ISO date the change took effect (usually the successor's `validFrom`). */
  readonly effectiveDate: string;
  readonly kind: LineageKind;
  readonly note?: string;
}

export interface RegionFilter {
  readonly level?: RegionLevel;
  /** Only regions at or below this code. */
  readonly within?: string;
  /** ISO date: only regions valid on that day. */
  readonly activeOn?: string;
}

export interface RegionWrite extends Region {
  readonly nameEn?: string;
}

function toRegion(row: RegionRow): StoredRegion {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    level: row.level as RegionLevel,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    statisticalOnly: row.statistical_only,
    ...(row.unit_kind ? { unitKind: row.unit_kind as Region['unitKind'] } : {}),
    provinceCode: row.province_code,
    path: row.path.split('/'),
    depth: row.depth,
  };
}

export class RegionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Insert or update regions. Parents may come in the same list or already be stored.
   * `predecessors` become lineage links; the kind is inferred (several predecessors: merge;
   * a predecessor named by several regions of the list: split; otherwise rename) — use
   * `upsertLineage` to state it exactly.
   */
  async upsertMany(regions: readonly RegionWrite[]): Promise<number> {
    if (regions.length === 0) return 0;
    const byCode = new Map<string, RegionWrite>();
    regions.forEach((r, i) => {
      if (byCode.has(r.code)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region ${r.code} appears twice (item ${i + 1})` });
      byCode.set(r.code, r);
    });
    const externalParents = [...new Set(regions.map((r) => r.parentCode).filter((p): p is string => p !== null && !byCode.has(p)))];
    const known = new Map<string, { path: string; province: string }>();
    for (const part of chunk(externalParents, 5000)) {
      const rows = await this.db.selectFrom('region').select(['code', 'path', 'province_code']).where('code', 'in', part).execute();
      for (const row of rows) known.set(row.code, { path: row.path, province: row.province_code });
    }

    const resolved = new Map<string, { path: string; province: string }>();
    const resolve = (code: string, seen: Set<string>): { path: string; province: string } => {
      const done = resolved.get(code) ?? known.get(code);
      if (done) return done;
      const region = byCode.get(code);
      if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
      if (seen.has(code)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region ${code} is its own ancestor` });
      seen.add(code);
      let result: { path: string; province: string };
      if (region.parentCode === null) {
        result = { path: code, province: NATION };
      } else {
        const parent = resolve(region.parentCode, seen);
        const province = region.level === 'province' ? code : parent.province;
        result = { path: `${parent.path}/${code}`, province };
      }
      resolved.set(code, result);
      return result;
    };

    const rows = regions.map((r) => {
      const { path, province } = resolve(r.code, new Set());
      return {
        code: r.code,
        name: r.name,
        name_en: r.nameEn ?? null,
        level: r.level,
        parent_code: r.parentCode,
        province_code: r.level === 'nation' ? NATION : province,
        path,
        depth: path.split('/').length - 1,
        valid_from: r.validFrom,
        valid_to: r.validTo,
        statistical_only: r.statisticalOnly ?? false,
        unit_kind: r.unitKind ?? null,
      };
    });
    // Parents first, so that each chunk's foreign keys already resolve.
    rows.sort((a, b) => a.depth - b.depth);
    for (const part of chunk(rows, 2000)) {
      await this.db
        .insertInto('region')
        .values(part)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            name_en: eb.ref('excluded.name_en'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
            province_code: eb.ref('excluded.province_code'),
            path: eb.ref('excluded.path'),
            depth: eb.ref('excluded.depth'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_to: eb.ref('excluded.valid_to'),
            statistical_only: eb.ref('excluded.statistical_only'),
            unit_kind: eb.ref('excluded.unit_kind'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }

    // A region that moved to another parent carries its stored descendants along.
    await this.refreshAncestry();

    const successorsOf = new Map<string, number>();
    for (const r of regions) for (const p of r.predecessors ?? []) successorsOf.set(p, (successorsOf.get(p) ?? 0) + 1);
    const links: LineageLink[] = regions.flatMap((r) =>
      (r.predecessors ?? []).map((p) => ({
        predecessor: p,
        successor: r.code,
        effectiveDate: r.validFrom,
        kind: (r.predecessors!.length > 1 ? 'merge' : (successorsOf.get(p) ?? 0) > 1 ? 'split' : 'rename') as LineageKind,
      })),
    );
    await this.upsertLineage(links);
    return rows.length;
  }

  /**
   * Recompute path, depth and province of every region from the parent links (one set-based
   * statement). A province change under existing data values fails on their foreign key, as it
   * must: facts cannot silently move between distribution shards.
   */
  async refreshAncestry(): Promise<void> {
    await sql`
      WITH RECURSIVE tree (code, path, depth, province) AS (
        SELECT code, code, 0, CASE WHEN level = 'province' THEN code ELSE ${NATION} END
        FROM region WHERE parent_code IS NULL
        UNION ALL
        SELECT r.code, t.path || '/' || r.code, t.depth + 1, CASE WHEN r.level = 'province' THEN r.code ELSE t.province END
        FROM region r JOIN tree t ON r.parent_code = t.code
        WHERE t.depth < 32
      )
      UPDATE region SET path = tree.path, depth = tree.depth, province_code = tree.province, updated_at = now()
      FROM tree
      WHERE region.code = tree.code
        AND (region.path, region.depth, region.province_code) IS DISTINCT FROM (tree.path, tree.depth, tree.province)`.execute(this.db);
  }

  /** Insert or update lineage links (predecessor → successor). */
  async upsertLineage(links: readonly LineageLink[]): Promise<void> {
    for (const part of chunk(links, 2000)) {
      await this.db
        .insertInto('region_lineage')
        .values(
          part.map((l) => ({
            predecessor_code: l.predecessor,
            successor_code: l.successor,
            effective_date: l.effectiveDate,
            kind: l.kind,
            note: l.note ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['predecessor_code', 'successor_code']).doUpdateSet((eb) => ({
            effective_date: eb.ref('excluded.effective_date'),
            kind: eb.ref('excluded.kind'),
            note: eb.ref('excluded.note'),
          })),
        )
        .execute();
    }
  }

  /** One region with its predecessors, or undefined. */
  async get(code: string): Promise<StoredRegion | undefined> {
    const row = await this.db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) return undefined;
    const preds = await this.db.selectFrom('region_lineage').select('predecessor_code').where('successor_code', '=', code).orderBy('predecessor_code').execute();
    const region = toRegion(row);
    return preds.length > 0 ? { ...region, predecessors: preds.map((p) => p.predecessor_code) } : region;
  }

  /** Like `get`, but an unknown code is a `VITALS_E_UNKNOWN_REGION` error. */
  async require(code: string): Promise<StoredRegion> {
    const region = await this.get(code);
    if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
    return region;
  }

  /** Direct children, ordered by code. */
  async children(code: string, filter: Omit<RegionFilter, 'within'> = {}): Promise<StoredRegion[]> {
    let query = this.db.selectFrom('region').selectAll().where('parent_code', '=', code);
    if (filter.level) query = query.where('level', '=', filter.level);
    if (filter.activeOn) query = query.where('valid_from', '<=', filter.activeOn).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', filter.activeOn!)]));
    return (await query.orderBy('code').execute()).map(toRegion);
  }

  /** Regions matching a filter, ordered by depth then code. */
  async list(filter: RegionFilter = {}): Promise<StoredRegion[]> {
    let query = this.db.selectFrom('region').selectAll();
    if (filter.level) query = query.where('level', '=', filter.level);
    if (filter.within) {
      const root = await this.require(filter.within);
      const path = root.path.join('/');
      query = query.where((eb) => eb.or([eb('path', '=', path), eb('path', 'like', `${path}/%`)]));
    }
    if (filter.activeOn) query = query.where('valid_from', '<=', filter.activeOn).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', filter.activeOn!)]));
    return (await query.orderBy('depth').orderBy('code').execute()).map(toRegion);
  }

  /**
   * Regions whose name matches: exact names first, then names starting with the text, then
   * names containing it. Import uses it to resolve a name unambiguously or reject it.
   */
  async searchByName(text: string, filter: RegionFilter & { readonly limit?: number } = {}): Promise<StoredRegion[]> {
    const needle = text.trim();
    if (needle.length === 0) return [];
    const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
    let query = this.db
      .selectFrom('region')
      .selectAll()
      .where('name', 'like', `%${escaped}%`)
      .orderBy(sql`CASE WHEN name = ${needle} THEN 0 WHEN name LIKE ${`${escaped}%`} THEN 1 ELSE 2 END`)
      .orderBy('depth')
      .orderBy('code');
    if (filter.level) query = query.where('level', '=', filter.level);
    if (filter.within) {
      const root = await this.require(filter.within);
      query = query.where('path', 'like', `${root.path.join('/')}/%`);
    }
    if (filter.activeOn) query = query.where('valid_from', '<=', filter.activeOn).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', filter.activeOn!)]));
    return (await query.limit(filter.limit ?? 50).execute()).map(toRegion);
  }

  /** Links into and out of a region. */
  async lineage(code: string): Promise<{ predecessors: LineageLink[]; successors: LineageLink[] }> {
    const rows = await this.db
      .selectFrom('region_lineage')
      .selectAll()
      .where((eb) => eb.or([eb('predecessor_code', '=', code), eb('successor_code', '=', code)]))
      .orderBy('effective_date')
      .orderBy('predecessor_code')
      .orderBy('successor_code')
      .execute();
    const links = rows.map((r) => ({
      predecessor: r.predecessor_code,
      successor: r.successor_code,
      effectiveDate: r.effective_date,
      kind: r.kind as LineageKind,
      ...(r.note ? { note: r.note } : {}),
    }));
    return { predecessors: links.filter((l) => l.successor === code), successors: links.filter((l) => l.predecessor === code) };
  }

  /** Number of stored regions, per level. */
  async countByLevel(): Promise<Partial<Record<RegionLevel, number>>> {
    const rows = await this.db.selectFrom('region').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
    return Object.fromEntries(rows.map((r) => [r.level, r.n]));
  }
}
