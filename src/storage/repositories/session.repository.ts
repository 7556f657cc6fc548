/**
 * Browser sessions (migration 0010). Rows are keyed by the SHA-256 of the cookie secret, so the
 * table alone cannot be replayed. Expiry is decided by the caller with the injected clock.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { authDb, type AuthDB } from './user.repository.js';

export interface StoredSession {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfHash: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export interface NewSession {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfHash: string;
  readonly now: Date;
  readonly expiresAt: Date;
  readonly clientIp?: string;
  readonly userAgent?: string;
}

export class SessionRepository {
  private readonly db: Kysely<AuthDB>;

  constructor(db: Kysely<DB>) {
    this.db = authDb(db);
  }

  async insert(session: NewSession): Promise<void> {
    await this.db
      .insertInto('user_session')
      .values({
        id_hash: session.idHash,
        user_id: session.userId,
        csrf_hash: session.csrfHash,
        created_at: session.now,
        last_seen_at: session.now,
        expires_at: session.expiresAt,
        client_ip: session.clientIp ?? null,
        // Bounded: the header is attacker-controlled.
        user_agent: session.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
  }

  async get(idHash: string): Promise<StoredSession | undefined> {
    const row = await this.db.selectFrom('user_session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    if (!row) return undefined;
    return {
      idHash: row.id_hash,
      userId: row.user_id,
      csrfHash: row.csrf_hash,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
      expiresAt: new Date(row.expires_at),
      revokedAt: row.revoked_at,
    };
  }

  async touch(idHash: string, now: Date): Promise<void> {
    await this.db.updateTable('user_session').set({ last_seen_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  async revoke(idHash: string, now: Date): Promise<void> {
    await this.db.updateTable('user_session').set({ revoked_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  /** Revoke every live session of a user, optionally sparing one (the caller's own). Returns how many. */
  async revokeAllOf(userId: string, now: Date, except?: string): Promise<number> {
    let query = this.db.updateTable('user_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (except !== undefined) query = query.where('id_hash', '<>', except);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Delete sessions that ended before `before` (housekeeping; sessions are not audit records). */
  async purgeEnded(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('user_session')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
