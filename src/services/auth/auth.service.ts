/**
 * Authentication use cases: password login (throttling, lockout, audit), sessions (absolute
 * and idle expiry on the injected clock), API tokens at request time, logout, password change.
 * Authorization is not decided here: a `Principal` only says who is calling and which
 * permissions the credential may use; `src/core/access` decides the rest.
 */
import type { Kysely } from 'kysely';
import { makeActor, PERMISSIONS, hasPermission, type Actor, type Identity, type Permission } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { SessionRepository } from '../../storage/repositories/session.repository.js';
import { TokenRepository, type StoredToken } from '../../storage/repositories/token.repository.js';
import { UserRepository, type StoredUser } from '../../storage/repositories/user.repository.js';
import type { DB } from '../../storage/schema.js';
import { PasswordIdentityProvider } from './identity-provider.js';
import { LoginLimiter } from './login-limiter.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { digest, newSecret } from './secrets.js';
import type { AuthSettings } from './settings.js';

/** Who is calling, through which credential, with which usable permissions. */
export interface Principal {
  readonly via: 'session' | 'token';
  readonly user: StoredUser;
  readonly actor: Actor;
  /** The roles' permissions, narrowed to a token's own list for token requests. */
  readonly permissions: ReadonlySet<Permission>;
  /** Session requests: the session's id digest and CSRF digest. */
  readonly sessionIdHash?: string;
  readonly csrfHash?: string;
  readonly sessionExpiresAt?: Date;
  /** Token requests: the token. */
  readonly token?: StoredToken;
}

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent?: string;
}

export interface LoginResult {
  readonly principal: Principal;
  /** Cookie values: shown to the client once, stored only as digests. */
  readonly sessionSecret: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Session activity is written at most this often (a busy page must not write on every request). */
const TOUCH_INTERVAL_MS = 60_000;
export const TOKEN_PREFIX = 'vt_';

/** Every permission the actor's roles carry (the implicit public role included). */
export function rolePermissions(actor: Actor): Set<Permission> {
  return new Set(PERMISSIONS.filter((p) => hasPermission(actor, p)));
}

export function actorOf(user: StoredUser): Actor {
  return makeActor({ id: user.id, roles: user.roles, captureScope: user.captureScope, viewScope: user.viewScope });
}

const minutes = (n: number): number => n * 60_000;

export class AuthService {
  readonly limiter: LoginLimiter;

  constructor(
    private readonly db: Kysely<DB>,
    readonly settings: AuthSettings,
    private readonly now: () => Date,
  ) {
    this.limiter = new LoginLimiter({
      perIp: settings.loginAttemptsPerIp,
      perAccount: settings.loginAttemptsPerAccount,
      windowMs: minutes(settings.loginWindowMinutes),
      lockoutThreshold: settings.lockoutThreshold,
      lockoutMs: minutes(settings.lockoutMinutes),
    });
  }

  private audit(entries: Parameters<AuditRepository['append']>[0]): Promise<void> {
    return new AuditRepository(this.db).append(entries);
  }

  /**
   * Log in with a password. Failures are deliberately alike (`VITALS_E_INVALID_CREDENTIALS`)
   * for unknown names, wrong passwords and disabled accounts; every outcome is audited.
   * @throws VITALS_E_RATE_LIMITED, VITALS_E_ACCOUNT_LOCKED, VITALS_E_INVALID_CREDENTIALS
   */
  async loginWithPassword(input: { username: string; password: string }, client: ClientInfo): Promise<LoginResult> {
    const username = input.username.trim().toLowerCase();
    const now = this.now();
    const at = now.getTime();
    const context = { ip: client.ip };
    // Attacker-chosen text: bounded before it is recorded anywhere.
    const key = username.slice(0, 100);
    if (this.limiter.hit(client.ip, key, at)) throw new VitalsError('VITALS_E_RATE_LIMITED');

    const users = new UserRepository(this.db);
    const user = await users.get(username);
    const failure = (reason: string) =>
      this.audit([{ actor: user ? user.id : 'anonymous', action: 'login_failed', entity: 'user', entityKey: key, reason, context }]);

    if (!user) {
      const lockedFor = this.limiter.phantomLockMinutes(key, at);
      if (lockedFor > 0) {
        await failure('locked');
        throw new VitalsError('VITALS_E_ACCOUNT_LOCKED', { minutes: lockedFor });
      }
      await new PasswordIdentityProvider(users).authenticate({ username, password: input.password });
      await failure('unknown_user');
      if (this.limiter.phantomFailure(key, at)) throw new VitalsError('VITALS_E_ACCOUNT_LOCKED', { minutes: this.settings.lockoutMinutes });
      throw new VitalsError('VITALS_E_INVALID_CREDENTIALS');
    }

    if (user.lockedUntil !== null) {
      if (user.lockedUntil.getTime() > at) {
        await failure('locked');
        throw new VitalsError('VITALS_E_ACCOUNT_LOCKED', { minutes: Math.ceil((user.lockedUntil.getTime() - at) / 60_000) });
      }
      await users.clearExpiredLock(user.id);
    }

    const identity = await new PasswordIdentityProvider(users).authenticate({ username, password: input.password });
    if (!identity) {
      const lockUntil = new Date(at + minutes(this.settings.lockoutMinutes));
      const state = await users.recordFailure(user.id, this.settings.lockoutThreshold, lockUntil);
      await failure('bad_password');
      if (state.lockedUntil !== null && state.lockedUntil.getTime() > at) {
        await this.audit([
          { actor: 'system', action: 'lockout', entity: 'user', entityKey: user.id, newValue: { lockedUntil: lockUntil.toISOString(), failedLogins: state.failedLogins }, context },
        ]);
        throw new VitalsError('VITALS_E_ACCOUNT_LOCKED', { minutes: this.settings.lockoutMinutes });
      }
      throw new VitalsError('VITALS_E_INVALID_CREDENTIALS');
    }
    if (user.disabled) {
      await failure('disabled');
      throw new VitalsError('VITALS_E_INVALID_CREDENTIALS');
    }
    await users.recordSuccess(user.id, now);
    return this.startSession(identity, client);
  }

  /**
   * Open a session for a proven identity (any provider): looks up the linked account, which
   * must exist and be enabled. The entry point for future SSO providers.
   * @throws VITALS_E_FORBIDDEN when no enabled account is linked
   */
  async startSession(identity: Identity, client: ClientInfo): Promise<LoginResult> {
    const users = new UserRepository(this.db);
    const user = await users.findByIdentity(identity.provider, identity.subject);
    if (!user || user.disabled) throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: `no enabled account is linked to ${identity.provider}:${identity.subject}` });
    const now = this.now();
    const sessionSecret = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + minutes(this.settings.sessionMinutes));
    const idHash = digest(sessionSecret);
    const sessions = new SessionRepository(this.db);
    // Housekeeping on the way: sessions that ended a week ago are of no use to anyone.
    await sessions.purgeEnded(new Date(now.getTime() - 7 * 86_400_000));
    await sessions.insert({
      idHash,
      userId: user.id,
      csrfHash: digest(csrfToken),
      now,
      expiresAt,
      clientIp: client.ip,
      ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    });
    await this.audit([
      { actor: user.id, action: 'login', entity: 'user', entityKey: user.id, context: { ip: client.ip, provider: identity.provider, session: idHash.slice(0, 12) } },
    ]);
    const actor = actorOf(user);
    return {
      principal: { via: 'session', user, actor, permissions: rolePermissions(actor), sessionIdHash: idHash, csrfHash: digest(csrfToken), sessionExpiresAt: expiresAt },
      sessionSecret,
      csrfToken,
      expiresAt,
    };
  }

  /**
   * The principal of a session cookie. Expired (absolute or idle), revoked or disabled:
   * @throws VITALS_E_SESSION_EXPIRED
   */
  async resolveSession(secret: string): Promise<Principal> {
    const sessions = new SessionRepository(this.db);
    const idHash = digest(secret);
    const session = await sessions.get(idHash);
    const now = this.now();
    const at = now.getTime();
    if (!session || session.revokedAt !== null) throw new VitalsError('VITALS_E_SESSION_EXPIRED');
    const idleEnd = session.lastSeenAt.getTime() + minutes(this.settings.sessionIdleMinutes);
    if (at >= session.expiresAt.getTime() || at >= idleEnd) {
      await sessions.revoke(idHash, now);
      throw new VitalsError('VITALS_E_SESSION_EXPIRED', {}, { reason: at >= session.expiresAt.getTime() ? 'absolute' : 'idle' });
    }
    const user = await new UserRepository(this.db).get(session.userId);
    if (!user || user.disabled) {
      await sessions.revoke(idHash, now);
      throw new VitalsError('VITALS_E_SESSION_EXPIRED');
    }
    if (at - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await sessions.touch(idHash, now);
    const actor = actorOf(user);
    return { via: 'session', user, actor, permissions: rolePermissions(actor), sessionIdHash: idHash, csrfHash: session.csrfHash, sessionExpiresAt: session.expiresAt };
  }

  /**
   * The principal of a bearer token: usable permissions are the token's list intersected
   * with what the owner's roles carry today.
   * @throws VITALS_E_UNAUTHENTICATED (unknown, expired, revoked, or owner disabled; details say which)
   */
  async resolveToken(token: string, client: ClientInfo): Promise<Principal> {
    const fail = (reason: string): never => {
      throw new VitalsError('VITALS_E_UNAUTHENTICATED', {}, { reason });
    };
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) fail('malformed token');
    const tokens = new TokenRepository(this.db);
    const stored = await tokens.findByHash(digest(token));
    if (!stored) return fail('unknown token');
    const now = this.now();
    if (stored.revokedAt !== null) fail('token revoked');
    if (now.getTime() >= stored.expiresAt.getTime()) fail('token expired');
    const user = await new UserRepository(this.db).get(stored.userId);
    if (!user || user.disabled) return fail('token owner disabled');
    if (stored.lastUsedAt === null || now.getTime() - stored.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) await tokens.recordUse(stored.id, now, client.ip);
    const actor = actorOf(user);
    const roles = rolePermissions(actor);
    const permissions = new Set(stored.permissions.filter((p) => roles.has(p)));
    // Public permissions stay usable: a token never sees less than an anonymous visitor.
    for (const p of rolePermissions({ ...actor, roles: [] })) permissions.add(p);
    return { via: 'token', user, actor, permissions, token: { ...stored, lastUsedAt: now } };
  }

  async logout(principal: Principal, client: ClientInfo): Promise<void> {
    if (principal.sessionIdHash === undefined) return;
    await new SessionRepository(this.db).revoke(principal.sessionIdHash, this.now());
    await this.audit([{ actor: principal.user.id, action: 'logout', entity: 'user', entityKey: principal.user.id, context: { ip: client.ip } }]);
  }

  /**
   * Change one's own password: the current one must be right; other sessions and all tokens
   * of the user are revoked (a changed password means "lock out whoever else had it").
   * @throws VITALS_E_INVALID_CREDENTIALS, VITALS_E_WEAK_PASSWORD
   */
  async changeOwnPassword(principal: Principal, current: string, next: string, client: ClientInfo): Promise<void> {
    const users = new UserRepository(this.db);
    const stored = await users.passwordHash(principal.user.id);
    if (!stored || !(await verifyPassword(stored, current))) {
      await this.audit([{ actor: principal.user.id, action: 'password_change_failed', entity: 'user', entityKey: principal.user.id, reason: 'wrong current password', context: { ip: client.ip } }]);
      throw new VitalsError('VITALS_E_INVALID_CREDENTIALS');
    }
    assertPasswordPolicy(next, principal.user.id);
    if (next === current) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'the new password must differ from the current one' });
    const hash = await hashPassword(next);
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).setPassword(principal.user.id, hash, false, now);
      await new SessionRepository(trx).revokeAllOf(principal.user.id, now, principal.sessionIdHash);
      await new TokenRepository(trx).revokeAllOf(principal.user.id, now);
      await new AuditRepository(trx).append([
        { actor: principal.user.id, action: 'password_change', entity: 'user', entityKey: principal.user.id, context: { ip: client.ip } },
      ]);
    });
  }
}
