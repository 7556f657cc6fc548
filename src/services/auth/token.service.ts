/**
 * Personal API tokens: created by their owner with a subset of the owner's permissions and
 * an expiry, shown once, stored as a SHA-256 digest, listed and revoked by the owner. Every
 * change is audited.
 */
import type { Kysely } from 'kysely';
import { PERMISSIONS, type Permission } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { TokenRepository, type StoredToken } from '../../storage/repositories/token.repository.js';
import type { DB } from '../../storage/schema.js';
import { rolePermissions, TOKEN_PREFIX, type ClientInfo, type Principal } from './auth.service.js';
import { digest, newSecret } from './secrets.js';
import type { AuthSettings } from './settings.js';

export interface NewTokenRequest {
  readonly name: string;
  /** Default: every permission the owner's roles carry. */
  readonly permissions?: readonly string[];
  /** Lifetime in days (default `settings.tokenDefaultDays`, at most `settings.tokenMaxDays`). */
  readonly expiresInDays?: number;
}

export class TokenService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: AuthSettings,
    private readonly now: () => Date,
  ) {}

  /**
   * Create a token for the principal's user; the returned `secret` is never shown again.
   * @throws VITALS_E_INVALID_INPUT for unknown permissions or a bad lifetime;
   *         VITALS_E_FORBIDDEN for permissions the owner does not hold
   */
  async create(principal: Principal, request: NewTokenRequest, client: ClientInfo): Promise<{ token: StoredToken; secret: string }> {
    const owned = rolePermissions(principal.actor);
    const asked = request.permissions ?? [...owned];
    const unknown = asked.filter((p) => !PERMISSIONS.includes(p as Permission));
    if (unknown.length > 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `unknown permission(s): ${unknown.join(', ')}` });
    const notHeld = asked.filter((p) => !owned.has(p as Permission));
    if (notHeld.length > 0) throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: `a token cannot carry permissions its owner lacks: ${notHeld.join(', ')}` });
    if (asked.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'a token needs at least one permission' });
    const days = request.expiresInDays ?? this.settings.tokenDefaultDays;
    if (!Number.isInteger(days) || days < 1 || days > this.settings.tokenMaxDays) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `expiresInDays must be a whole number from 1 to ${this.settings.tokenMaxDays}` });
    }
    const now = this.now();
    const secret = `${TOKEN_PREFIX}${newSecret()}`;
    const permissions = [...new Set(asked as Permission[])].sort();
    return this.db.transaction().execute(async (trx) => {
      const token = await new TokenRepository(trx).insert({
        userId: principal.user.id,
        name: request.name.trim(),
        tokenHash: digest(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        permissions,
        now,
        expiresAt: new Date(now.getTime() + days * 86_400_000),
      });
      await new AuditRepository(trx).append([
        {
          actor: principal.user.id,
          action: 'create',
          entity: 'api_token',
          entityKey: String(token.id),
          newValue: { name: token.name, permissions, expiresAt: token.expiresAt.toISOString(), owner: token.userId },
          context: { ip: client.ip },
        },
      ]);
      return { token, secret };
    });
  }

  list(principal: Principal, limit: number, offset: number): Promise<{ items: StoredToken[]; total: number }> {
    return new TokenRepository(this.db).listOf(principal.user.id, limit, offset);
  }

  /** Revoke one of the principal's own tokens (idempotent). @throws VITALS_E_NOT_FOUND for someone else's token */
  async revoke(principal: Principal, id: number, client: ClientInfo): Promise<StoredToken> {
    return this.db.transaction().execute(async (trx) => {
      const tokens = new TokenRepository(trx);
      const token = await tokens.requireOf(principal.user.id, id);
      if (token.revokedAt !== null) return token;
      const now = this.now();
      await tokens.revoke(id, now);
      await new AuditRepository(trx).append([
        { actor: principal.user.id, action: 'revoke', entity: 'api_token', entityKey: String(id), oldValue: { name: token.name }, context: { ip: client.ip } },
      ]);
      return { ...token, revokedAt: now };
    });
  }
}
