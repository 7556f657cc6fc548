/**
 * Data elements (stored quantities) and indicators (formulas over them).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AggregationRule,
  DataElement,
  IndicatorDefinition,
  IndicatorFactor,
  LocalizedText,
  Polarity,
} from '../../core/indicator/types.js';
import type { PeriodType } from '../../core/period/types.js';
import type { Provenance } from '../../core/provenance.js';
import type { DataElementTable, DB, IndicatorTable } from '../schema.js';
import { chunk, toJson } from './util.js';

/** A stored data element with its database id (the key used by data values). */
export interface StoredDataElement extends DataElement {
  readonly id: number;
}

export interface StoredIndicator extends IndicatorDefinition {
  readonly id: number;
}

/** An age group of the open `age_group` list (the `ageGroup` of a data value). */
export interface StoredAgeGroup {
  readonly code: string;
  readonly name: LocalizedText;
  /** Inclusive age bounds in years; null when open-ended or not stated. */
  readonly minAge: number | null;
  readonly maxAge: number | null;
  readonly sortOrder: number;
}

function text(zh: string, en: string | null): LocalizedText {
  return en === null ? { zh } : { zh, en };
}

function optionalText(zh: string | null, en: string | null): LocalizedText | undefined {
  return zh === null ? undefined : text(zh, en);
}

function toDataElement(row: Selectable<DataElementTable>): StoredDataElement {
  const definition = optionalText(row.definition_zh, row.definition_en);
  return {
    id: row.id,
    code: row.code,
    name: text(row.name_zh, row.name_en),
    unit: row.unit,
    aggregation: row.aggregation as AggregationRule,
    periodType: row.period_type as PeriodType,
    ...(row.weight_element_code ? { weightElement: row.weight_element_code } : {}),
    ...(definition ? { definition } : {}),
    ...(row.source ? { source: row.source } : {}),
    ...(row.responsible_department ? { responsibleDepartment: row.responsible_department } : {}),
  };
}

function toIndicator(row: Selectable<IndicatorTable>): StoredIndicator {
  const definition = optionalText(row.definition_zh, row.definition_en);
  const bounds = row.bounds_min === null && row.bounds_max === null ? undefined : {
    ...(row.bounds_min !== null ? { min: row.bounds_min } : {}),
    ...(row.bounds_max !== null ? { max: row.bounds_max } : {}),
  };
  return {
    id: row.id,
    code: row.code,
    name: text(row.name_zh, row.name_en),
    unit: row.unit,
    polarity: row.polarity as Polarity,
    periodType: row.period_type as PeriodType,
    aggregation: row.aggregation as AggregationRule,
    ...(row.numerator !== null ? { numerator: row.numerator } : {}),
    ...(row.denominator !== null ? { denominator: row.denominator } : {}),
    ...(row.factor !== null ? { factor: row.factor as IndicatorFactor } : {}),
    ...(row.formula !== null ? { formula: row.formula } : {}),
    ...(bounds ? { bounds } : {}),
    ...(definition ? { definition } : {}),
    ...(row.source ? { source: row.source } : {}),
    ...(row.responsible_department ? { responsibleDepartment: row.responsible_department } : {}),
    ...(row.provenance ? { provenance: row.provenance as Provenance } : {}),
  };
}

export class MetadataRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Insert or update data elements by code; returns how many were written. */
  async upsertDataElements(elements: readonly DataElement[]): Promise<number> {
    for (const part of chunk(elements, 1000)) {
      await this.db
        .insertInto('data_element')
        .values(
          part.map((e) => ({
            code: e.code,
            name_zh: e.name.zh,
            name_en: e.name.en ?? null,
            unit: e.unit,
            aggregation: e.aggregation,
            period_type: e.periodType,
            weight_element_code: e.weightElement ?? null,
            definition_zh: e.definition?.zh ?? null,
            definition_en: e.definition?.en ?? null,
            source: e.source ?? null,
            responsible_department: e.responsibleDepartment ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            unit: eb.ref('excluded.unit'),
            aggregation: eb.ref('excluded.aggregation'),
            period_type: eb.ref('excluded.period_type'),
            weight_element_code: eb.ref('excluded.weight_element_code'),
            definition_zh: eb.ref('excluded.definition_zh'),
            definition_en: eb.ref('excluded.definition_en'),
            source: eb.ref('excluded.source'),
            responsible_department: eb.ref('excluded.responsible_department'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }
    return elements.length;
  }

  async getDataElement(code: string): Promise<StoredDataElement | undefined> {
    const row = await this.db.selectFrom('data_element').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toDataElement(row) : undefined;
  }

  /** All data elements, or those with the given codes, ordered by code. */
  async listDataElements(codes?: readonly string[]): Promise<StoredDataElement[]> {
    if (codes && codes.length === 0) return [];
    let query = this.db.selectFrom('data_element').selectAll();
    if (codes) query = query.where('code', 'in', [...codes]);
    return (await query.orderBy('code').execute()).map(toDataElement);
  }

  /** Every age group, in display order (`sort_order`, then code). */
  async listAgeGroups(): Promise<StoredAgeGroup[]> {
    const rows = await this.db.selectFrom('age_group').selectAll().orderBy('sort_order').orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, name: text(r.name_zh, r.name_en), minAge: r.min_age, maxAge: r.max_age, sortOrder: r.sort_order }));
  }

  /** Insert or update indicators by code; returns how many were written. */
  async upsertIndicators(indicators: readonly IndicatorDefinition[]): Promise<number> {
    for (const part of chunk(indicators, 1000)) {
      await this.db
        .insertInto('indicator')
        .values(
          part.map((i) => ({
            code: i.code,
            name_zh: i.name.zh,
            name_en: i.name.en ?? null,
            unit: i.unit,
            polarity: i.polarity,
            period_type: i.periodType,
            aggregation: i.aggregation,
            numerator: i.numerator ?? null,
            denominator: i.denominator ?? null,
            factor: i.factor ?? null,
            formula: i.formula ?? null,
            bounds_min: i.bounds?.min ?? null,
            bounds_max: i.bounds?.max ?? null,
            definition_zh: i.definition?.zh ?? null,
            definition_en: i.definition?.en ?? null,
            source: i.source ?? null,
            responsible_department: i.responsibleDepartment ?? null,
            provenance: toJson(i.provenance),
          })),
        )
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            unit: eb.ref('excluded.unit'),
            polarity: eb.ref('excluded.polarity'),
            period_type: eb.ref('excluded.period_type'),
            aggregation: eb.ref('excluded.aggregation'),
            numerator: eb.ref('excluded.numerator'),
            denominator: eb.ref('excluded.denominator'),
            factor: eb.ref('excluded.factor'),
            formula: eb.ref('excluded.formula'),
            bounds_min: eb.ref('excluded.bounds_min'),
            bounds_max: eb.ref('excluded.bounds_max'),
            definition_zh: eb.ref('excluded.definition_zh'),
            definition_en: eb.ref('excluded.definition_en'),
            source: eb.ref('excluded.source'),
            responsible_department: eb.ref('excluded.responsible_department'),
            provenance: eb.ref('excluded.provenance'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }
    return indicators.length;
  }

  async getIndicator(code: string): Promise<StoredIndicator | undefined> {
    const row = await this.db.selectFrom('indicator').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toIndicator(row) : undefined;
  }

  /** All indicators, or those with the given codes, ordered by code. */
  async listIndicators(codes?: readonly string[]): Promise<StoredIndicator[]> {
    if (codes && codes.length === 0) return [];
    let query = this.db.selectFrom('indicator').selectAll();
    if (codes) query = query.where('code', 'in', [...codes]);
    return (await query.orderBy('code').execute()).map(toIndicator);
  }
}
