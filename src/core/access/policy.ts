/**
 * The one central policy: `decide(actor, permission, resource)`. Everything that asks "may
 * this user do that?" — HTTP routes, the workflow, the inbox — comes here.
 *
 * Fails closed: a scoped permission asked without a region is denied, unknown permissions throw.
 */
import { VitalsError } from '../errors.js';
import { PERMISSION_SCOPE, roleHasPermission } from './permissions.js';
import { inScope, regionAtLevel, scopeCodes } from './scope.js';
import type { AccessDecision, AccessResource, Actor, Permission, Role } from './types.js';
import { PERMISSIONS } from './types.js';

const WORKFLOW_STEP_PERMISSIONS: ReadonlySet<Permission> = new Set(['workflow.approve', 'workflow.return', 'workflow.reopen']);

function deny(code: 'VITALS_E_FORBIDDEN' | 'VITALS_E_OUT_OF_SCOPE', reason: string): AccessDecision {
  return { allowed: false, code, reason };
}

/** Roles that carry `permission`, the implicit `public` role included. */
function grantingRoles(actor: Actor, permission: Permission): Role[] {
  const roles = new Set<Role>([...actor.roles, 'public']);
  return [...roles].filter((role) => roleHasPermission(role, permission));
}

/**
 * Role-specific refinements beyond role + scope:
 * - a reporter submits any region in the capture scope; a reviewer submits only their own
 *   region's data (the county reviewer submits county data, the city reviewer does not);
 * - approve/return/reopen act at one approval step: the actor's capture scope must contain
 *   the data region's ancestor AT the step's level (a reviewer's level is their scope region's).
 */
function refine(role: Role, actor: Actor, permission: Permission, resource: AccessResource): string | null {
  const lineage = resource.region!;
  const capture = scopeCodes(actor, 'capture');
  if (permission === 'workflow.submit' && role === 'reviewer' && !capture.has(lineage.code)) {
    return `a reviewer submits only the data of their own region, and ${lineage.code} is not one`;
  }
  if (WORKFLOW_STEP_PERMISSIONS.has(permission)) {
    if (resource.stepLevel === undefined) return `${permission} needs the approval step's level`;
    const approver = regionAtLevel(lineage, resource.stepLevel);
    if (!approver || !capture.has(approver.code)) {
      return `not the ${resource.stepLevel}-level reviewer of ${lineage.code}`;
    }
  }
  return null;
}

/**
 * Decide whether `actor` holds `permission` on `resource`.
 * @throws VITALS_E_INVALID_INPUT for a permission outside the closed list
 * @example decide(reviewerOf('130100'), 'workflow.approve', { region: lineageOf(tree, '130102'), stepLevel: 'prefecture' }).allowed === true
 */
export function decide(actor: Actor, permission: Permission, resource: AccessResource = {}): AccessDecision {
  if (!PERMISSIONS.includes(permission)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `unknown permission ${JSON.stringify(permission)}` });
  }
  const roles = grantingRoles(actor, permission);
  if (roles.length === 0) return deny('VITALS_E_FORBIDDEN', `no role of ${actor.id} grants ${permission}`);
  const kind = PERMISSION_SCOPE[permission];
  if (kind === 'none') return { allowed: true, grantedBy: roles[0]! };
  if (!resource.region) return deny('VITALS_E_FORBIDDEN', `${permission} is checked per region and no region was given`);
  if (!inScope(scopeCodes(actor, kind), resource.region)) {
    return deny('VITALS_E_OUT_OF_SCOPE', `${resource.region.code} is outside the ${kind} scope of ${actor.id}`);
  }
  let firstReason = '';
  for (const role of roles) {
    const reason = refine(role, actor, permission, resource);
    if (reason === null) return { allowed: true, grantedBy: role };
    firstReason ||= reason;
  }
  return deny('VITALS_E_FORBIDDEN', firstReason);
}

/** `decide(...).allowed`. */
export function can(actor: Actor, permission: Permission, resource: AccessResource = {}): boolean {
  return decide(actor, permission, resource).allowed;
}

/**
 * Throw when `decide` denies: VITALS_E_FORBIDDEN (role) or VITALS_E_OUT_OF_SCOPE (region), with
 * the reason in `details`.
 */
export function authorize(actor: Actor, permission: Permission, resource: AccessResource = {}): void {
  const decision = decide(actor, permission, resource);
  if (decision.allowed) return;
  const params = decision.code === 'VITALS_E_OUT_OF_SCOPE' ? { region: resource.region?.code ?? '' } : {};
  throw new VitalsError(decision.code, params, { permission, reason: decision.reason });
}

/**
 * Whether any of the actor's roles carries `permission`, scope ignored: for menus and for
 * choosing which screens to show, never for letting a request through.
 */
export function hasPermission(actor: Actor, permission: Permission): boolean {
  return grantingRoles(actor, permission).length > 0;
}
