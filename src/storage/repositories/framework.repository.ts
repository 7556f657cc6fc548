/**
 * Frameworks (plans, versioned), their groups, their indicators and their targets.
 * A framework is referenced by code (meaning its highest version) or by code and version.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { IndicatorKind, IndicatorNature, LocalizedText } from '../../core/indicator/types.js';
import type { Provenance } from '../../core/provenance.js';
import type { DB, FrameworkTable } from '../schema.js';
import { chunk, toJson } from './util.js';

export type FrameworkRef = string | { readonly code: string; readonly version: number };
export type FrameworkStatus = 'draft' | 'active' | 'superseded' | 'archived';

export interface FrameworkInput {
  readonly code: string;
  /** Revision of the plan's content; default 1. */
  readonly version?: number;
  readonly name: LocalizedText;
  /** Region whose government issued the plan ('000000' national, '130000' Hebei). */
  readonly jurisdiction?: string;
  readonly startYear?: number;
  readonly endYear?: number;
  /** A higher-level plan whose indicators this one adopts. */
  readonly parent?: FrameworkRef;
  readonly issuer?: string;
  readonly document?: string;
  readonly status?: FrameworkStatus;
  readonly provenance?: Provenance;
}

export interface StoredFramework {
  readonly id: number;
  readonly code: string;
  readonly version: number;
  readonly name: LocalizedText;
  readonly jurisdiction: string | null;
  readonly startYear: number | null;
  readonly endYear: number | null;
  readonly parentId: number | null;
  readonly issuer: string | null;
  readonly document: string | null;
  readonly status: FrameworkStatus;
  readonly provenance: Provenance | null;
}

export interface FrameworkGroupInput {
  readonly code: string;
  readonly name: LocalizedText;
  /** Code of the enclosing group in the same framework. */
  readonly parent?: string;
  readonly sortOrder?: number;
}

export interface StoredFrameworkGroup extends FrameworkGroupInput {
  readonly id: number;
}

export interface FrameworkIndicatorInput {
  readonly indicator: string;
  readonly group?: string;
  /** Number or label as printed in the plan. */
  readonly label?: string;
  readonly nature?: IndicatorNature;
  readonly kind?: IndicatorKind;
  readonly baseline?: { readonly year?: number; readonly value?: number; readonly text?: string };
  readonly adoptedFrom?: FrameworkRef;
  readonly sortOrder?: number;
  readonly provenance?: Provenance;
}

export interface StoredFrameworkIndicator extends FrameworkIndicatorInput {
  readonly indicatorName: LocalizedText;
  readonly unit: string;
}

export const text = (zh: string, en: string | null): LocalizedText => (en === null ? { zh } : { zh, en });

function toFramework(row: Selectable<FrameworkTable>): StoredFramework {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    name: text(row.name_zh, row.name_en),
    jurisdiction: row.jurisdiction_code,
    startYear: row.start_year,
    endYear: row.end_year,
    parentId: row.parent_framework_id,
    issuer: row.issuer,
    document: row.document,
    status: row.status as FrameworkStatus,
    provenance: (row.provenance as Provenance | null) ?? null,
  };
}

export class FrameworkRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Database id of a framework; `VITALS_E_NOT_FOUND` if absent. */
  async resolveId(ref: FrameworkRef): Promise<number> {
    const code = typeof ref === 'string' ? ref : ref.code;
    let query = this.db.selectFrom('framework').select('id').where('code', '=', code);
    if (typeof ref !== 'string') query = query.where('version', '=', ref.version);
    const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${typeof ref === 'string' ? code : `${code} v${ref.version}`}` });
    return row.id;
  }

  /** Insert or update a framework by (code, version); returns its id. */
  async upsertFramework(input: FrameworkInput): Promise<number> {
    const parentId = input.parent === undefined ? null : await this.resolveId(input.parent);
    const row = await this.db
      .insertInto('framework')
      .values({
        code: input.code,
        version: input.version ?? 1,
        name_zh: input.name.zh,
        name_en: input.name.en ?? null,
        jurisdiction_code: input.jurisdiction ?? null,
        start_year: input.startYear ?? null,
        end_year: input.endYear ?? null,
        parent_framework_id: parentId,
        issuer: input.issuer ?? null,
        document: input.document ?? null,
        status: input.status ?? 'active',
        provenance: toJson(input.provenance),
      })
      .onConflict((oc) =>
        oc.columns(['code', 'version']).doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          jurisdiction_code: eb.ref('excluded.jurisdiction_code'),
          start_year: eb.ref('excluded.start_year'),
          end_year: eb.ref('excluded.end_year'),
          parent_framework_id: eb.ref('excluded.parent_framework_id'),
          issuer: eb.ref('excluded.issuer'),
          document: eb.ref('excluded.document'),
          status: eb.ref('excluded.status'),
          provenance: eb.ref('excluded.provenance'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async getFramework(ref: FrameworkRef): Promise<StoredFramework | undefined> {
    const code = typeof ref === 'string' ? ref : ref.code;
    let query = this.db.selectFrom('framework').selectAll().where('code', '=', code);
    if (typeof ref !== 'string') query = query.where('version', '=', ref.version);
    const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? toFramework(row) : undefined;
  }

  /** Every framework version, newest version first within a code. */
  async listFrameworks(): Promise<StoredFramework[]> {
    const rows = await this.db.selectFrom('framework').selectAll().orderBy('code').orderBy('version', 'desc').execute();
    return rows.map(toFramework);
  }

  /** Insert or update groups by code; a parent must be stored already or listed earlier. */
  async upsertGroups(ref: FrameworkRef, groups: readonly FrameworkGroupInput[]): Promise<void> {
    const frameworkId = await this.resolveId(ref);
    const ids = await this.groupIds(frameworkId);
    for (const g of groups) {
      const parentId = g.parent === undefined ? null : ids.get(g.parent);
      if (parentId === undefined) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `group ${g.parent} (parent of ${g.code})` });
      const row = await this.db
        .insertInto('framework_group')
        .values({ framework_id: frameworkId, code: g.code, name_zh: g.name.zh, name_en: g.name.en ?? null, parent_id: parentId, sort_order: g.sortOrder ?? 0 })
        .onConflict((oc) =>
          oc.columns(['framework_id', 'code']).doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            parent_id: eb.ref('excluded.parent_id'),
            sort_order: eb.ref('excluded.sort_order'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(g.code, row.id);
    }
  }

  private async groupIds(frameworkId: number): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('framework_group').select(['id', 'code']).where('framework_id', '=', frameworkId).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async listGroups(ref: FrameworkRef): Promise<StoredFrameworkGroup[]> {
    const frameworkId = await this.resolveId(ref);
    const rows = await this.db
      .selectFrom('framework_group as g')
      .leftJoin('framework_group as p', 'p.id', 'g.parent_id')
      .select(['g.id', 'g.code', 'g.name_zh', 'g.name_en', 'g.sort_order', 'p.code as parent'])
      .where('g.framework_id', '=', frameworkId)
      .orderBy('g.sort_order')
      .orderBy('g.code')
      .execute();
    return rows.map((r) => ({ id: r.id, code: r.code, name: text(r.name_zh, r.name_en), sortOrder: r.sort_order, ...(r.parent ? { parent: r.parent } : {}) }));
  }

  /** Insert or update the indicators a framework contains. */
  async upsertFrameworkIndicators(ref: FrameworkRef, items: readonly FrameworkIndicatorInput[]): Promise<void> {
    const frameworkId = await this.resolveId(ref);
    const indicatorIds = await resolveIndicatorIds(this.db, items.map((i) => i.indicator));
    const groups = await this.groupIds(frameworkId);
    const adopted = new Map<string, number>();
    for (const item of items) {
      if (item.adoptedFrom === undefined) continue;
      const key = JSON.stringify(item.adoptedFrom);
      if (!adopted.has(key)) adopted.set(key, await this.resolveId(item.adoptedFrom));
    }
    const rows = items.map((item) => {
      const groupId = item.group === undefined ? null : groups.get(item.group);
      if (groupId === undefined) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `group ${item.group} (for indicator ${item.indicator})` });
      return {
        framework_id: frameworkId,
        indicator_id: indicatorIds.get(item.indicator)!,
        group_id: groupId,
        label: item.label ?? null,
        nature: item.nature ?? null,
        kind: item.kind ?? null,
        baseline_year: item.baseline?.year ?? null,
        baseline_value: item.baseline?.value ?? null,
        baseline_text: item.baseline?.text ?? null,
        adopted_from_framework_id: item.adoptedFrom === undefined ? null : adopted.get(JSON.stringify(item.adoptedFrom))!,
        sort_order: item.sortOrder ?? 0,
        provenance: toJson(item.provenance),
      };
    });
    for (const part of chunk(rows, 1000)) {
      await this.db
        .insertInto('framework_indicator')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['framework_id', 'indicator_id']).doUpdateSet((eb) => ({
            group_id: eb.ref('excluded.group_id'),
            label: eb.ref('excluded.label'),
            nature: eb.ref('excluded.nature'),
            kind: eb.ref('excluded.kind'),
            baseline_year: eb.ref('excluded.baseline_year'),
            baseline_value: eb.ref('excluded.baseline_value'),
            baseline_text: eb.ref('excluded.baseline_text'),
            adopted_from_framework_id: eb.ref('excluded.adopted_from_framework_id'),
            sort_order: eb.ref('excluded.sort_order'),
            provenance: eb.ref('excluded.provenance'),
          })),
        )
        .execute();
    }
  }

  /** A framework's indicators in plan order (group, then sort order, then code). */
  async listFrameworkIndicators(ref: FrameworkRef): Promise<StoredFrameworkIndicator[]> {
    const frameworkId = await this.resolveId(ref);
    const rows = await this.db
      .selectFrom('framework_indicator as fi')
      .innerJoin('indicator as i', 'i.id', 'fi.indicator_id')
      .leftJoin('framework_group as g', 'g.id', 'fi.group_id')
      .leftJoin('framework as a', 'a.id', 'fi.adopted_from_framework_id')
      .select([
        'i.code', 'i.name_zh', 'i.name_en', 'i.unit', 'g.code as group_code', 'fi.label', 'fi.nature', 'fi.kind',
        'fi.baseline_year', 'fi.baseline_value', 'fi.baseline_text', 'fi.sort_order', 'fi.provenance', 'a.code as adopted_code', 'a.version as adopted_version',
      ])
      .where('fi.framework_id', '=', frameworkId)
      .orderBy(sql`g.sort_order NULLS FIRST`)
      .orderBy('fi.sort_order')
      .orderBy('i.code')
      .execute();
    return rows.map((r) => {
      const baseline = {
        ...(r.baseline_year !== null ? { year: r.baseline_year } : {}),
        ...(r.baseline_value !== null ? { value: r.baseline_value } : {}),
        ...(r.baseline_text !== null ? { text: r.baseline_text } : {}),
      };
      return {
        indicator: r.code,
        indicatorName: text(r.name_zh, r.name_en),
        unit: r.unit,
        sortOrder: r.sort_order,
        ...(r.group_code ? { group: r.group_code } : {}),
        ...(r.label !== null ? { label: r.label } : {}),
        ...(r.nature !== null ? { nature: r.nature as IndicatorNature } : {}),
        ...(r.kind !== null ? { kind: r.kind as IndicatorKind } : {}),
        ...(Object.keys(baseline).length > 0 ? { baseline } : {}),
        ...(r.adopted_code !== null && r.adopted_version !== null ? { adoptedFrom: { code: r.adopted_code, version: r.adopted_version } } : {}),
        ...(r.provenance ? { provenance: r.provenance as Provenance } : {}),
      };
    });
  }
}

/** Ids of indicators by code; any unknown code is a `VITALS_E_NOT_FOUND` naming all of them. */
export async function resolveIndicatorIds(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(codes)];
  const map = new Map<string, number>();
  for (const part of chunk(unique, 5000)) {
    for (const row of await db.selectFrom('indicator').select(['id', 'code']).where('code', 'in', part).execute()) map.set(row.code, row.id);
  }
  const missing = unique.filter((c) => !map.has(c));
  if (missing.length > 0) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `indicator ${missing.join(', ')}` });
  return map;
}
