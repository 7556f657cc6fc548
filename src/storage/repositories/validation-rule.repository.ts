/**
 * Validation rules of a data set, stored as authored (the core's `ValidationRuleInput`) and
 * re-parsed by the core when used, so a rule always means what the expression language says.
 */
import type { Kysely } from 'kysely';
import type { ValidationRuleInput } from '../../core/validation/index.js';
import type { DB } from '../schema.js';
import { reportingDb, type ReportingDB } from './dataset.repository.js';

export class ValidationRuleRepository {
  private readonly db: Kysely<ReportingDB>;

  constructor(db: Kysely<DB>) {
    this.db = reportingDb(db);
  }

  /** Replace every rule of the data set by `rules` (in this order). */
  async replace(dataSet: string, rules: readonly ValidationRuleInput[]): Promise<void> {
    await this.db.deleteFrom('validation_rule').where('data_set_code', '=', dataSet).execute();
    if (rules.length === 0) return;
    await this.db
      .insertInto('validation_rule')
      .values(rules.map((rule, i) => ({ data_set_code: dataSet, code: rule.code, importance: rule.importance, definition: JSON.stringify(rule), sort_order: i })))
      .execute();
  }

  /** The rules of a data set as authored, in order. */
  async list(dataSet: string): Promise<ValidationRuleInput[]> {
    const rows = await this.db.selectFrom('validation_rule').select('definition').where('data_set_code', '=', dataSet).orderBy('sort_order').execute();
    return rows.map((r) => r.definition as ValidationRuleInput);
  }
}
