/** Schemas of the identity routes: login, me, password, users, tokens. */
import { Type } from '@sinclair/typebox';
import { ASSIGNABLE_ROLES, PERMISSIONS } from '../../core/access/index.js';
import type { StoredToken } from '../../storage/repositories/token.repository.js';
import type { StoredUser } from '../../storage/repositories/user.repository.js';
import { Body, NullableTimestamp, RegionCode, Timestamp } from './common.schema.js';

export const RoleName = Type.Union(ASSIGNABLE_ROLES.map((r) => Type.Literal(r)));
export const PermissionName = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));
export const ScopeList = Type.Array(RegionCode, { maxItems: 500, uniqueItems: true });

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String({ description: 'the login name; equal to id' }),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  captureScope: Type.Array(Type.String()),
  viewScope: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lockedUntil: NullableTimestamp,
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer({ description: 'send back as expectedVersion when editing' }),
});

export function userView(user: StoredUser) {
  return {
    id: user.id,
    username: user.id,
    displayName: user.displayName,
    email: user.email,
    roles: [...user.roles],
    captureScope: [...user.captureScope],
    viewScope: [...user.viewScope],
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
}

export const LoginBody = Body({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const Me = Type.Object({
  user: UserView,
  /** Permissions usable by this credential. */
  permissions: Type.Array(Type.String()),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  sessionExpiresAt: Type.Optional(Timestamp),
  token: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String(), expiresAt: Timestamp })),
});

export const LoginResponse = Type.Object({
  user: UserView,
  permissions: Type.Array(Type.String()),
  /** Echo in X-CSRF-Token on every state-changing request (also in the vitals_csrf cookie). */
  csrfToken: Type.String(),
  expiresAt: Timestamp,
  idleMinutes: Type.Integer(),
  mustChangePassword: Type.Boolean(),
});

export const PasswordChangeBody = Body({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const PasswordPolicy = Type.Object({
  minLength: Type.Integer(),
  text: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
});

export const NewUserBody = Body({
  username: Type.String({ minLength: 2, maxLength: 64 }),
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
  roles: Type.Array(RoleName, { uniqueItems: true, maxItems: 5 }),
  captureScope: Type.Optional(ScopeList),
  viewScope: Type.Optional(ScopeList),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'omit to generate a one-time password' })),
});

export const UserPatchBody = Body({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
  roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true, maxItems: 5 })),
  captureScope: Type.Optional(ScopeList),
  viewScope: Type.Optional(ScopeList),
  disabled: Type.Optional(Type.Boolean()),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const CreatedUser = Type.Object({
  user: UserView,
  /** Present only when the password was generated: shown once, never again. */
  generatedPassword: Type.Optional(Type.String()),
});

export const TokenView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'first characters, to recognise the token' }),
  permissions: Type.Array(Type.String()),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});

export function tokenView(token: StoredToken, now: Date) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    permissions: [...token.permissions],
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
    status: token.revokedAt !== null ? ('revoked' as const) : token.expiresAt.getTime() <= now.getTime() ? ('expired' as const) : ('active' as const),
  };
}

export const NewTokenBody = Body({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  permissions: Type.Optional(Type.Array(PermissionName, { uniqueItems: true, minItems: 1 })),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
});

export const CreatedToken = Type.Object({
  token: TokenView,
  /** The secret: shown once. Send as `Authorization: Bearer <secret>`. */
  secret: Type.String(),
});
