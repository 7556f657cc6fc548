/**
 * Evidence attachments (佐证材料) of a form instance. Uploads stream to a temporary file while
 * being hashed and counted, are sniffed against the allow-list, then moved to
 * `<dataDir>/attachments/<aa>/<bb>/<sha256>`: the path is built from the hash alone, so no
 * client-supplied name can reach the file system. Identical files are stored once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { authorize, type Actor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { editProblem } from '../../core/workflow/index.js';
import { AuditRepository } from '../../storage/index.js';
import { AttachmentRepository, type StoredAttachment } from '../../storage/repositories/attachment.repository.js';
import { WorkflowRepository, instanceKeyString, type InstanceKey } from '../../storage/repositories/workflow.repository.js';
import { loadInstance, requireLineage, type ReportingDeps, inTransaction } from './instance.js';
import { ALLOWED_TYPES, safeDisplayName, sniffContentType } from './sniff.js';

const SNIFF_BYTES = 64 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

export interface AttachmentDeps extends ReportingDeps {
  /** Vitals data root; attachments live under `<dataDir>/attachments`. */
  readonly dataDir: string;
  /** Largest accepted upload in bytes. */
  readonly uploadLimit: number;
}

export interface UploadInput {
  readonly stream: Readable;
  /** As the client sent it; used for display only. */
  readonly fileName?: string;
  /** Set by the multipart parser when the stream was cut at the size limit. */
  readonly truncated?: () => boolean;
  readonly elementKey?: string | null;
}

export class AttachmentService {
  constructor(private readonly deps: AttachmentDeps) {}

  private get root(): string {
    return join(this.deps.dataDir, 'attachments');
  }

  /** Where the bytes of a hash live. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new VitalsError('VITALS_E_INTERNAL', {}, `not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async list(actor: Actor, key: InstanceKey): Promise<StoredAttachment[]> {
    const instance = await loadInstance(this.deps.db, key);
    authorize(actor, 'data.read', { region: instance.lineage });
    return new AttachmentRepository(this.deps.db).list(instance.key);
  }

  /**
   * Store an upload for a form the actor may edit now.
   * @throws VITALS_E_PAYLOAD_TOO_LARGE, VITALS_E_UNSUPPORTED_FORMAT (not on the allow-list),
   *   VITALS_E_LOCKED, VITALS_E_OUT_OF_SCOPE
   */
  async upload(actor: Actor, key: InstanceKey, input: UploadInput): Promise<StoredAttachment> {
    const instance = await loadInstance(this.deps.db, key);
    const problem = editProblem(instance.status, actor, instance.lineage);
    if (problem) throw problem;
    if (input.elementKey && !instance.elements.some((e) => e.elementKey === input.elementKey)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${input.elementKey} is not on form ${key.dataSet}` });
    }
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomBytes(16).toString('hex'));
    try {
      const hash = createHash('sha256');
      let size = 0;
      const limit = this.deps.uploadLimit;
      await pipeline(
        input.stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new VitalsError('VITALS_E_PAYLOAD_TOO_LARGE', { limit: `${limit} bytes` });
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
      );
      if (input.truncated?.()) throw new VitalsError('VITALS_E_PAYLOAD_TOO_LARGE', { limit: `${limit} bytes` });
      if (size === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'the uploaded file is empty' });
      const type = sniffContentType(...(await headAndTail(tmp, size)));
      if (!type) {
        throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: `evidence must be one of ${ALLOWED_TYPES.map((t) => t.extension).join(', ')} (checked by content, not by name)` });
      }
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      const exists = await stat(target).then(() => true, () => false);
      if (exists) await rm(tmp, { force: true });
      else await rename(tmp, target);
      const attachment = await inTransaction(this.deps.db, async (trx) => {
        // Re-check under the form's lock: a submission may have happened meanwhile.
        const locked = (await new WorkflowRepository(trx).lockForUpdate([instance.key])).get(instanceKeyString(instance.key))!;
        const late = editProblem(locked, actor, instance.lineage);
        if (late) throw late;
        const row = await new AttachmentRepository(trx).insert({
          ...instance.key, sha256, sizeBytes: size, contentType: type.contentType, fileName: safeDisplayName(input.fileName), elementKey: input.elementKey ?? null, uploadedBy: actor.id,
        });
        await new AuditRepository(trx).append([{
          actor: actor.id, action: 'insert', entity: 'attachment', entityKey: `${instanceKeyString(instance.key)}|${row.id}`, region: key.region, period: instance.key.period,
          newValue: { id: row.id, sha256, size, contentType: type.contentType, fileName: row.fileName },
        }]);
        return row;
      });
      return attachment;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * An attachment's metadata and a stream of its bytes, for a reader in the view scope.
   * @throws VITALS_E_NOT_FOUND, VITALS_E_OUT_OF_SCOPE
   */
  async open(actor: Actor, id: number): Promise<{ attachment: StoredAttachment; stream: Readable }> {
    const attachment = await new AttachmentRepository(this.deps.db).get(id);
    if (!attachment) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `attachment ${id}` });
    authorize(actor, 'data.read', { region: await requireLineage(this.deps.db, attachment.region) });
    const path = this.pathOf(attachment.sha256);
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size !== attachment.sizeBytes) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `the stored file of attachment ${id}` });
    return { attachment, stream: createReadStream(path) };
  }

  /** Withdraw an attachment while the form is editable. */
  async remove(actor: Actor, id: number): Promise<void> {
    const repo = new AttachmentRepository(this.deps.db);
    const attachment = await repo.get(id);
    if (!attachment) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `attachment ${id}` });
    const instance = await loadInstance(this.deps.db, attachment);
    const problem = editProblem(instance.status, actor, instance.lineage);
    if (problem) throw problem;
    await inTransaction(this.deps.db, async (trx) => {
      if (!(await new AttachmentRepository(trx).markDeleted(id, actor.id))) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `attachment ${id}` });
      await new AuditRepository(trx).append([{
        actor: actor.id, action: 'delete', entity: 'attachment', entityKey: `${instanceKeyString(attachment)}|${id}`, region: attachment.region, period: attachment.period,
        oldValue: { id, sha256: attachment.sha256, fileName: attachment.fileName },
      }]);
    });
  }
}

async function headAndTail(path: string, size: number): Promise<[Buffer, Buffer]> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return [head, tail];
  } finally {
    await handle.close();
  }
}
