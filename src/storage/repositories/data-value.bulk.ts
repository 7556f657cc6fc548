/**
 * The bulk path for data values: load the batch into a temporary staging table (COPY on a
 * PostgreSQL server, INSERT … SELECT FROM unnest on PGlite, whose socket server cannot carry
 * COPY), then one set-based statement compares with the stored rows, upserts the changed ones
 * and audits them: one row per update (with the old value), and per first insert either one row
 * each or, for imports (`insertAudit: 'per-batch'`), one row per province. Must run inside a
 * transaction.
 */
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { DB } from '../schema.js';
import { chunk } from './util.js';
import { dataValueKeyString, type ChangedItem, type NormalizedInput, type UpsertResult, type WriteContext } from './data-value.types.js';

export type StagingLoader = 'copy' | 'unnest';

const STAGE_COLUMNS =
  'ord, data_element_code, region_code, period, sex, age_group, area, value, comment, comment_set, source, source_set, verification, verification_set, expected_version';

let stageCounter = 0;

function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  // Always quoted: an unquoted empty field is NULL, a quoted one is ''; quoting also keeps a
  // lone "\." from being read as the end-of-data marker.
  return `"${v.replace(/"/g, '""')}"`;
}

function row(i: NormalizedInput): (string | number | boolean | null)[] {
  return [
    i.ord, i.dataElement, i.region, i.period, i.sex, i.ageGroup, i.area, i.value,
    i.comment, i.commentSet, i.source, i.sourceSet, i.verification, i.verificationSet, i.expectedVersion,
  ];
}

async function loadStage(trx: Kysely<DB>, stage: string, items: readonly NormalizedInput[], loader: StagingLoader): Promise<void> {
  if (loader === 'copy') {
    for (const part of chunk(items, 50_000)) {
      const csv = part.map((i) => row(i).map(csvField).join(',')).join('\n') + '\n';
      await trx.executeQuery(CompiledQuery.raw(`COPY ${stage} (${STAGE_COLUMNS}) FROM STDIN (FORMAT csv)`, [csv]));
    }
    return;
  }
  for (const part of chunk(items, 20_000)) {
    const columns = row(part[0]!).map((_, c) => part.map((i) => row(i)[c]));
    await trx.executeQuery(
      CompiledQuery.raw(
        `INSERT INTO ${stage} (${STAGE_COLUMNS})
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::float8[], $9::text[], $10::bool[], $11::text[], $12::bool[], $13::text[], $14::bool[], $15::int[])`,
        columns,
      ),
    );
  }
}

/** Stored row beside each staged row, and whether anything differs. */
function changedCte(stage: string): RawBuilder<unknown> {
  return sql`
    src AS (
      SELECT s.ord, de.id AS data_element_id, s.data_element_code, r.province_code, s.region_code, s.period,
             s.sex, s.age_group, s.area, s.value, s.comment, s.comment_set, s.source, s.source_set,
             s.verification, s.verification_set, s.expected_version
      FROM ${sql.table(stage)} s
      JOIN data_element de ON de.code = s.data_element_code
      JOIN region r ON r.code = s.region_code
    ),
    cur AS (
      SELECT src.*, dv.row_version AS old_version, dv.value AS old_value, dv.comment AS old_comment, dv.source AS old_source,
             dv.verification AS old_verification,
             CASE WHEN src.comment_set THEN src.comment ELSE dv.comment END AS new_comment,
             CASE WHEN src.source_set THEN src.source ELSE dv.source END AS new_source,
             CASE WHEN src.verification_set THEN src.verification ELSE dv.verification END AS new_verification
      FROM src
      LEFT JOIN data_value dv
        ON dv.province_code = src.province_code AND dv.region_code = src.region_code AND dv.period = src.period
       AND dv.data_element_id = src.data_element_id AND dv.sex = src.sex AND dv.age_group = src.age_group AND dv.area = src.area
    ),
    changed AS (
      SELECT * FROM cur
      WHERE old_version IS NULL OR value IS DISTINCT FROM old_value
         OR new_comment IS DISTINCT FROM old_comment OR new_source IS DISTINCT FROM old_source
         OR new_verification IS DISTINCT FROM old_verification
    )`;
}

/** The changed rows as parallel arrays (one json value instead of a row each). */
interface ChangeArrays {
  readonly ord: readonly number[] | null;
  readonly old: readonly (number | null)[] | null;
  readonly ins: readonly boolean[] | null;
}

interface ConflictRow {
  data_element_code: string;
  region_code: string;
  period: string;
  sex: string;
  age_group: string;
  area: string;
  expected_version: number;
  current_version: number;
}

/**
 * The `insert_batch` audit rows of a per-batch write: one per province among the first inserts,
 * naming the batch, the file hash, the count and the key range (entity keys, byte order). The
 * province keeps its audit high-water mark (AggregateRepository.watermarks) moving.
 */
function batchAuditInsert(context: WriteContext, perBatch: boolean): RawBuilder<unknown> {
  return sql`
        INSERT INTO audit_log (province_code, actor, action, entity, entity_key, region_code, period, old_value, new_value, reason, batch_id)
        SELECT k.province_code, ${context.actor}, 'insert_batch', 'data_value', ${`batch ${context.batchId ?? ''}`}, k.province_code, NULL, NULL,
               jsonb_build_object('batch', ${context.batchId ?? null}::bigint, 'fileHash', ${context.fileHash ?? null}::text, 'count', count(*),
                                  'firstKey', min(k.key), 'lastKey', max(k.key), 'version', 1),
               ${context.reason ?? null}::text, ${context.batchId ?? null}::bigint
        FROM (SELECT c.province_code, concat_ws('|', c.data_element_code, c.region_code, c.period, c.sex, c.age_group, c.area) COLLATE "C" AS key
              FROM changed c WHERE ${perBatch} AND c.old_version IS NULL) k
        GROUP BY k.province_code
        ORDER BY k.province_code
        RETURNING 1`;
}

/** Upsert through a staging table; returns the counts. Throws `VITALS_E_CONFLICT` on a version clash. */
export async function bulkUpsert(
  trx: Kysely<DB>,
  items: readonly NormalizedInput[],
  context: WriteContext,
  loader: StagingLoader,
  returnChanges = false,
): Promise<UpsertResult> {
  const stage = `vitals_stage_dv_${process.pid}_${++stageCounter}`;
  await sql`CREATE TEMP TABLE ${sql.table(stage)} (
      ord integer NOT NULL, data_element_code text NOT NULL, region_code text NOT NULL, period text NOT NULL,
      sex text NOT NULL, age_group text NOT NULL, area text NOT NULL, value double precision,
      comment text, comment_set boolean NOT NULL, source text, source_set boolean NOT NULL,
      verification text, verification_set boolean NOT NULL, expected_version integer
    ) ON COMMIT DROP`.execute(trx);
  try {
    await loadStage(trx, stage, items, loader);
    await sql`ANALYZE ${sql.table(stage)}`.execute(trx);

    // Only a caller stating the versions it read can clash; imports never do.
    if (items.some((i) => i.expectedVersion !== null)) {
      const conflicts = await sql<ConflictRow>`
        WITH ${changedCte(stage)}
        SELECT data_element_code, region_code, period, sex, age_group, area, expected_version, coalesce(old_version, 0) AS current_version
        FROM changed
        WHERE expected_version IS NOT NULL AND expected_version <> coalesce(old_version, 0)
        ORDER BY ord
        LIMIT 20`.execute(trx);
      if (conflicts.rows.length > 0) throw conflictError(conflicts.rows);
    }

    const actor = context.actor;
    const perBatch = context.insertAudit === 'per-batch';
    if (perBatch && context.batchId === undefined) throw new VitalsError('VITALS_E_INTERNAL', {}, 'per-batch insert audit needs a batch id');
    const { rows } = await sql<{ total: number; changed: number; inserted: number; written: number; audited: number; changes: ChangeArrays | null }>`
      WITH ${changedCte(stage)},
      written AS (
        INSERT INTO data_value AS dv (province_code, region_code, period, data_element_id, sex, age_group, area,
                                      value, comment, source, verification, row_version, created_by, updated_by)
        SELECT province_code, region_code, period, data_element_id, sex, age_group, area,
               value, new_comment, new_source, new_verification, coalesce(old_version, 0) + 1, ${actor}, ${actor}
        FROM changed
        ON CONFLICT (province_code, region_code, period, data_element_id, sex, age_group, area) DO UPDATE
          SET value = EXCLUDED.value, comment = EXCLUDED.comment, source = EXCLUDED.source, verification = EXCLUDED.verification,
              row_version = EXCLUDED.row_version, updated_by = EXCLUDED.updated_by, updated_at = now()
          -- Only over the version compared above: a row changed or inserted concurrently is skipped,
          -- counted below, and turned into a conflict (which rolls this whole statement back).
          WHERE dv.row_version = EXCLUDED.row_version - 1
        RETURNING 1
      ),
      audited AS (
        -- The version each change gets is the one written above (old + 1); a row not written
        -- makes the counts differ and the whole statement is undone, audit rows included.
        INSERT INTO audit_log (province_code, actor, action, entity, entity_key, region_code, period, old_value, new_value, reason, batch_id)
        SELECT c.province_code, ${actor}, CASE WHEN c.old_version IS NULL THEN 'insert' ELSE 'update' END, 'data_value',
               concat_ws('|', c.data_element_code, c.region_code, c.period, c.sex, c.age_group, c.area), c.region_code, c.period,
               CASE WHEN c.old_version IS NULL THEN NULL
                    ELSE jsonb_build_object('value', c.old_value, 'comment', c.old_comment, 'source', c.old_source,
                                            'verification', c.old_verification, 'version', c.old_version) END,
               jsonb_build_object('value', c.value, 'comment', c.new_comment, 'source', c.new_source,
                                  'verification', c.new_verification, 'version', coalesce(c.old_version, 0) + 1),
               ${context.reason ?? null}::text, ${context.batchId ?? null}::bigint
        FROM changed c
        WHERE NOT ${perBatch} OR c.old_version IS NOT NULL
        ORDER BY c.ord
        RETURNING 1
      ),
      batch_audited AS (
        ${batchAuditInsert(context, perBatch)}
      )
      SELECT (SELECT count(*) FROM src) AS total,
             (SELECT count(*) FROM changed) AS changed,
             (SELECT count(*) FROM changed WHERE old_version IS NULL) AS inserted,
             (SELECT count(*) FROM written) AS written,
             (SELECT count(*) FROM audited) AS audited,
             (SELECT count(*) FROM batch_audited) AS batch_audited,
             ${returnChanges ? sql`(SELECT json_build_object('ord', array_agg(ord ORDER BY ord), 'old', array_agg(old_value ORDER BY ord),
                                                             'ins', array_agg(old_version IS NULL ORDER BY ord)) FROM changed)` : sql`NULL`} AS changes`.execute(trx);
    const counts = rows[0]!;
    if (counts.total !== items.length) {
      throw new VitalsError('VITALS_E_INTERNAL', {}, `staged ${items.length} values but resolved ${counts.total}`);
    }
    const auditedExpected = perBatch ? counts.changed - counts.inserted : counts.changed;
    if (counts.written !== counts.changed || counts.audited !== auditedExpected) {
      throw new VitalsError('VITALS_E_CONFLICT', {
        detail: `${counts.changed - counts.written} value(s) were changed by someone else during this save`,
      });
    }
    const result = { inserted: counts.inserted, updated: counts.changed - counts.inserted, unchanged: counts.total - counts.changed };
    if (!returnChanges) return result;
    const c = counts.changes;
    const changes = (c?.ord ?? []).map((ord, i): ChangedItem => (c!.ins?.[i] ? { index: ord, action: 'insert' } : { index: ord, action: 'update', oldValue: c!.old?.[i] ?? null }));
    return { ...result, changes };
  } finally {
    // ON COMMIT DROP covers the normal end; drop now so that a savepoint caller can go on.
    await sql`DROP TABLE IF EXISTS ${sql.table(stage)}`.execute(trx).catch(() => undefined);
  }
}

export function conflictError(rows: readonly ConflictRow[]): VitalsError {
  const list = rows.map(
    (r) =>
      `${dataValueKeyString({ dataElement: r.data_element_code, region: r.region_code, period: r.period, sex: r.sex, ageGroup: r.age_group, area: r.area })}: expected version ${r.expected_version}, found ${r.current_version}`,
  );
  return new VitalsError('VITALS_E_CONFLICT', { detail: list.slice(0, 5).join('; ') + (list.length > 5 ? `; … ${list.length - 5} more` : '') }, list);
}
