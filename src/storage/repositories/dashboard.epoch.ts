/**
 * The dashboards' data epoch (migration 0050): a number that changes with every committed
 * change of what a dashboard answer may show — figures, live results, the build state, and
 * publication. The HTTP answer cache keys answers by it, so an approval shows in the very next
 * request. Builds and publication bump it by trigger; other writers of the dashboard tables call
 * `bumpDashboardEpoch` in their transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/**
 * Mark the province's dashboards changed, inside the writer's transaction (the bump becomes
 * visible with the change, never before). Cheap: one row upsert, locked until commit, which
 * serialises only writers of the same province (already serialised by the refresh lock).
 */
export async function bumpDashboardEpoch(db: Kysely<DB>, provinceCode: string): Promise<void> {
  await sql`SELECT dashboard_epoch_bump(${provinceCode})`.execute(db);
}

/**
 * The current epoch as a string, read on the connection that will answer (the read replica
 * when there is one). The sum of the per-province counters strictly increases with every
 * committed bump, so equal epochs mean unchanged dashboard tables.
 */
export async function readDashboardEpoch(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ epoch: string | null }>`SELECT sum(epoch)::text AS epoch FROM dashboard_epoch`.execute(db);
  return rows[0]?.epoch ?? '0';
}
