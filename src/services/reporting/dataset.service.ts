/**
 * Data sets (forms): define and read them, and compute which cells are expected from which
 * regions for a period, with completeness and timeliness from the data actually entered.
 */
import { sql } from 'kysely';
import { authorize, type Actor } from '../../core/access/index.js';
import {
  completeness,
  expectedCells,
  parseDataSet,
  requireDataSetPeriod,
  timeliness,
  windowFor,
  type CompletenessResult,
  type DataSet,
  type TimelinessResult,
} from '../../core/dataset/index.js';
import type { Region } from '../../core/region/types.js';
import { detectOutliers, parseValidationRules, type OutlierOptions, type ValidationRuleInput } from '../../core/validation/index.js';
import { AuditRepository, MetadataRepository } from '../../storage/index.js';
import { inRegionScope, type RegionScope } from '../../storage/repositories/scope.repository.js';
import { DataSetRepository, type DataSetElementRow, type StoredDataSet } from '../../storage/repositories/dataset.repository.js';
import { ValidationRuleRepository } from '../../storage/repositories/validation-rule.repository.js';
import { parseElementKey } from './element-key.js';
import { requireLineage, type ReportingDeps, inTransaction } from './instance.js';

export interface DataSetInput {
  /** The form (core `parseDataSet` shape). */
  readonly definition: unknown;
  /** Region whose planners maintain the form. */
  readonly ownerRegion: string;
  readonly validationRules?: readonly ValidationRuleInput[];
  readonly outlierOptions?: OutlierOptions | null;
}

export interface DataSetView {
  readonly dataSet: DataSet;
  readonly ownerRegion: string;
  readonly validationRules: readonly ValidationRuleInput[];
  readonly outlierOptions: OutlierOptions | null;
  readonly revision: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface ExpectedReport {
  readonly dataSet: string;
  readonly period: string;
  readonly window: ReturnType<typeof windowFor>;
  readonly regions: readonly string[];
  readonly expectedCells: number;
  readonly completeness: CompletenessResult;
  readonly timeliness: TimelinessResult;
}

export class DataSetService {
  constructor(private readonly deps: ReportingDeps) {}

  async list(): Promise<DataSetView[]> {
    const stored = await new DataSetRepository(this.deps.db).list();
    return Promise.all(stored.map((s) => this.toView(s)));
  }

  async get(code: string): Promise<DataSetView> {
    return this.toView(await new DataSetRepository(this.deps.db).require(code));
  }

  /**
   * Create or replace a data set (planner). Every problem of the definition, its rules and its
   * outlier options is reported at once. Audited as a metadata change.
   * @throws VITALS_E_INVALID_CONFIG, VITALS_E_FORBIDDEN, VITALS_E_OUT_OF_SCOPE
   */
  async save(actor: Actor, input: DataSetInput): Promise<DataSetView> {
    const { db } = this.deps;
    authorize(actor, 'metadata.write', { region: await requireLineage(db, input.ownerRegion) });
    const known = new Set((await new MetadataRepository(db).listDataElements()).map((e) => e.code));
    const dataSet = parseDataSet(input.definition, known);
    const rules = input.validationRules ?? [];
    parseValidationRules(rules, new Set([...known, ...dataSet.elements.map((e) => e.element)]));
    const outlierOptions = input.outlierOptions ?? null;
    // The core checks options when it runs; run it once on a dummy value so bad options fail now.
    if (outlierOptions) detectOutliers({ element: 'X', region: 'X', period: '2000', value: 0 }, outlierOptions);
    const rows: DataSetElementRow[] = dataSet.elements.map((e, i) => {
      const parts = parseElementKey(e.element);
      return { elementKey: e.element, dataElement: parts.dataElement, sex: parts.sex, ageGroup: parts.ageGroup, area: parts.area, section: e.section ?? null, order: i };
    });
    await inTransaction(db, async (trx) => {
      const repo = new DataSetRepository(trx);
      const before = await repo.get(dataSet.code);
      // Taking over a form needs the right on its current owner too.
      if (before && before.ownerRegion !== input.ownerRegion) {
        authorize(actor, 'metadata.write', { region: await requireLineage(trx, before.ownerRegion) });
      }
      await repo.save(dataSet, rows, { ownerRegion: input.ownerRegion, outlierOptions, actor: actor.id });
      await new ValidationRuleRepository(trx).replace(dataSet.code, rules);
      await new AuditRepository(trx).append([
        {
          actor: actor.id,
          action: before ? 'update' : 'insert',
          entity: 'data_set',
          entityKey: dataSet.code,
          region: input.ownerRegion,
          oldValue: before ? { definition: before.dataSet, revision: before.revision } : undefined,
          newValue: { definition: dataSet, validationRules: rules, outlierOptions },
        },
      ]);
    });
    return this.get(dataSet.code);
  }

  /**
   * Expected cells of a period for the reporting regions inside `scope` (the caller's view scope
   * from the central filter) or inside `within` when given (checked against the actor), with
   * completeness and timeliness of what was entered.
   */
  async expected(actor: Actor, code: string, period: string, scope: RegionScope, within?: string): Promise<ExpectedReport> {
    const { db } = this.deps;
    const stored = await new DataSetRepository(db).require(code);
    const p = requireDataSetPeriod(stored.dataSet, period);
    let effective = scope;
    if (within !== undefined) {
      authorize(actor, 'data.read', { region: await requireLineage(db, within) });
      effective = { kind: 'view', roots: [within] };
    }
    const rows = await db
      .selectFrom('region')
      .selectAll()
      .where('level', 'in', [...stored.dataSet.reportingLevels])
      .where(inRegionScope('region.code', effective))
      .orderBy('code')
      .execute();
    const unique: Region[] = rows.map((r) => ({ code: r.code, name: r.name, level: r.level as Region['level'], parentCode: r.parent_code, validFrom: r.valid_from, validTo: r.valid_to }));
    const cells = expectedCells(stored.dataSet, unique, p);
    const codes = [...new Set(cells.map((c) => c.region))];
    const elements = await new DataSetRepository(db).elements(code);
    const byCell = new Map(elements.map((e) => [`${e.dataElement}|${e.sex}|${e.ageGroup}|${e.area}`, e.elementKey]));
    const entered = [];
    if (codes.length > 0) {
      const { rows } = await sql<{ code: string; sex: string; age_group: string; area: string; region_code: string; value: number | null; created_at: Date }>`
        SELECT de.code, dv.sex, dv.age_group, dv.area, dv.region_code, dv.value, dv.created_at
        FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id
        WHERE dv.region_code = ANY(${codes}::text[]) AND dv.period = ${p.code}`.execute(db);
      for (const r of rows) {
        const element = byCell.get(`${r.code}|${r.sex}|${r.age_group}|${r.area}`);
        if (element) entered.push({ element, region: r.region_code, period: p.code, value: r.value, firstEnteredAt: r.created_at.toISOString() });
      }
    }
    const window = windowFor(stored.dataSet, p);
    return {
      dataSet: code,
      period: p.code,
      window,
      regions: codes,
      expectedCells: cells.length,
      completeness: completeness(cells, entered),
      timeliness: timeliness(cells, entered, { dueAt: window.dueAt, timelyDays: stored.dataSet.schedule.timelyDays }),
    };
  }

  private async toView(stored: StoredDataSet): Promise<DataSetView> {
    const code = stored.dataSet.code;
    return {
      dataSet: stored.dataSet,
      ownerRegion: stored.ownerRegion,
      validationRules: await new ValidationRuleRepository(this.deps.db).list(code),
      outlierOptions: stored.outlierOptions,
      revision: stored.revision,
      updatedBy: stored.updatedBy,
      updatedAt: stored.updatedAt.toISOString(),
    };
  }
}
