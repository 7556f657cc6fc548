/**
 * `request.scope`: the one object every route asks "may this caller do X (here)?" and "which
 * regions may this query touch?". Built by the auth plugin from the caller's principal; the
 * decisions themselves are `src/core/access` (`decide`), never re-implemented here.
 *
 * @example
 * app.get('/things', async (request) => {
 *   request.scope.require('data.read');                               // role (and token) check
 *   return db.selectFrom('data_value').where(request.scope.where('data_value.region_code')).…; // region filter
 * });
 * await request.scope.authorize('data.write', '130102');              // one region, throws 403
 *
 * Region lookups read through `database.readDb`: call `authorize`/`can`/`lineage` BEFORE opening
 * a transaction (embedded PGlite has one connection; a lookup inside a transaction would wait
 * for it forever). Inside a transaction use `allows(permission, lineage)` on lineages fetched first.
 */
import type { RawBuilder } from 'kysely';
import { decide, hasPermission, scopeFilter, type AccessResource, type Actor, type Permission, type RegionLineage } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import type { RegionLevel } from '../../core/region/index.js';
import { inRegionScope, type RegionScope, type ScopeRepository } from '../../storage/repositories/scope.repository.js';
import type { Principal } from '../../services/auth/index.js';

export interface RegionCheckOptions {
  /** For approve/return/reopen: the approval step's level (see core/access `decide`). */
  readonly stepLevel?: RegionLevel;
}

export class RequestScope {
  private readonly lineageCache = new Map<string, Promise<RegionLineage | undefined>>();

  constructor(
    /** The caller's actor (`PUBLIC_ACTOR` when anonymous). */
    readonly actor: Actor,
    /** Permissions the credential may use (role permissions, narrowed by a token's list). */
    readonly permissions: ReadonlySet<Permission>,
    /** The authenticated principal, or null for anonymous callers. */
    readonly principal: Principal | null,
    private readonly regions: ScopeRepository,
    /** Why a presented credential was not accepted (expired session…): reported instead of a bare 401. */
    private readonly authProblem?: VitalsError,
  ) {}

  get authenticated(): boolean {
    return this.principal !== null;
  }

  /** The user id for audit rows and created_by columns ('public' when anonymous). */
  get actorId(): string {
    return this.actor.id;
  }

  /**
   * Role-level check (no region): one of the caller's roles carries it (core `hasPermission`,
   * from which `permissions` was computed) and the credential may use it (tokens narrow it).
   */
  has(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** @throws VITALS_E_UNAUTHENTICATED (or the credential's problem, e.g. SESSION_EXPIRED) when anonymous */
  requireUser(): Principal {
    if (this.principal) return this.principal;
    throw this.authProblem ?? new VitalsError('VITALS_E_UNAUTHENTICATED');
  }

  /** @throws 401 for anonymous callers lacking it, 403 VITALS_E_FORBIDDEN for users lacking it */
  require(permission: Permission): void {
    if (this.has(permission)) return;
    if (!this.principal) throw this.authProblem ?? new VitalsError('VITALS_E_UNAUTHENTICATED');
    const reason = this.principal.via === 'token' && hasPermission(this.actor, permission)
      ? `this API token does not carry ${permission}`
      : `no role of ${this.actor.id} grants ${permission}`;
    throw new VitalsError('VITALS_E_FORBIDDEN', {}, { permission, reason });
  }

  /**
   * The caller's regions for SQL filters: minimal roots of the view (capture implies view) or
   * capture scope. Anonymous callers get no roots (nothing matches).
   */
  region(kind: 'view' | 'capture' = 'view'): RegionScope {
    return { kind, roots: scopeFilter(this.actor, kind) };
  }

  /** `inRegionScope(column, this.region(kind))`: the WHERE condition for region-keyed reads. */
  where(column: string, kind: 'view' | 'capture' = 'view'): RawBuilder<boolean> {
    return inRegionScope(column, this.region(kind));
  }

  /** A region's lineage (cached per request). @throws VITALS_E_UNKNOWN_REGION */
  async lineage(code: string): Promise<RegionLineage> {
    let pending = this.lineageCache.get(code);
    if (!pending) {
      pending = this.regions.lineage(code);
      this.lineageCache.set(code, pending);
    }
    const lineage = await pending;
    if (!lineage) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
    return lineage;
  }

  /** Synchronous decision on a known lineage (for checking many rows). */
  allows(permission: Permission, lineage: RegionLineage, options: RegionCheckOptions = {}): boolean {
    if (!this.has(permission)) return false;
    const resource: AccessResource = { region: lineage, ...(options.stepLevel ? { stepLevel: options.stepLevel } : {}) };
    return decide(this.actor, permission, resource).allowed;
  }

  async can(permission: Permission, regionCode: string, options: RegionCheckOptions = {}): Promise<boolean> {
    const lineage = await this.regions.lineage(regionCode);
    return lineage !== undefined && this.allows(permission, lineage, options);
  }

  /**
   * Permission on one region, or throw: 401 anonymous, 403 VITALS_E_FORBIDDEN (role/token),
   * 403 VITALS_E_OUT_OF_SCOPE (region outside the scope), 404 unknown region.
   * Returns the lineage for further use.
   */
  async authorize(permission: Permission, regionCode: string, options: RegionCheckOptions = {}): Promise<RegionLineage> {
    this.require(permission);
    const lineage = await this.lineage(regionCode);
    const resource: AccessResource = { region: lineage, ...(options.stepLevel ? { stepLevel: options.stepLevel } : {}) };
    const decision = decide(this.actor, permission, resource);
    if (decision.allowed) return lineage;
    const params = decision.code === 'VITALS_E_OUT_OF_SCOPE' ? { region: regionCode } : {};
    throw new VitalsError(decision.code, params, { permission, reason: decision.reason });
  }
}
