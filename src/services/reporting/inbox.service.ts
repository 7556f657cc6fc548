/**
 * The inbox of one user: forms awaiting my action (approve or return at my step), forms
 * returned to me, and forms I should have submitted by their due date (overdue), from the data
 * sets' schedules and the injected clock. A reminder job asks the same question per user.
 *
 * The classification is the core's (`allowedActions` + `inboxReasons`), so the inbox never lists
 * a form the user could not act on.
 */
import { sql } from 'kysely';
import { hasPermission, type Actor, type RegionLineage } from '../../core/access/index.js';
import { addDays, localDate, windowFor, type DataSet } from '../../core/dataset/index.js';
import { containingPeriod, makePeriod, periodStart, periodsPerYear, shiftPeriod } from '../../core/period/index.js';
import { allowedActions, inboxReasons, initialStatus, type AllowedActions, type InboxReason, type WorkflowStatus } from '../../core/workflow/index.js';
import { DataSetRepository } from '../../storage/repositories/dataset.repository.js';
import { ScopeRepository, inRegionScope, type RegionScope } from '../../storage/repositories/scope.repository.js';
import { WorkflowRepository, instanceKeyString } from '../../storage/repositories/workflow.repository.js';
import type { ReportingDeps } from './instance.js';

/** Overdue forms are listed for due dates up to this many days back. */
const OVERDUE_LOOKBACK_DAYS = 366;

export interface InboxItem {
  readonly dataSet: string;
  readonly dataSetName: DataSet['name'];
  readonly region: string;
  readonly regionName: string;
  readonly period: string;
  readonly state: WorkflowStatus['state'];
  readonly approvals: number;
  readonly version: number;
  readonly dueAt: string;
  readonly reasons: readonly InboxReason[];
  readonly allowedActions: AllowedActions;
}

export interface Inbox {
  readonly today: string;
  readonly counts: Readonly<Record<InboxReason, number>>;
  readonly total: number;
  readonly items: readonly InboxItem[];
}

export interface InboxQuery {
  readonly reason?: InboxReason;
  readonly dataSet?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export class InboxService {
  constructor(private readonly deps: ReportingDeps) {}

  /**
   * @param scope the caller's capture scope from the central scope filter (`request.scope.region('capture')`)
   */
  async inbox(actor: Actor, scope: RegionScope, query: InboxQuery = {}): Promise<Inbox> {
    const { db, now } = this.deps;
    const today = localDate(now().toISOString());
    const dataSets = (await new DataSetRepository(db).list()).map((s) => s.dataSet).filter((d) => !query.dataSet || d.code === query.dataSet);
    const byCode = new Map(dataSets.map((d) => [d.code, d]));
    const workflow = new WorkflowRepository(db);
    const candidates = new Map<string, WorkflowStatus>();

    // Awaiting a decision or returned: stored statuses in the capture scope.
    const pending = await workflow.find({ dataSets: [...byCode.keys()], states: ['submitted', 'approved', 'returned'], scope });
    for (const s of pending) candidates.set(instanceKeyString(s), s);

    // Overdue: expected forms past their due date that are not submitted yet.
    if (hasPermission(actor, 'workflow.submit') || hasPermission(actor, 'data.write')) {
      for (const dataSet of dataSets) {
        const periods = duePeriods(dataSet, today);
        if (periods.length === 0) continue;
        const oldestStart = periods[periods.length - 1]!.start;
        const { rows } = await sql<{ code: string }>`
          SELECT r.code FROM region r
          WHERE r.level = ANY(${[...dataSet.reportingLevels]}::text[]) AND ${inRegionScope('r.code', scope)}
            AND (r.valid_to IS NULL OR r.valid_to > ${oldestStart}::date)
          ORDER BY r.code`.execute(db);
        const regions = rows.map((r) => r.code);
        if (regions.length === 0) continue;
        const stored = new Map((await workflow.find({ dataSets: [dataSet.code], periods: periods.map((p) => p.code), regions })).map((s) => [instanceKeyString(s), s]));
        for (const p of periods) {
          for (const region of regions) {
            const key = { dataSet: dataSet.code, region, period: p.code };
            const s = stored.get(instanceKeyString(key)) ?? initialStatus(key);
            if (s.state === 'draft' || s.state === 'returned') candidates.set(instanceKeyString(s), s);
          }
        }
      }
    }

    const lineages = await new ScopeRepository(db).lineages([...new Set([...candidates.values()].map((s) => s.region))]);
    const names = await regionNames(db, [...lineages.keys()]);
    const items: InboxItem[] = [];
    for (const s of candidates.values()) {
      const dataSet = byCode.get(s.dataSet);
      const lineage: RegionLineage | undefined = lineages.get(s.region);
      if (!dataSet || !lineage || !dataSet.reportingLevels.includes(lineage.level)) continue;
      const allowed = allowedActions(s, dataSet.workflow, actor, lineage);
      const dueAt = windowFor(dataSet, s.period).dueAt;
      const reasons = inboxReasons(s, allowed, dueAt, today);
      if (reasons.length === 0 || (query.reason && !reasons.includes(query.reason))) continue;
      items.push({
        dataSet: s.dataSet, dataSetName: dataSet.name, region: s.region, regionName: names.get(s.region) ?? s.region, period: s.period,
        state: s.state, approvals: s.approvals, version: s.version, dueAt, reasons, allowedActions: allowed,
      });
    }
    // Most urgent first: earliest due date, then data set, region.
    items.sort((a, b) => cmp(a.dueAt, b.dueAt) || cmp(a.dataSet, b.dataSet) || cmp(a.region, b.region) || cmp(a.period, b.period));
    const counts = { awaiting_my_action: 0, returned_to_me: 0, overdue: 0 };
    for (const item of items) for (const r of item.reasons) counts[r]++;
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(Math.max(1, query.limit ?? 100), 1000);
    return { today, counts, total: items.length, items: items.slice(offset, offset + limit) };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Periods of the data set whose due date passed within the look-back, newest first. */
function duePeriods(dataSet: DataSet, today: string): { code: string; start: string }[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  let p = containingPeriod(makePeriod('month', y, m), dataSet.periodType);
  const earliest = addDays(today, -OVERDUE_LOOKBACK_DAYS);
  const out: { code: string; start: string }[] = [];
  for (let i = 0; i < periodsPerYear(dataSet.periodType) * 3; i++, p = shiftPeriod(p, -1)) {
    const dueAt = windowFor(dataSet, p).dueAt;
    if (dueAt >= today) continue;
    if (dueAt < earliest) break;
    out.push({ code: p.code, start: periodStart(p) });
  }
  return out;
}

async function regionNames(db: ReportingDeps['db'], codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
