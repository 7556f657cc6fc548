/**
 * The append-only audit log. The database refuses UPDATE, DELETE and TRUNCATE on it; this
 * repository only appends and reads. Data-value changes are appended by the data-value
 * repository in the same statement as the change; other events (workflow transitions, logins,
 * permission and metadata changes) come through `append`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { chunk, toJson } from './util.js';

export interface AuditEntryInput {
  readonly actor: string;
  /** 'insert' | 'update' | 'delete' for data; verbs such as 'submit', 'approve', 'login' for events. */
  readonly action: string;
  /** 'data_value', 'workflow', 'user', 'indicator', … */
  readonly entity: string;
  readonly entityKey: string;
  /** Region the event concerns; its province becomes the row's distribution key. */
  readonly region?: string;
  readonly period?: string;
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
  readonly reason?: string;
  readonly batchId?: number;
  /** Request id, client address, … */
  readonly context?: Record<string, unknown>;
}

export interface AuditEntry {
  readonly id: number;
  readonly provinceCode: string;
  readonly occurredAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityKey: string;
  readonly region: string | null;
  readonly period: string | null;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly reason: string | null;
  readonly batchId: number | null;
  readonly context: Record<string, unknown> | null;
}

export interface AuditQuery {
  readonly entity?: string;
  readonly entityKey?: string;
  /** Events of this region only. */
  readonly region?: string;
  /** Events of this region and every region below it. */
  readonly within?: string;
  readonly actor?: string;
  readonly batchId?: number;
  /** Inclusive lower bound. */
  readonly from?: Date;
  /** Exclusive upper bound. */
  readonly to?: Date;
  /** Page size (default 100, at most 10,000). */
  readonly limit?: number;
  /** Keyset paging: entries with a smaller id than this one (results are newest first). */
  readonly beforeId?: number;
}

export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Append entries; the province comes from `region` ('000000' when there is none). */
  async append(entries: readonly AuditEntryInput[]): Promise<void> {
    for (const part of chunk(entries, 500)) {
      await this.db
        .insertInto('audit_log')
        .values(
          part.map((e) => ({
            province_code: e.region
              ? sql<string>`coalesce((SELECT province_code FROM region WHERE code = ${e.region}), '000000')`
              : '000000',
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_key: e.entityKey,
            region_code: e.region ?? null,
            period: e.period ?? null,
            old_value: toJson(e.oldValue),
            new_value: toJson(e.newValue),
            reason: e.reason ?? null,
            batch_id: e.batchId ?? null,
            context: toJson(e.context),
          })),
        )
        .execute();
    }
  }

  /** Entries matching every given filter, newest first. */
  async query(filter: AuditQuery = {}): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log as a').selectAll('a');
    if (filter.entity !== undefined) query = query.where('a.entity', '=', filter.entity);
    if (filter.entityKey !== undefined) query = query.where('a.entity_key', '=', filter.entityKey);
    if (filter.region !== undefined) query = query.where('a.region_code', '=', filter.region);
    if (filter.within !== undefined) {
      const root = filter.within;
      query = query.where(
        sql<boolean>`a.region_code IN (
          SELECT d.code FROM region d, region w
          WHERE w.code = ${root} AND (d.code = w.code OR d.path LIKE w.path || '/%'))`,
      );
    }
    if (filter.actor !== undefined) query = query.where('a.actor', '=', filter.actor);
    if (filter.batchId !== undefined) query = query.where('a.batch_id', '=', filter.batchId);
    if (filter.from !== undefined) query = query.where('a.occurred_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('a.occurred_at', '<', filter.to);
    if (filter.beforeId !== undefined) query = query.where('a.id', '<', filter.beforeId);
    const limit = Math.min(Math.max(1, filter.limit ?? 100), 10_000);
    const rows = await query.orderBy('a.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      provinceCode: r.province_code,
      occurredAt: r.occurred_at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityKey: r.entity_key,
      region: r.region_code,
      period: r.period,
      oldValue: r.old_value,
      newValue: r.new_value,
      reason: r.reason,
      batchId: r.batch_id,
      context: (r.context as Record<string, unknown> | null) ?? null,
    }));
  }

  /** Number of entries matching the entity filter (for reports and tests). */
  async count(filter: Pick<AuditQuery, 'entity' | 'batchId'> = {}): Promise<number> {
    let query = this.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
    if (filter.batchId !== undefined) query = query.where('batch_id', '=', filter.batchId);
    return (await query.executeTakeFirstOrThrow()).n;
  }
}
