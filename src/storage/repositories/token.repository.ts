/**
 * Personal API tokens (migration 0010): stored as the SHA-256 of their secret, with the
 * permissions they may use, an expiry, a revocation time and when they were last used.
 */
import type { Kysely, Selectable } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { Permission } from '../../core/access/index.js';
import type { DB } from '../schema.js';
import { authDb, type ApiTokenTable, type AuthDB } from './user.repository.js';

export interface StoredToken {
  readonly id: number;
  readonly userId: string;
  readonly name: string;
  readonly prefix: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface NewToken {
  readonly userId: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly prefix: string;
  readonly permissions: readonly Permission[];
  readonly now: Date;
  readonly expiresAt: Date;
}

function toToken(row: Selectable<ApiTokenTable>): StoredToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions as Permission[],
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export class TokenRepository {
  private readonly db: Kysely<AuthDB>;

  constructor(db: Kysely<DB>) {
    this.db = authDb(db);
  }

  async insert(token: NewToken): Promise<StoredToken> {
    const row = await this.db
      .insertInto('api_token')
      .values({
        user_id: token.userId,
        name: token.name,
        token_hash: token.tokenHash,
        prefix: token.prefix,
        permissions: [...token.permissions],
        created_at: token.now,
        expires_at: token.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toToken(row);
  }

  async findByHash(tokenHash: string): Promise<StoredToken | undefined> {
    const row = await this.db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  /** Tokens of one user, newest first (revoked and expired ones included, for the record). */
  async listOf(userId: string, limit: number, offset: number): Promise<{ items: StoredToken[]; total: number }> {
    const base = this.db.selectFrom('api_token').where('user_id', '=', userId);
    const total = (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const rows = await base.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return { items: rows.map(toToken), total: Number(total) };
  }

  /** @throws VITALS_E_NOT_FOUND when the user has no such token */
  async requireOf(userId: string, id: number): Promise<StoredToken> {
    const row = await this.db.selectFrom('api_token').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!row) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `token ${id}` });
    return toToken(row);
  }

  async revoke(id: number, now: Date): Promise<void> {
    await this.db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeAllOf(userId: string, now: Date): Promise<number> {
    const result = await this.db.updateTable('api_token').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async recordUse(id: number, now: Date, ip: string | undefined): Promise<void> {
    await this.db.updateTable('api_token').set({ last_used_at: now, last_used_ip: ip ?? null }).where('id', '=', id).execute();
  }
}
