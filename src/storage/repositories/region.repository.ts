/**
 * Regions and their lineage. The table is small (≈45,000 rows with townships), so bulk
 * upserts compute ancestry (path, depth, province) in memory and write in chunks.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { RegionLevel } from '../../core/region/types.js';
import type { DB } from '../schema.js';
import {
  ancestryResolver,
  inferredLineage,
  NATION,
  toRegion,
  type LineageKind,
  type LineageLink,
  type RegionFilter,
  type RegionWrite,
  type StoredRegion,
} from './region.types.js';
import { atomically, chunk } from './util.js';

export * from './region.types.js';

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
    return atomically(this.db, (trx) => new RegionRepository(trx).write(regions));
  }

  private async write(regions: readonly RegionWrite[]): Promise<number> {
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

    const resolve = ancestryResolver(byCode, known);

    const rows = regions.map((r) => {
      const { path, province } = resolve(r.code);
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
    await this.refuseProvinceMoves(rows);
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

    const links = inferredLineage(regions);
    await this.upsertLineage(links);
    return rows.length;
  }

  /**
   * Recompute path, depth and province of every region from the parent links (one set-based
   * statement). A province change for a region that has data values is refused: facts cannot
   * silently move between distribution shards.
   */
  async refreshAncestry(): Promise<void> {
    const tree = sql`
      WITH RECURSIVE tree (code, path, depth, province) AS (
        SELECT code, code, 0, CASE WHEN level = 'province' THEN code ELSE ${NATION} END
        FROM region WHERE parent_code IS NULL
        UNION ALL
        SELECT r.code, t.path || '/' || r.code, t.depth + 1, CASE WHEN r.level = 'province' THEN r.code ELSE t.province END
        FROM region r JOIN tree t ON r.parent_code = t.code
        WHERE t.depth < 32
      )`;
    // data_value has no foreign key to region (see migration 0004), so guard its province here.
    const moved = await sql<{ code: string; from: string; to: string }>`
      ${tree}
      SELECT r.code, r.province_code AS from, tree.province AS to
      FROM region r JOIN tree ON tree.code = r.code
      WHERE r.province_code <> tree.province
        AND EXISTS (SELECT 1 FROM data_value dv WHERE dv.province_code = r.province_code AND dv.region_code = r.code)
      ORDER BY r.code LIMIT 10`.execute(this.db);
    if (moved.rows.length > 0) {
      const list = moved.rows.map((m) => `${m.code} (${m.from} → ${m.to})`).join(', ');
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `regions with data values cannot move to another province: ${list}; retire them and create successors instead` });
    }
    await sql`
      ${tree}
      UPDATE region SET path = tree.path, depth = tree.depth, province_code = tree.province, updated_at = now()
      FROM tree
      WHERE region.code = tree.code
        AND (region.path, region.depth, region.province_code) IS DISTINCT FROM (tree.path, tree.depth, tree.province)`.execute(this.db);
  }

  /** A stored region with data values must keep its province (the facts' distribution key). */
  private async refuseProvinceMoves(rows: readonly { code: string; province_code: string }[]): Promise<void> {
    const moved: string[] = [];
    for (const part of chunk(rows, 5000)) {
      const wanted = new Map(part.map((r) => [r.code, r.province_code]));
      const stored = await this.db.selectFrom('region').select(['code', 'province_code']).where('code', 'in', [...wanted.keys()]).execute();
      for (const s of stored) {
        if (s.province_code === wanted.get(s.code)) continue;
        const used = await this.db.selectFrom('data_value').select('region_code').where('province_code', '=', s.province_code).where('region_code', '=', s.code).limit(1).executeTakeFirst();
        if (used) moved.push(`${s.code} (${s.province_code} → ${wanted.get(s.code)})`);
      }
    }
    if (moved.length > 0) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `regions with data values cannot move to another province: ${moved.join(', ')}; retire them and create successors instead` });
    }
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
