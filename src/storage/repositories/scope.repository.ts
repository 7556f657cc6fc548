/**
 * The central scope filter in SQL, and the region lookups access decisions need.
 *
 * RULE: every read of region-keyed data takes a `RegionScope` and applies
 * `inRegionScope(column, scope)` to its region column. Requests get their scope from the auth
 * plugin (`request.scope.region('view' | 'capture')`); only trusted internal jobs (CLI,
 * content loading, scheduled evaluation) may pass `SYSTEM_SCOPE`. An empty root list
 * matches nothing, never everything.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RegionLineage } from '../../core/access/index.js';
import type { RegionLevel } from '../../core/region/index.js';
import type { DB } from '../schema.js';
import type { AuditEntry } from './audit.repository.js';
import { authDb, type AuthDB } from './user.repository.js';

/** Which regions a query may touch: the subtrees of `roots` (view or capture), or everything for trusted system jobs. */
export type RegionScope =
  | { readonly kind: 'view' | 'capture'; readonly roots: readonly string[] }
  | { readonly kind: 'system' };

/** Unrestricted: for trusted internal jobs only, never built from a request. */
export const SYSTEM_SCOPE: RegionScope = Object.freeze({ kind: 'system' as const });

/**
 * SQL condition "the region in `column` lies in the scope", e.g.
 * `db.selectFrom('data_value').where(inRegionScope('data_value.region_code', scope))`.
 * One indexed lookup in `region_closure` (migration 0011).
 */
export function inRegionScope(column: string, scope: RegionScope): RawBuilder<boolean> {
  if (scope.kind === 'system') return sql<boolean>`true`;
  if (scope.roots.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} IN (SELECT rc.descendant FROM region_closure rc WHERE rc.ancestor = ANY(${[...scope.roots]}::text[]))`;
}

/** Filters for the audit log as the API offers them. */
export interface AuditFilter {
  readonly entity?: string;
  readonly entityKey?: string;
  readonly action?: string;
  readonly actor?: string;
  /** Events of this region and every region below it. */
  readonly within?: string;
  readonly period?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Keyset cursor: entries older (smaller id) than this. */
  readonly beforeId?: number;
  readonly limit: number;
  readonly offset: number;
}

/**
 * What part of the audit log a reader sees: rows about regions in `regions`, and, when
 * `global` is set (user administrators), rows not tied to a region (logins, user changes).
 */
export interface AuditVisibility {
  readonly regions: RegionScope;
  readonly global: boolean;
}

/** Region search as the API offers it (public metadata, so no scope filter). */
export interface RegionSearch {
  /** Name substring (zh or en, case-insensitive) or code prefix. */
  readonly q?: string;
  readonly level?: string;
  /** Only regions at or below this code. */
  readonly within?: string;
  /** Only direct children of this code. */
  readonly parent?: string;
  /** ISO date: only regions valid that day. */
  readonly activeOn?: string;
  /** Only these codes. */
  readonly codes?: readonly string[];
  /** Only regions at most this deep (the nation is depth 0). */
  readonly maxDepth?: number;
  readonly limit: number;
  readonly offset: number;
}

export interface RegionRowView {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string | null;
  readonly level: string;
  readonly parentCode: string | null;
  readonly provinceCode: string;
  readonly depth: number;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly statisticalOnly: boolean;
  readonly childCount: number;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class ScopeRepository {
  private readonly db: Kysely<AuthDB>;

  constructor(db: Kysely<DB>) {
    this.db = authDb(db);
  }

  /** The region and its ancestors (nearest first), as the access policy needs them; undefined if unknown. */
  async lineage(code: string): Promise<RegionLineage | undefined> {
    return (await this.lineages([code])).get(code);
  }

  /** Lineages of several regions in one query; unknown codes are absent from the map. */
  async lineages(codes: readonly string[]): Promise<Map<string, RegionLineage>> {
    const unique = [...new Set(codes)];
    const out = new Map<string, RegionLineage>();
    if (unique.length === 0) return out;
    const rows = await this.db
      .selectFrom('region_closure as rc')
      .innerJoin('region as a', 'a.code', 'rc.ancestor')
      .select(['rc.descendant', 'a.code', 'a.level', 'a.depth'])
      .where('rc.descendant', 'in', unique)
      .orderBy('rc.descendant')
      .orderBy('a.depth', 'desc')
      .execute();
    const chains = new Map<string, Array<{ code: string; level: RegionLevel }>>();
    for (const row of rows) {
      const chain = chains.get(row.descendant) ?? [];
      chain.push({ code: row.code, level: row.level as RegionLevel });
      chains.set(row.descendant, chain);
    }
    for (const [code, chain] of chains) {
      const [self, ...ancestors] = chain;
      if (self && self.code === code) out.set(code, { code, level: self.level, ancestors });
    }
    return out;
  }

  /** The codes among `codes` that are not stored regions. */
  async unknownRegions(codes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return [];
    const rows = await this.db.selectFrom('region').select('code').where('code', 'in', unique).execute();
    const known = new Set(rows.map((r) => r.code));
    return unique.filter((c) => !known.has(c)).sort();
  }

  /** Whether `code` lies in the scope (the single-region form of `inRegionScope`). */
  async contains(scope: RegionScope, code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('region')
      .select('code')
      .where('code', '=', code)
      .where(inRegionScope('region.code', scope))
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Audit entries the reader may see, newest first, with the total for paging. */
  async queryAudit(filter: AuditFilter, visibility: AuditVisibility): Promise<{ items: AuditEntry[]; total: number }> {
    let query = this.db.selectFrom('audit_log as a').where((eb) =>
      visibility.global
        ? eb.or([eb('a.region_code', 'is', null), inRegionScope('a.region_code', visibility.regions)])
        : inRegionScope('a.region_code', visibility.regions),
    );
    if (filter.entity !== undefined) query = query.where('a.entity', '=', filter.entity);
    if (filter.entityKey !== undefined) query = query.where('a.entity_key', '=', filter.entityKey);
    if (filter.action !== undefined) query = query.where('a.action', '=', filter.action);
    if (filter.actor !== undefined) query = query.where('a.actor', '=', filter.actor);
    if (filter.period !== undefined) query = query.where('a.period', '=', filter.period);
    if (filter.within !== undefined) query = query.where(inRegionScope('a.region_code', { kind: 'view', roots: [filter.within] }));
    if (filter.from !== undefined) query = query.where('a.occurred_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('a.occurred_at', '<', filter.to);
    if (filter.beforeId !== undefined) query = query.where('a.id', '<', filter.beforeId);
    const total = (await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const rows = await query.selectAll('a').orderBy('a.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id,
        provinceCode: r.province_code,
        occurredAt: r.occurred_at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityKey: r.entity_key,
        region: r.region_code,
        period: r.period,
        oldValue: r.old_value,
        newValue: r.new_value,
        reason: r.reason,
        batchId: r.batch_id,
        context: (r.context as Record<string, unknown> | null) ?? null,
      })),
    };
  }

  /** The given regions (unknown codes are absent), with their child counts. */
  async regionsByCode(codes: readonly string[]): Promise<Map<string, RegionRowView>> {
    if (codes.length === 0) return new Map();
    const { items } = await this.searchRegions({ codes, limit: codes.length, offset: 0 });
    return new Map(items.map((r) => [r.code, r]));
  }

  /** Regions matching the search: exact code or name first, then by depth and code. */
  async searchRegions(search: RegionSearch): Promise<{ items: RegionRowView[]; total: number }> {
    let query = this.db.selectFrom('region as r');
    const q = search.q?.trim();
    if (q) {
      const needle = escapeLike(q.toLowerCase());
      query = query.where((eb) =>
        eb.or([eb('r.code', 'like', `${escapeLike(q)}%`), eb(sql`lower(r.name)`, 'like', `%${needle}%`), eb(sql`lower(coalesce(r.name_en, ''))`, 'like', `%${needle}%`)]),
      );
    }
    if (search.codes) query = query.where('r.code', 'in', [...search.codes]);
    if (search.level) query = query.where('r.level', '=', search.level);
    if (search.parent) query = query.where('r.parent_code', '=', search.parent);
    if (search.within) query = query.where(inRegionScope('r.code', { kind: 'view', roots: [search.within] }));
    if (search.maxDepth !== undefined) query = query.where('r.depth', '<=', search.maxDepth);
    if (search.activeOn) {
      const day = search.activeOn;
      query = query.where('r.valid_from', '<=', day).where((eb) => eb.or([eb('r.valid_to', 'is', null), eb('r.valid_to', '>', day)]));
    }
    const total = (await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const rows = await query
      .selectAll('r')
      .select(sql<number>`(SELECT count(*) FROM region c WHERE c.parent_code = r.code)::int`.as('child_count'))
      .orderBy(sql`CASE WHEN r.code = ${q ?? ''} OR r.name = ${q ?? ''} THEN 0 ELSE 1 END`)
      .orderBy('r.depth')
      .orderBy('r.code')
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    return {
      total: Number(total),
      items: rows.map((r) => ({
        code: r.code,
        name: r.name,
        nameEn: r.name_en,
        level: r.level,
        parentCode: r.parent_code,
        provinceCode: r.province_code,
        depth: r.depth,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        statisticalOnly: r.statistical_only,
        childCount: r.child_count,
      })),
    };
  }

  /** The subtree under `root` down to `depth` levels below it, as flat rows (root first, then by depth and code). */
  async subtree(root: string, depth: number): Promise<RegionRowView[]> {
    const base = await this.db.selectFrom('region').select('depth').where('code', '=', root).executeTakeFirst();
    if (!base) return [];
    const { items } = await this.searchRegions({ within: root, maxDepth: base.depth + depth, limit: 100_000, offset: 0 });
    return items;
  }

  /** The owner region of an indicator definition (the nation when none is recorded). */
  async indicatorOwner(code: string): Promise<string> {
    const row = await this.db
      .selectFrom('indicator as i')
      .leftJoin('indicator_owner as o', 'o.indicator_id', 'i.id')
      .select('o.region_code')
      .where('i.code', '=', code)
      .executeTakeFirst();
    return row?.region_code ?? '000000';
  }

  async setIndicatorOwner(code: string, region: string): Promise<void> {
    await sql`INSERT INTO indicator_owner (indicator_id, region_code)
              SELECT id, ${region} FROM indicator WHERE code = ${code}
              ON CONFLICT (indicator_id) DO UPDATE SET region_code = EXCLUDED.region_code`.execute(this.db);
  }
}
