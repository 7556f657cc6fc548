/**
 * Evidence attachments (佐证材料): metadata rows. The bytes are stored content-addressed on disk
 * by the attachment service; this table ties a SHA-256 to a form instance with the sniffed type.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { reportingDb, type ReportingDB } from './dataset.repository.js';
import type { InstanceKey } from './workflow.repository.js';

export interface AttachmentInput extends InstanceKey {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly fileName: string;
  readonly elementKey?: string | null;
  readonly uploadedBy: string;
}

export interface StoredAttachment extends InstanceKey {
  readonly id: number;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly fileName: string;
  readonly elementKey: string | null;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

type Row = {
  id: number; sha256: string; size_bytes: number; content_type: string; file_name: string; data_set_code: string; region_code: string;
  period: string; element_key: string | null; uploaded_by: string; uploaded_at: Date;
};

function toStored(r: Row): StoredAttachment {
  return {
    id: r.id,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    contentType: r.content_type,
    fileName: r.file_name,
    dataSet: r.data_set_code,
    region: r.region_code,
    period: r.period,
    elementKey: r.element_key,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

export class AttachmentRepository {
  private readonly db: Kysely<ReportingDB>;

  constructor(db: Kysely<DB>) {
    this.db = reportingDb(db);
  }

  async insert(input: AttachmentInput): Promise<StoredAttachment> {
    const row = await this.db
      .insertInto('attachment')
      .values({
        province_code: sql<string>`(SELECT province_code FROM region WHERE code = ${input.region})`,
        sha256: input.sha256,
        size_bytes: input.sizeBytes,
        content_type: input.contentType,
        file_name: input.fileName,
        data_set_code: input.dataSet,
        region_code: input.region,
        period: input.period,
        element_key: input.elementKey ?? null,
        uploaded_by: input.uploadedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStored(row);
  }

  /** A live (not deleted) attachment by id. */
  async get(id: number): Promise<StoredAttachment | undefined> {
    const row = await this.db.selectFrom('attachment').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return row ? toStored(row) : undefined;
  }

  /** Live attachments of a form instance, oldest first. */
  async list(key: InstanceKey): Promise<StoredAttachment[]> {
    const rows = await this.db
      .selectFrom('attachment')
      .selectAll()
      .where('data_set_code', '=', key.dataSet)
      .where('region_code', '=', key.region)
      .where('period', '=', key.period)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toStored);
  }

  /** Mark deleted (the row and the bytes stay: the audit trail may refer to them). */
  async markDeleted(id: number, actor: string): Promise<boolean> {
    const result = await this.db
      .updateTable('attachment')
      .set({ deleted_at: sql<Date>`now()`, deleted_by: actor })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
