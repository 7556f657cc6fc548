/**
 * Access control: roles, the closed permission list, the roles × permissions table, scopes
 * and the one central policy (`decide` / `can` / `authorize`). See docs/workflow.md.
 */
export {
  ROLES,
  ASSIGNABLE_ROLES,
  PERMISSIONS,
  type Role,
  type Permission,
  type ScopeKind,
  type Actor,
  type LineageEntry,
  type RegionLineage,
  type AccessResource,
  type AccessDecision,
} from './types.js';
export { PERMISSION_SCOPE, ROLE_PERMISSIONS, roleHasPermission, permissionMatrix, type PermissionMatrixRow } from './permissions.js';
export { lineageOf, lineageChain, inScope, scopeCodes, scopeFilter, regionsInScope, regionAtLevel } from './scope.js';
export { decide, can, authorize, hasPermission } from './policy.js';
export { PUBLIC_ACTOR, makeActor, actorFromIdentity, type Identity, type Account } from './identity.js';
