/**
 * Targets: a framework × indicator × region scope × milestone year, kept as data (`spec`)
 * next to the plan's original wording and its provenance. Evaluation happens elsewhere.
 */
import { sql, type Kysely } from 'kysely';
import type { LocalizedText } from '../../core/indicator/types.js';
import type { VerificationFlag } from '../../core/provenance.js';
import type { RegionLevel } from '../../core/region/types.js';
import type { Target, TargetScope, TargetSpec } from '../../core/target/types.js';
import type { DB } from '../schema.js';
import { FrameworkRepository, resolveIndicatorIds, text, type FrameworkRef } from './framework.repository.js';
import { chunk } from './util.js';

export interface TargetFilter {
  readonly framework?: FrameworkRef;
  readonly indicator?: string;
  readonly year?: number;
  /** Targets that apply to this region: scoped to it, or to its level (optionally within an ancestor). */
  readonly appliesTo?: string;
}

/** A target as listed, with what a reader needs next to the wording. */
export interface TargetListing extends Target {
  readonly id: number;
  readonly frameworkVersion: number;
  readonly indicatorName: LocalizedText;
  readonly unit: string;
  /** Code of the indicator's group in the framework, if any. */
  readonly group: string | null;
}

export class TargetRepository {
  private readonly frameworks: FrameworkRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.frameworks = new FrameworkRepository(db);
  }

  /**
   * Insert or update targets by their natural key (framework, indicator, scope, year).
   * `Target.framework` is a framework code (its highest version) unless `version` is given.
   */
  async upsertTargets(targets: readonly Target[], options: { readonly version?: number } = {}): Promise<number> {
    const frameworkIds = new Map<string, number>();
    for (const code of new Set(targets.map((t) => t.framework))) {
      frameworkIds.set(code, await this.frameworks.resolveId(options.version === undefined ? code : { code, version: options.version }));
    }
    const indicatorIds = await resolveIndicatorIds(this.db, targets.map((t) => t.indicator));
    const rows = targets.map((t) => ({
      framework_id: frameworkIds.get(t.framework)!,
      indicator_id: indicatorIds.get(t.indicator)!,
      scope_region_code: 'region' in t.scope ? t.scope.region : null,
      scope_level: 'level' in t.scope ? t.scope.level : null,
      scope_within_code: 'level' in t.scope ? (t.scope.within ?? null) : null,
      milestone_year: t.milestoneYear,
      kind: t.spec.kind,
      spec: JSON.stringify(t.spec),
      wording: t.wording,
      baseline_year: t.baseline?.year ?? null,
      baseline_value: t.baseline?.value ?? null,
      source_document: t.provenance.source.document,
      source_clause: t.provenance.source.clause ?? null,
      source_url: t.provenance.source.url ?? null,
      source_note: t.provenance.source.note ?? null,
      verification: t.provenance.verification,
    }));
    for (const part of chunk(rows, 1000)) {
      await this.db
        .insertInto('target')
        .values(part)
        .onConflict((oc) =>
          oc.constraint('target_natural_key').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            spec: eb.ref('excluded.spec'),
            wording: eb.ref('excluded.wording'),
            baseline_year: eb.ref('excluded.baseline_year'),
            baseline_value: eb.ref('excluded.baseline_value'),
            source_document: eb.ref('excluded.source_document'),
            source_clause: eb.ref('excluded.source_clause'),
            source_url: eb.ref('excluded.source_url'),
            source_note: eb.ref('excluded.source_note'),
            verification: eb.ref('excluded.verification'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }
    return rows.length;
  }

  /**
   * Targets with their wording, in plan order (group, indicator order, year).
   * @example
   * // Hebei's targets for 2025
   * await targets.list({ framework: 'healthy-hebei-2023-2027', appliesTo: '130000', year: 2025 })
   */
  async list(filter: TargetFilter = {}): Promise<TargetListing[]> {
    let query = this.db
      .selectFrom('target as t')
      .innerJoin('framework as f', 'f.id', 't.framework_id')
      .innerJoin('indicator as i', 'i.id', 't.indicator_id')
      .leftJoin('framework_indicator as fi', (join) => join.onRef('fi.framework_id', '=', 't.framework_id').onRef('fi.indicator_id', '=', 't.indicator_id'))
      .leftJoin('framework_group as g', 'g.id', 'fi.group_id')
      .select([
        't.id', 'f.code as framework', 'f.version as framework_version', 'i.code as indicator', 'i.name_zh', 'i.name_en', 'i.unit',
        'g.code as group_code', 't.scope_region_code', 't.scope_level', 't.scope_within_code', 't.milestone_year', 't.spec', 't.wording',
        't.baseline_year', 't.baseline_value', 't.source_document', 't.source_clause', 't.source_url', 't.source_note', 't.verification',
      ]);
    if (filter.framework !== undefined) query = query.where('t.framework_id', '=', await this.frameworks.resolveId(filter.framework));
    if (filter.indicator !== undefined) query = query.where('i.code', '=', filter.indicator);
    if (filter.year !== undefined) query = query.where('t.milestone_year', '=', filter.year);
    if (filter.appliesTo !== undefined) {
      const region = filter.appliesTo;
      // Scoped to the region itself, or to its level, optionally only under an ancestor.
      query = query.where(
        sql<boolean>`EXISTS (
          SELECT 1 FROM region r LEFT JOIN region w ON w.code = t.scope_within_code
          WHERE r.code = ${region}
            AND (t.scope_region_code = r.code
                 OR (t.scope_level = r.level AND (t.scope_within_code IS NULL OR r.path LIKE w.path || '/%'))))`,
      );
    }
    const rows = await query
      .orderBy('f.code')
      .orderBy(sql`g.sort_order NULLS FIRST`)
      .orderBy(sql`fi.sort_order NULLS LAST`)
      .orderBy('i.code')
      .orderBy('t.milestone_year')
      .orderBy('t.id')
      .execute();
    return rows.map((r) => {
      const scope: TargetScope =
        r.scope_region_code !== null
          ? { region: r.scope_region_code }
          : { level: r.scope_level as RegionLevel, ...(r.scope_within_code !== null ? { within: r.scope_within_code } : {}) };
      const baseline = r.baseline_year === null ? undefined : { year: r.baseline_year, ...(r.baseline_value !== null ? { value: r.baseline_value } : {}) };
      return {
        id: r.id,
        framework: r.framework,
        frameworkVersion: r.framework_version,
        indicator: r.indicator,
        indicatorName: text(r.name_zh, r.name_en),
        unit: r.unit,
        group: r.group_code,
        scope,
        milestoneYear: r.milestone_year,
        spec: r.spec as TargetSpec,
        wording: r.wording,
        ...(baseline ? { baseline } : {}),
        provenance: {
          source: {
            document: r.source_document,
            ...(r.source_clause !== null ? { clause: r.source_clause } : {}),
            ...(r.source_url !== null ? { url: r.source_url } : {}),
            ...(r.source_note !== null ? { note: r.source_note } : {}),
          },
          verification: r.verification as VerificationFlag,
        },
      };
    });
  }
}
