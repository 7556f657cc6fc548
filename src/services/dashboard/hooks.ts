/**
 * The extension points through which data changes reach the dashboards.
 *
 * - `refreshDashboardsAfterTransition(trx, record)`: called by the reporting workflow
 *   (`WorkflowService.act`) inside its transaction, right after a transition is stored. Only a
 *   transition into or out of `final` changes what counts; then the form's elements at the
 *   form's region and period are refreshed in the same transaction, so the approval and the
 *   figures it changes commit together. A failing refresh never blocks the approval: its work is
 *   rolled back to a savepoint and the province is flagged stale (a rebuild is due).
 * - `refreshDashboardsAfterImport(db, batchId)`: after an import (file, CLI, API) committed —
 *   imported values count as final when no form collects them — the values the batch wrote,
 *   from its audit rows; many values in a province become one rebuild of the elements concerned.
 * - `rebuildDashboards(db)`: after loading content, every province with values.
 */
import { sql, type Kysely } from 'kysely';
import type { TransitionRecord } from '../../core/workflow/index.js';
import { AggregateService } from '../evaluation/aggregate.service.js';
import { DashboardRepository } from '../../storage/repositories/dashboard.repository.js';
import { DataSetRepository } from '../../storage/repositories/dataset.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import { atomically } from '../../storage/repositories/util.js';
import type { DB } from '../../storage/schema.js';
import { DashboardRefresher, type DashboardRebuildReport, type DataChange, type RefreshReport } from './refresh.service.js';

/** What happened to the dashboards after a transition. */
export type TransitionRefresh = { readonly refreshed: false; readonly reason: string } | { readonly refreshed: true; readonly report: RefreshReport };

/** See the module comment. Call inside the transition's transaction with its `trx`. */
export async function refreshDashboardsAfterTransition(trx: Kysely<DB>, record: Pick<TransitionRecord, 'dataSet' | 'region' | 'period' | 'from' | 'to'>): Promise<TransitionRefresh> {
  if (record.from !== 'final' && record.to !== 'final') return { refreshed: false, reason: `${record.from} → ${record.to} changes no final value` };
  const elements = await new DataSetRepository(trx).elements(record.dataSet);
  const changes: DataChange[] = [...new Set(elements.map((e) => e.dataElement))].map((element) => ({ element, region: record.region, period: record.period }));
  try {
    return { refreshed: true, report: await atomically(trx, (inner) => new DashboardRefresher(inner).refresh(changes)) };
  } catch (error) {
    const region = await new RegionRepository(trx).get(record.region);
    const reason = `refresh after ${record.dataSet} ${record.region} ${record.period} (${record.from} → ${record.to}) failed: ${error instanceof Error ? error.message : String(error)}`;
    if (region) await new DashboardRepository(trx).markStale(region.provinceCode, reason.slice(0, 2000));
    return { refreshed: false, reason };
  }
}

/** Above this many changed keys in one province an import rebuilds the elements instead. */
export const IMPORT_REBUILD_THRESHOLD = 200;

export interface ImportRefreshReport {
  readonly changes: number;
  readonly incremental?: RefreshReport;
  readonly rebuilt: readonly DashboardRebuildReport[];
}

/** See the module comment. Call after the import's transaction committed. */
export async function refreshDashboardsAfterImport(db: Kysely<DB>, batchId: number, threshold = IMPORT_REBUILD_THRESHOLD): Promise<ImportRefreshReport> {
  const { rows } = await sql<{ province_code: string; entity_key: string }>`
    SELECT province_code, entity_key FROM audit_log WHERE batch_id = ${batchId} AND entity = 'data_value'`.execute(db);
  const byProvince = new Map<string, Map<string, DataChange>>();
  for (const r of rows) {
    const [element, region, period] = r.entity_key.split('|');
    if (!element || !region || !period) continue;
    const changes = byProvince.get(r.province_code) ?? new Map<string, DataChange>();
    changes.set(`${element}|${region}|${period}`, { element, region, period });
    byProvince.set(r.province_code, changes);
  }
  const small: DataChange[] = [];
  const rebuilt: DashboardRebuildReport[] = [];
  for (const [provinceCode, changes] of [...byProvince].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (provinceCode === '000000') continue; // the nation's own figures: nothing rolls up from them
    if (changes.size <= threshold) {
      small.push(...changes.values());
      continue;
    }
    const elements = [...new Set([...changes.values()].map((c) => c.element))].sort();
    await db.transaction().execute(async (trx) => {
      await new AggregateService(trx).rebuild({ region: provinceCode, elements });
      rebuilt.push(await new DashboardRefresher(trx).rebuild(provinceCode, { aggregates: 'skip', elements }));
    });
  }
  const incremental = small.length ? await new DashboardRefresher(db).refresh(small) : undefined;
  return { changes: rows.length, ...(incremental ? { incremental } : {}), rebuilt };
}

/** Rebuild the dashboards of every province holding values (after loading content). */
export async function rebuildDashboards(db: Kysely<DB>): Promise<DashboardRebuildReport[]> {
  // One primary-key probe per province rather than a scan of every value.
  const { rows } = await sql<{ code: string }>`
    SELECT r.code FROM region r WHERE r.level = 'province'
      AND EXISTS (SELECT 1 FROM data_value dv WHERE dv.province_code = r.code) ORDER BY 1`.execute(db);
  const out: DashboardRebuildReport[] = [];
  for (const r of rows) out.push(await new DashboardRefresher(db).rebuild(r.code));
  return out;
}
