/**
 * Access control vocabulary: roles, the closed list of permissions, actors and the region
 * lineage a decision is made on. Identity (who logged in, from which provider) is kept apart
 * from authorization (what that person may do): see identity.ts.
 */
import type { RegionLevel } from '../region/types.js';

/**
 * Roles. `public` is the anonymous visitor; every actor implicitly holds it too.
 * - `admin`: system administration (users, audit), not data entry or approval (separation of duties);
 *   may run an evaluation (an unpublished snapshot) in the view scope, never publish it.
 * - `planner`: edits frameworks, targets, scoring schemes and data sets; runs evaluations and
 *   publishes results.
 * - `reporter`: enters data for regions in the capture scope and submits it.
 * - `reviewer`: approves, returns and reopens at the level of the capture-scope region.
 * - `analyst`: reads data and results in the view scope.
 */
export type Role = 'admin' | 'planner' | 'reporter' | 'reviewer' | 'analyst' | 'public';

export const ROLES: readonly Role[] = ['admin', 'planner', 'reporter', 'reviewer', 'analyst', 'public'];

/** Roles that can be given to a user account (`public` is implicit, never granted). */
export const ASSIGNABLE_ROLES: readonly Role[] = ['admin', 'planner', 'reporter', 'reviewer', 'analyst'];

/**
 * The closed list of permissions. ATTENTION: stable names; the HTTP layer and the
 * authorization-matrix test enumerate them.
 */
export const PERMISSIONS = [
  'metadata.read',
  'metadata.write',
  'data.read',
  'data.write',
  'workflow.submit',
  'workflow.approve',
  'workflow.return',
  'workflow.reopen',
  'audit.read',
  'users.manage',
  'tokens.manage_own',
  'results.read_published',
  'results.read_unpublished',
  'results.run',
  'results.publish',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Which scope a permission is checked against:
 * - `none`: no region involved (the role alone decides);
 * - `view`: the region must lie in the view scope (or the capture scope, which implies view);
 * - `capture`: the region must lie in the capture scope.
 */
export type ScopeKind = 'none' | 'view' | 'capture';

/**
 * The authorization side of a user, as the policy sees it. Scopes are region codes; each
 * code grants the region and all its descendants.
 */
export interface Actor {
  /** Stable user id (recorded in transitions and the audit log); `public` for anonymous. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** Regions (with their subtrees) whose data the actor may enter, submit or review. */
  readonly captureScope: readonly string[];
  /** Regions (with their subtrees) whose data the actor may read. */
  readonly viewScope: readonly string[];
}

/** One ancestor in a lineage. */
export interface LineageEntry {
  readonly code: string;
  readonly level: RegionLevel;
}

/**
 * A region and its ancestors (nearest first): all a scope decision needs, without the
 * whole region tree. Build it with `lineageOf(tree, code)`.
 */
export interface RegionLineage extends LineageEntry {
  readonly ancestors: readonly LineageEntry[];
}

/** What a permission is asked about. */
export interface AccessResource {
  /** The data region (or owner region of metadata); required by scoped permissions. */
  readonly region?: RegionLineage;
  /** For approve/return/reopen: the approval step's region level the actor acts at. */
  readonly stepLevel?: RegionLevel;
}

/** The answer of the policy, with the error code to raise when denied. */
export type AccessDecision =
  | { readonly allowed: true; readonly grantedBy: Role }
  | { readonly allowed: false; readonly code: 'VITALS_E_FORBIDDEN' | 'VITALS_E_OUT_OF_SCOPE'; readonly reason: string };
