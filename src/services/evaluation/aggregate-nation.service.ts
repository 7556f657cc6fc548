/**
 * The nation's aggregate rows (province_code = region_code = '000000'): rebuilt, refreshed after
 * a province's rows changed, and checked, always by combining the provinces' stored rows
 * (`combineNationRows`). Writers hold the nation's advisory lock until their transaction ends;
 * whoever takes it last reads every province's committed rows, so two provinces refreshing at
 * once never leave the nation combining a stale province.
 */
import type { Kysely } from 'kysely';
import type { RegionLevel } from '../../core/region/index.js';
import { AggregateRepository, type AggregateRow } from '../../storage/repositories/aggregate.repository.js';
import type { DB } from '../../storage/schema.js';
import { combineNationRows, NATION, type NationComputation, type NationProvince } from './aggregate-nation.js';
import { compareRows, type AggregateMismatch } from './aggregate-verify.js';

type Element = NationComputation['element'];

export interface NationWrite {
  readonly rowsWritten: number;
  readonly rowsDeleted: number;
}

export class NationAggregates {
  private readonly repo: AggregateRepository;
  private provinces?: Promise<NationProvince[]>;

  constructor(db: Kysely<DB>) {
    this.repo = new AggregateRepository(db);
  }

  private listProvinces(): Promise<NationProvince[]> {
    this.provinces ??= this.repo.provincesWithLevels().then((list) => list.map((p) => ({ ...p, regionsByLevel: p.regionsByLevel as Partial<Record<RegionLevel, number>> })));
    return this.provinces;
  }

  /** The nation's rows of one element (of some periods) from the provinces' stored rows. */
  async compute(element: Element, periods?: readonly string[]): Promise<AggregateRow[]> {
    const provinces = await this.listProvinces();
    const rows = await this.repo.provinceRows(provinces.map((p) => p.code), element.id, periods);
    return combineNationRows(element, provinces, rows);
  }

  /**
   * Recompute the nation's rows of one element for these periods (all when omitted) and replace
   * them. Call inside the transaction that wrote the province rows.
   */
  async refresh(element: Element, periods?: readonly string[]): Promise<NationWrite> {
    await this.repo.lockProvince(NATION);
    const rows = await this.compute(element, periods);
    const rowsDeleted = await this.repo.replaceElement(NATION, element.id, rows, periods);
    return { rowsWritten: rows.length, rowsDeleted };
  }

  /** Compare the stored nation rows of these elements with a recombination of the stored province rows. */
  async verify(elements: readonly Element[]): Promise<{ compared: number; mismatches: AggregateMismatch[] }> {
    let compared = 0;
    const mismatches: AggregateMismatch[] = [];
    for (const element of elements) {
      const expected = await this.compute(element);
      const stored = await this.repo.find({ provinceCode: NATION, dataElementIds: [element.id] });
      compared += expected.length;
      for (const m of compareRows(stored, expected)) mismatches.push({ ...m, key: `${NATION}|${m.key}` });
    }
    return { compared, mismatches };
  }
}
