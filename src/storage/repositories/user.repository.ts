/**
 * User accounts and their linked identities (migration 0010). The Kysely types of the
 * identity-and-access tables live here too (`AuthTables`), reached with `db.withTables<AuthTables>()`
 * so that the shared `schema.ts` stays untouched.
 */
import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { Role } from '../../core/access/index.js';
import type { DB } from '../schema.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AppUserTable {
  id: string;
  display_name: string;
  email: string | null;
  roles: Generated<string[]>;
  capture_scope: Generated<string[]>;
  view_scope: Generated<string[]>;
  disabled: Generated<boolean>;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  last_login_at: NullableTimestamp;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserIdentityTable {
  provider: string;
  subject: string;
  user_id: string;
  created_at: Timestamp;
}

export interface UserSessionTable {
  id_hash: string;
  user_id: string;
  csrf_hash: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  revoked_at: NullableTimestamp;
  client_ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  permissions: string[];
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  last_used_ip: string | null;
}

export interface IndicatorOwnerTable {
  indicator_id: number;
  region_code: string;
}

export interface RegionClosureTable {
  ancestor: string;
  descendant: string;
}

/** The tables of migrations 0010 (identity and access) and 0011 (region closure). */
export type AuthTables = {
  app_user: AppUserTable;
  user_identity: UserIdentityTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  indicator_owner: IndicatorOwnerTable;
  region_closure: RegionClosureTable;
};

export type AuthDB = DB & AuthTables;

/** The same connection (or transaction) seen with the identity-and-access tables. */
export function authDb(db: Kysely<DB>): Kysely<AuthDB> {
  return db.withTables<AuthTables>() as unknown as Kysely<AuthDB>;
}

/** A user account as the services see it (never the password hash). */
export interface StoredUser {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly roles: readonly Role[];
  readonly captureScope: readonly string[];
  readonly viewScope: readonly string[];
  readonly disabled: boolean;
  readonly hasPassword: boolean;
  readonly mustChangePassword: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly lastLoginAt: Date | null;
  readonly passwordChangedAt: Date | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewUser {
  readonly id: string;
  readonly displayName: string;
  readonly email?: string | null;
  readonly roles: readonly Role[];
  readonly captureScope: readonly string[];
  readonly viewScope: readonly string[];
  readonly passwordHash: string | null;
  readonly mustChangePassword?: boolean;
  readonly now: Date;
}

export interface UserChanges {
  readonly displayName?: string;
  readonly email?: string | null;
  readonly roles?: readonly Role[];
  readonly captureScope?: readonly string[];
  readonly viewScope?: readonly string[];
  readonly disabled?: boolean;
}

export interface UserListFilter {
  /** Case-insensitive substring of id, display name or e-mail. */
  readonly q?: string;
  readonly role?: Role;
  readonly disabled?: boolean;
  readonly limit: number;
  readonly offset: number;
}

function toUser(row: Selectable<AppUserTable>): StoredUser {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    roles: row.roles as Role[],
    captureScope: row.capture_scope,
    viewScope: row.view_scope,
    disabled: row.disabled,
    hasPassword: row.password_hash !== null,
    mustChangePassword: row.must_change_password,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    lastLoginAt: row.last_login_at,
    passwordChangedAt: row.password_changed_at,
    version: row.row_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class UserRepository {
  private readonly db: Kysely<AuthDB>;

  constructor(db: Kysely<DB>) {
    this.db = authDb(db);
  }

  async get(id: string): Promise<StoredUser | undefined> {
    const row = await this.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** @throws VITALS_E_NOT_FOUND */
  async require(id: string): Promise<StoredUser> {
    const user = await this.get(id);
    if (!user) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `user ${id}` });
    return user;
  }

  /** The stored password hash (for the password identity provider only). */
  async passwordHash(id: string): Promise<string | null | undefined> {
    const row = await this.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row ? row.password_hash : undefined;
  }

  /** The user linked to a provider's subject. */
  async findByIdentity(provider: string, subject: string): Promise<StoredUser | undefined> {
    const row = await this.db
      .selectFrom('user_identity as i')
      .innerJoin('app_user as u', 'u.id', 'i.user_id')
      .selectAll('u')
      .where('i.provider', '=', provider)
      .where('i.subject', '=', subject)
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async identities(id: string): Promise<Array<{ provider: string; subject: string }>> {
    return this.db.selectFrom('user_identity').select(['provider', 'subject']).where('user_id', '=', id).orderBy('provider').execute();
  }

  /** Insert an account and its local identity. @throws VITALS_E_CONFLICT when the id is taken */
  async insert(user: NewUser): Promise<StoredUser> {
    const row = await this.db
      .insertInto('app_user')
      .values({
        id: user.id,
        display_name: user.displayName,
        email: user.email ?? null,
        roles: [...user.roles],
        capture_scope: [...user.captureScope],
        view_scope: [...user.viewScope],
        password_hash: user.passwordHash,
        password_changed_at: user.passwordHash === null ? null : user.now,
        must_change_password: user.mustChangePassword ?? false,
        created_at: user.now,
        updated_at: user.now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new VitalsError('VITALS_E_CONFLICT', { detail: `user ${user.id} already exists` });
    await this.linkIdentity(user.id, 'local', user.id, user.now);
    return toUser(row);
  }

  async linkIdentity(userId: string, provider: string, subject: string, now: Date): Promise<void> {
    await this.db
      .insertInto('user_identity')
      .values({ provider, subject, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
      .execute();
  }

  /**
   * Apply changes when the stored version is `expectedVersion` (if given).
   * @throws VITALS_E_NOT_FOUND, VITALS_E_CONFLICT (someone else changed the account first)
   */
  async update(id: string, changes: UserChanges, now: Date, expectedVersion?: number): Promise<StoredUser> {
    let query = this.db
      .updateTable('app_user')
      .set({
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.roles !== undefined ? { roles: [...changes.roles] } : {}),
        ...(changes.captureScope !== undefined ? { capture_scope: [...changes.captureScope] } : {}),
        ...(changes.viewScope !== undefined ? { view_scope: [...changes.viewScope] } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        row_version: sql<number>`row_version + 1`,
        updated_at: now,
      })
      .where('id', '=', id);
    if (expectedVersion !== undefined) query = query.where('row_version', '=', expectedVersion);
    const row = await query.returningAll().executeTakeFirst();
    if (row) return toUser(row);
    const current = await this.require(id);
    throw new VitalsError('VITALS_E_CONFLICT', { detail: `user ${id} is at version ${current.version}, not ${expectedVersion}` });
  }

  async setPassword(id: string, passwordHash: string, mustChange: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: now, must_change_password: mustChange, failed_logins: 0, locked_until: null, updated_at: now, row_version: sql<number>`row_version + 1` })
      .where('id', '=', id)
      .execute();
  }

  /** Count one failed login; lock the account when it reaches `maxFailures`. Returns the new state. */
  async recordFailure(id: string, maxFailures: number, lockUntil: Date): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
    const row = await this.db
      .updateTable('app_user')
      .set({
        failed_logins: sql<number>`failed_logins + 1`,
        locked_until: sql<Date | null>`CASE WHEN failed_logins + 1 >= ${maxFailures} THEN ${lockUntil}::timestamptz ELSE locked_until END`,
      })
      .where('id', '=', id)
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { failedLogins: row.failed_logins, lockedUntil: row.locked_until };
  }

  /** A lockout that ran out starts a fresh count. */
  async clearExpiredLock(id: string): Promise<void> {
    await this.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
  }

  async recordSuccess(id: string, now: Date): Promise<void> {
    await this.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', id).execute();
  }

  async list(filter: UserListFilter): Promise<{ items: StoredUser[]; total: number }> {
    let query = this.db.selectFrom('app_user');
    if (filter.q !== undefined && filter.q.trim() !== '') {
      const needle = `%${escapeLike(filter.q.trim().toLowerCase())}%`;
      query = query.where((eb) =>
        eb.or([eb('id', 'like', needle), eb(sql`lower(display_name)`, 'like', needle), eb(sql`lower(coalesce(email, ''))`, 'like', needle)]),
      );
    }
    if (filter.role !== undefined) query = query.where(sql<boolean>`${filter.role} = ANY(roles)`);
    if (filter.disabled !== undefined) query = query.where('disabled', '=', filter.disabled);
    const total = (await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const rows = await query.selectAll().orderBy('id').limit(filter.limit).offset(filter.offset).execute();
    return { items: rows.map(toUser), total: Number(total) };
  }

  /** Enabled accounts holding `role` (e.g. to refuse removing the last admin). */
  async countActiveWithRole(role: Role): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<boolean>`${role} = ANY(roles)`)
      .where('disabled', '=', false)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
