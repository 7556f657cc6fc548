/**
 * The permission table: roles × permissions in ONE place. The HTTP layer, the docs and the
 * authorization-matrix test all read it from here.
 */
import type { Permission, Role, ScopeKind } from './types.js';
import { PERMISSIONS, ROLES } from './types.js';

/** The scope each permission is checked against (see `ScopeKind`). */
export const PERMISSION_SCOPE: Readonly<Record<Permission, ScopeKind>> = {
  'metadata.read': 'none',
  // Planners edit metadata owned by a region in their capture scope (a framework's ownerRegion).
  'metadata.write': 'capture',
  'data.read': 'view',
  'data.write': 'capture',
  'workflow.submit': 'capture',
  'workflow.approve': 'capture',
  'workflow.return': 'capture',
  'workflow.reopen': 'capture',
  // Audit rows about a region (values, transitions); rows without one (logins, user changes)
  // are for `users.manage` holders, decided by the caller.
  'audit.read': 'view',
  'users.manage': 'none',
  'tokens.manage_own': 'none',
  'results.read_published': 'none',
  'results.read_unpublished': 'view',
  // Running stores an unpublished snapshot, visible only inside view scopes, and changes no data
  // or metadata: the region evaluated must lie in the view scope (admins have no capture scope).
  'results.run': 'view',
  // Publishing makes results public: only for a region the planner is responsible for.
  'results.publish': 'capture',
};

const EVERY_USER: readonly Permission[] = ['metadata.read', 'tokens.manage_own', 'results.read_published', 'results.read_unpublished', 'data.read'];

/**
 * Roles × permissions. Reading data and unpublished results still requires the region to be in
 * the view scope; this table only says which role may ask at all.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [...EVERY_USER, 'metadata.write', 'audit.read', 'users.manage', 'results.run'],
  planner: [...EVERY_USER, 'metadata.write', 'results.run', 'results.publish'],
  reporter: [...EVERY_USER, 'data.write', 'workflow.submit'],
  reviewer: [...EVERY_USER, 'workflow.submit', 'workflow.approve', 'workflow.return', 'workflow.reopen', 'audit.read'],
  analyst: [...EVERY_USER],
  public: ['metadata.read', 'results.read_published'],
};

/** True when `role` carries `permission` (scope not considered). */
export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** One cell of the roles × permissions table. */
export interface PermissionMatrixRow {
  readonly role: Role;
  readonly permission: Permission;
  readonly granted: boolean;
  readonly scope: ScopeKind;
}

/** Every role × permission pair, roles in `ROLES` order and permissions in `PERMISSIONS` order. */
export function permissionMatrix(): PermissionMatrixRow[] {
  return ROLES.flatMap((role) =>
    PERMISSIONS.map((permission) => ({ role, permission, granted: roleHasPermission(role, permission), scope: PERMISSION_SCOPE[permission] })),
  );
}
