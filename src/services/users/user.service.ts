/**
 * User administration: create accounts, change profile, roles and scopes, disable, reset
 * passwords. Every change is audited in the same transaction as the change itself, with the
 * old and new values (never a password or its hash).
 */
import type { Kysely } from 'kysely';
import { makeActor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { AuditRepository, type AuditEntryInput } from '../../storage/repositories/audit.repository.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { SessionRepository } from '../../storage/repositories/session.repository.js';
import { TokenRepository } from '../../storage/repositories/token.repository.js';
import { UserRepository, type StoredUser, type UserChanges, type UserListFilter } from '../../storage/repositories/user.repository.js';
import type { DB } from '../../storage/schema.js';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../auth/password.js';

export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const RESERVED_IDS = new Set(['public', 'system', 'anonymous']);

export interface NewUserRequest {
  readonly username: string;
  readonly displayName: string;
  readonly email?: string | null;
  readonly roles: readonly string[];
  readonly captureScope?: readonly string[];
  readonly viewScope?: readonly string[];
  /** Omitted: a strong one-time password is generated, returned once, and must be changed. */
  readonly password?: string;
}

export interface UserUpdateRequest extends UserChanges {
  readonly expectedVersion?: number;
}

/** Who performs an administrative change (recorded in the audit log). */
export interface AdminContext {
  readonly actorId: string;
  readonly context?: Record<string, unknown>;
}

export class UserService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => Date,
  ) {}

  get(id: string): Promise<StoredUser> {
    return new UserRepository(this.db).require(id);
  }

  list(filter: UserListFilter): Promise<{ items: StoredUser[]; total: number }> {
    return new UserRepository(this.db).list(filter);
  }

  /**
   * Create an account. Returns the generated password when none was given (shown once).
   * @throws VITALS_E_INVALID_INPUT (bad id, role or scope code, unknown region), VITALS_E_WEAK_PASSWORD, VITALS_E_CONFLICT
   */
  async create(
    request: NewUserRequest,
    by: AdminContext,
    options: { readonly allowUnknownRegions?: boolean } = {},
  ): Promise<{ user: StoredUser; generatedPassword?: string }> {
    const id = request.username.trim().toLowerCase();
    if (!USER_ID_PATTERN.test(id) || RESERVED_IDS.has(id)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `username ${JSON.stringify(request.username)} must be 2–64 of a-z 0-9 . _ - (starting with a letter or digit) and not a reserved name` });
    }
    const actor = makeActor({ id, roles: request.roles, captureScope: request.captureScope ?? [], viewScope: request.viewScope ?? [] });
    // The first administrator may be created before any region is loaded.
    if (!options.allowUnknownRegions) await this.requireRegions([...actor.captureScope, ...actor.viewScope]);
    const generated = request.password === undefined ? generatePassword(id) : undefined;
    const password = request.password ?? generated!;
    assertPasswordPolicy(password, id);
    const passwordHash = await hashPassword(password);
    const now = this.now();
    const user = await this.db.transaction().execute(async (trx) => {
      const created = await new UserRepository(trx).insert({
        id,
        displayName: request.displayName.trim(),
        email: request.email ?? null,
        roles: actor.roles,
        captureScope: actor.captureScope,
        viewScope: actor.viewScope,
        passwordHash,
        mustChangePassword: generated !== undefined,
        now,
      });
      await new AuditRepository(trx).append([
        {
          actor: by.actorId,
          action: 'create',
          entity: 'user',
          entityKey: id,
          newValue: publicView(created),
          ...(by.context ? { context: by.context } : {}),
        },
      ]);
      return created;
    });
    return generated === undefined ? { user } : { user, generatedPassword: generated };
  }

  /**
   * Change an account. Role, scope and enablement changes are separate audit rows so that
   * "who granted what, when" is one filter away. Disabling revokes sessions and tokens.
   * @throws VITALS_E_NOT_FOUND, VITALS_E_CONFLICT (stale `expectedVersion`), VITALS_E_INVALID_INPUT (incl. removing the last admin)
   */
  async update(id: string, request: UserUpdateRequest, by: AdminContext): Promise<StoredUser> {
    const now = this.now();
    const normalised: UserChanges = { ...request };
    if (request.roles || request.captureScope || request.viewScope) {
      const actor = makeActor({ id, roles: request.roles ?? [], captureScope: request.captureScope ?? [], viewScope: request.viewScope ?? [] });
      Object.assign(normalised, {
        ...(request.roles ? { roles: actor.roles } : {}),
        ...(request.captureScope ? { captureScope: actor.captureScope } : {}),
        ...(request.viewScope ? { viewScope: actor.viewScope } : {}),
      });
      await this.requireRegions([...(normalised.captureScope ?? []), ...(normalised.viewScope ?? [])]);
    }
    if (request.displayName !== undefined) Object.assign(normalised, { displayName: request.displayName.trim() });
    return this.db.transaction().execute(async (trx) => {
      const users = new UserRepository(trx);
      const before = await users.require(id);
      const losesAdmin =
        before.roles.includes('admin') && !before.disabled && ((normalised.roles && !normalised.roles.includes('admin')) || normalised.disabled === true);
      if (losesAdmin && (await users.countActiveWithRole('admin')) <= 1) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${id} is the last enabled administrator; appoint another one first` });
      }
      const after = await users.update(id, normalised, now, request.expectedVersion);
      await new AuditRepository(trx).append(changeEntries(before, after, by));
      if (after.disabled && !before.disabled) {
        await new SessionRepository(trx).revokeAllOf(id, now);
        await new TokenRepository(trx).revokeAllOf(id, now);
      }
      return after;
    });
  }

  /**
   * Set a fresh generated password (shown once), force a change at next login, and end every
   * session and token of the account. Also unlocks it.
   */
  async resetPassword(id: string, by: AdminContext): Promise<string> {
    const password = generatePassword(id);
    const hash = await hashPassword(password);
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).require(id);
      await new UserRepository(trx).setPassword(id, hash, true, now);
      await new SessionRepository(trx).revokeAllOf(id, now);
      await new TokenRepository(trx).revokeAllOf(id, now);
      await new AuditRepository(trx).append([
        { actor: by.actorId, action: 'password_reset', entity: 'user', entityKey: id, ...(by.context ? { context: by.context } : {}) },
      ]);
    });
    return password;
  }

  /** @throws VITALS_E_INVALID_INPUT naming every scope code that is not a stored region */
  private async requireRegions(codes: readonly string[]): Promise<void> {
    const unknown = await new ScopeRepository(this.db).unknownRegions(codes);
    if (unknown.length > 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `unknown region(s) in scope: ${unknown.join(', ')}` });
  }
}

/** What the audit log records about an account (no secrets, no lockout counters). */
function publicView(user: StoredUser): Record<string, unknown> {
  return {
    displayName: user.displayName,
    email: user.email,
    roles: user.roles,
    captureScope: user.captureScope,
    viewScope: user.viewScope,
    disabled: user.disabled,
  };
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

function changeEntries(before: StoredUser, after: StoredUser, by: AdminContext): AuditEntryInput[] {
  const base = { actor: by.actorId, entity: 'user', entityKey: after.id, ...(by.context ? { context: by.context } : {}) };
  const out: AuditEntryInput[] = [];
  if (!same(before.roles, after.roles)) out.push({ ...base, action: 'roles_change', oldValue: { roles: before.roles }, newValue: { roles: after.roles } });
  if (!same(before.captureScope, after.captureScope) || !same(before.viewScope, after.viewScope)) {
    out.push({
      ...base,
      action: 'scope_change',
      oldValue: { captureScope: before.captureScope, viewScope: before.viewScope },
      newValue: { captureScope: after.captureScope, viewScope: after.viewScope },
    });
  }
  if (before.disabled !== after.disabled) out.push({ ...base, action: after.disabled ? 'disable' : 'enable', oldValue: { disabled: before.disabled }, newValue: { disabled: after.disabled } });
  if (before.displayName !== after.displayName || before.email !== after.email) {
    out.push({ ...base, action: 'update', oldValue: { displayName: before.displayName, email: before.email }, newValue: { displayName: after.displayName, email: after.email } });
  }
  return out;
}
