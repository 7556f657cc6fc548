/**
 * The extension points through which data changes reach the dashboards.
 *
 * - `refreshDashboardsAfterTransition(trx, record)`: called by the reporting workflow
 *   (`WorkflowService.act`) inside its transaction, right after a transition is stored. Only a
 *   transition into or out of `final` changes what counts; then the form's elements at the
 *   form's region and period are refreshed in the same transaction, so the approval and the
 *   figures it changes commit together. A failing refresh never blocks the approval: its work is
 *   rolled back to a savepoint and the province is flagged stale (a rebuild is due).
 * - `refreshDashboardsBeforeCommit(trx, written)`: the import service's `beforeCommit` hook —
 *   imported values count as final when no form collects them — refreshes exactly the values
 *   the import wrote, in its transaction; many values in a province become one rebuild of the
 *   elements concerned (wired in `POST /imports` and `vitals import`).
 * - `rebuildDashboards(db)`: after loading content, every province with values.
 */
import { sql, type Kysely } from 'kysely';
import type { TransitionRecord } from '../../core/workflow/index.js';
import { NATION } from '../evaluation/aggregate-nation.js';
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
  /** Set when the refresh failed (the province is flagged stale; the import itself stands). */
  readonly failed?: string;
}

/**
 * Refresh the dashboards for values just written (inside the writer's transaction): up to
 * `threshold` changed keys per province incrementally, more by rebuilding that province's
 * aggregates of the elements concerned and the dashboards of the indicators reading them.
 */
export async function refreshDashboardsForValues(trx: Kysely<DB>, values: readonly { readonly dataElement: string; readonly region: string; readonly period: string }[], threshold = IMPORT_REBUILD_THRESHOLD): Promise<ImportRefreshReport> {
  const regions = new RegionRepository(trx);
  const provinceOf = new Map<string, string | null>();
  const byProvince = new Map<string, Map<string, DataChange>>();
  for (const v of values) {
    if (!provinceOf.has(v.region)) {
      const region = await regions.get(v.region);
      provinceOf.set(v.region, region && region.level !== 'nation' ? region.provinceCode : null);
    }
    const provinceCode = provinceOf.get(v.region);
    if (!provinceCode) continue; // unknown here, or the nation's own figures: nothing rolls up from them
    const changes = byProvince.get(provinceCode) ?? new Map<string, DataChange>();
    changes.set(`${v.dataElement}|${v.region}|${v.period}`, { element: v.dataElement, region: v.region, period: v.period });
    byProvince.set(provinceCode, changes);
  }
  const small: DataChange[] = [];
  const rebuilt: DashboardRebuildReport[] = [];
  const rebuiltElements: string[] = [];
  try {
    return await atomically(trx, async (inner) => {
      for (const [provinceCode, changes] of [...byProvince].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (changes.size <= threshold) {
          small.push(...changes.values());
          continue;
        }
        const elements = [...new Set([...changes.values()].map((c) => c.element))].sort();
        // The nation last (below): never wait for a province's lock while holding the nation's.
        await new AggregateService(inner).rebuild({ region: provinceCode, elements, nation: false });
        rebuilt.push(await new DashboardRefresher(inner).rebuild(provinceCode, { aggregates: 'skip', elements, nation: false }));
        rebuiltElements.push(...elements);
      }
      const incremental = small.length ? await new DashboardRefresher(inner).refresh(small) : undefined;
      if (rebuiltElements.length > 0) {
        const elements = [...new Set(rebuiltElements)].sort();
        await new AggregateService(inner).rebuildNation(elements);
        await new DashboardRefresher(inner).rebuild(NATION, { aggregates: 'skip', elements }); // the nation's indicator values
      }
      return { changes: values.length, ...(incremental ? { incremental } : {}), rebuilt };
    });
  } catch (error) {
    const reason = `refresh after writing ${values.length} values failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 2000);
    for (const provinceCode of byProvince.keys()) await new DashboardRepository(trx).markStale(provinceCode, reason);
    return { changes: values.length, rebuilt: [], failed: reason };
  }
}

/**
 * The import service's `beforeCommit` hook (`ImportOptions.beforeCommit`): refresh the
 * dashboards for exactly the values the import wrote, in its transaction. Wire it with
 * `importDataValues(db, source, { …, beforeCommit: refreshDashboardsBeforeCommit })`.
 */
export async function refreshDashboardsBeforeCommit(trx: Kysely<DB>, written: { readonly values: readonly { readonly dataElement: string; readonly region: string; readonly period: string }[] }): Promise<void> {
  await refreshDashboardsForValues(trx, written.values);
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
