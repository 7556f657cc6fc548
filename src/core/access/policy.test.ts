import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { ACTORS, TREE, type ActorName } from './access.fixtures.js';
import {
  PERMISSIONS,
  ROLES,
  actorFromIdentity,
  authorize,
  can,
  decide,
  hasPermission,
  lineageOf,
  makeActor,
  permissionMatrix,
  type Permission,
} from './index.js';
import type { RegionLevel } from '../region/index.js';

type Expected = 'allow' | 'FORBIDDEN' | 'OUT_OF_SCOPE';
type Row = [actor: ActorName, permission: Permission, region: string | null, stepLevel: RegionLevel | null, expected: Expected, why: string];

// Each expectation follows from the permission table and the scope rules in docs/workflow.md.
const ROWS: Row[] = [
  ['reporterChangan', 'data.write', '130102', null, 'allow', 'own county'],
  ['reporterChangan', 'data.write', '130102001', null, 'allow', 'a township inside the county'],
  ['reporterChangan', 'data.write', '130102-H001', null, 'allow', 'a hospital unit inside the county'],
  ['reporterChangan', 'data.write', '130104', null, 'OUT_OF_SCOPE', 'a sibling county'],
  ['reporterChangan', 'data.read', '130100', null, 'OUT_OF_SCOPE', 'scopes reach down, never up'],
  ['reporterChangan', 'data.read', '130102', null, 'allow', 'capture scope implies view'],
  ['reporterChangan', 'data.read', null, null, 'FORBIDDEN', 'scoped permission without a region fails closed'],
  ['reporterChangan', 'workflow.submit', '130102', null, 'allow', 'reporter submits in the capture scope'],
  ['reporterChangan', 'workflow.approve', '130102', 'prefecture', 'FORBIDDEN', 'reporters do not approve'],
  ['reporterChangan', 'metadata.read', null, null, 'allow', 'everyone reads metadata'],
  ['reporterShijiazhuang', 'workflow.submit', '130102', null, 'allow', 'city reporter covers its counties'],
  ['reviewerChangan', 'workflow.submit', '130102', null, 'allow', 'the county reviewer submits county data'],
  ['reviewerShijiazhuang', 'workflow.submit', '130102', null, 'FORBIDDEN', 'a city reviewer does not submit county data'],
  ['reviewerShijiazhuang', 'workflow.submit', '130100', null, 'allow', 'but submits the city’s own data'],
  ['reviewerShijiazhuang', 'workflow.approve', '130102', 'prefecture', 'allow', 'city reviewer at the prefecture step'],
  ['reviewerShijiazhuang', 'workflow.approve', '130102', 'province', 'FORBIDDEN', 'not the province reviewer'],
  ['reviewerShijiazhuang', 'workflow.approve', '130102', null, 'FORBIDDEN', 'approval without a step level fails closed'],
  ['reviewerShijiazhuang', 'workflow.return', '130102001', 'prefecture', 'allow', 'township data, prefecture step'],
  ['reviewerShijiazhuang', 'data.write', '130102', null, 'FORBIDDEN', 'reviewers return data, they do not edit it'],
  ['reviewerHebei', 'workflow.approve', '130102', 'province', 'allow', 'province reviewer at the province step'],
  ['reviewerHebei', 'workflow.approve', '130102', 'prefecture', 'FORBIDDEN', 'a province reviewer is not the prefecture step'],
  ['reviewerHebei', 'workflow.reopen', '130102', 'province', 'allow', 'province may reopen'],
  ['reviewerZhangjiakou', 'workflow.approve', '130102', 'prefecture', 'OUT_OF_SCOPE', 'another city'],
  ['reviewerBeijing', 'workflow.approve', '130102', 'province', 'OUT_OF_SCOPE', 'another province'],
  ['officerShijiazhuang', 'workflow.submit', '130102', null, 'allow', 'the reporter role allows it even though the reviewer role does not'],
  ['officerShijiazhuang', 'data.write', '130104', null, 'allow', 'reporter role in the city'],
  ['analystHebei', 'data.read', '130102', null, 'allow', 'view scope province'],
  ['analystHebei', 'data.read', '110101', null, 'OUT_OF_SCOPE', 'Beijing is outside Hebei'],
  ['analystHebei', 'data.write', '130102', null, 'FORBIDDEN', 'read-only'],
  ['analystHebei', 'results.read_unpublished', '130100', null, 'allow', 'authorised users see draft results in scope'],
  ['plannerHebei', 'metadata.write', '130000', null, 'allow', 'Hebei plans'],
  ['plannerHebei', 'metadata.write', '000000', null, 'OUT_OF_SCOPE', 'not the national plan'],
  ['plannerHebei', 'results.publish', '130000', null, 'allow', 'planners publish'],
  ['plannerHebei', 'results.publish', '130102', null, 'allow', 'a county of the capture scope'],
  ['plannerHebei', 'results.publish', '110000', null, 'OUT_OF_SCOPE', 'not Beijing’s results'],
  ['plannerHebei', 'results.run', '130100', null, 'allow', 'planners run evaluations in scope'],
  ['plannerHebei', 'results.run', '110000', null, 'OUT_OF_SCOPE', 'not for Beijing'],
  ['plannerHebei', 'results.run', null, null, 'FORBIDDEN', 'a run is checked per region and fails closed without one'],
  ['admin', 'results.run', '110101', null, 'allow', 'admins run in their view scope (the nation)'],
  ['admin', 'results.publish', '130000', null, 'FORBIDDEN', 'admins run but never publish'],
  ['analystHebei', 'results.run', '130000', null, 'FORBIDDEN', 'analysts are read-only'],
  ['analystHebei', 'results.publish', '130000', null, 'FORBIDDEN', 'analysts are read-only'],
  ['reviewerHebei', 'results.run', '130000', null, 'FORBIDDEN', 'reviewers approve data, they do not evaluate'],
  ['reporterChangan', 'results.publish', '130102', null, 'FORBIDDEN', 'reporters do not publish'],
  ['public', 'results.run', '130000', null, 'FORBIDDEN', 'anonymous visitors run nothing'],
  ['plannerHebei', 'users.manage', null, null, 'FORBIDDEN', 'only admins manage users'],
  ['admin', 'users.manage', null, null, 'allow', 'admins manage users'],
  ['admin', 'audit.read', '130102', null, 'allow', 'admin view scope is the nation'],
  ['admin', 'data.read', '110101', null, 'allow', 'admin view scope is the nation'],
  ['admin', 'data.write', '130102', null, 'FORBIDDEN', 'separation of duties'],
  ['admin', 'workflow.approve', '130102', 'province', 'FORBIDDEN', 'separation of duties'],
  ['public', 'results.read_published', null, null, 'allow', 'published final results are public'],
  ['public', 'metadata.read', null, null, 'allow', 'frameworks and indicators are public'],
  ['public', 'results.read_unpublished', '130000', null, 'FORBIDDEN', 'never unpublished'],
  ['public', 'data.read', '130102', null, 'FORBIDDEN', 'never raw data'],
  ['public', 'tokens.manage_own', null, null, 'FORBIDDEN', 'no account, no tokens'],
];

describe('decide: roles × scopes', () => {
  it.each(ROWS)('%s %s on %s at %s → %s (%s)', (name, permission, region, stepLevel, expected) => {
    const resource = {
      ...(region ? { region: lineageOf(TREE, region) } : {}),
      ...(stepLevel ? { stepLevel } : {}),
    };
    const decision = decide(ACTORS[name], permission, resource);
    if (expected === 'allow') {
      expect(decision).toMatchObject({ allowed: true });
      expect(can(ACTORS[name], permission, resource)).toBe(true);
      expect(() => authorize(ACTORS[name], permission, resource)).not.toThrow();
    } else {
      expect(decision).toMatchObject({ allowed: false, code: `VITALS_E_${expected}` });
      expect(can(ACTORS[name], permission, resource)).toBe(false);
      expect(() => authorize(ACTORS[name], permission, resource)).toThrow(expect.objectContaining({ code: `VITALS_E_${expected}` }));
    }
  });

  it('names the region in an out-of-scope error', () => {
    try {
      authorize(ACTORS.reporterChangan, 'data.write', { region: lineageOf(TREE, '130104') });
      expect.unreachable();
    } catch (e) {
      expect((e as VitalsError).message).toBe('region outside your scope: 130104');
    }
  });

  it('rejects a permission outside the closed list', () => {
    expect(() => decide(ACTORS.admin, 'data.delete' as Permission)).toThrow(expect.objectContaining({ code: 'VITALS_E_INVALID_INPUT' }));
  });

  it('hasPermission ignores scope (menus only)', () => {
    expect(hasPermission(ACTORS.reviewerZhangjiakou, 'workflow.approve')).toBe(true);
    expect(hasPermission(ACTORS.public, 'data.read')).toBe(false);
  });
});

describe('permission table', () => {
  it('has one row per role × permission', () => {
    // 6 roles × 15 permissions = 90
    expect(permissionMatrix()).toHaveLength(ROLES.length * PERMISSIONS.length);
    expect(ROLES.length * PERMISSIONS.length).toBe(90);
  });

  it('grants write and approval powers to the roles the issue names, and no others', () => {
    const holders = (p: Permission) => permissionMatrix().filter((r) => r.permission === p && r.granted).map((r) => r.role);
    expect(holders('data.write')).toEqual(['reporter']);
    expect(holders('workflow.approve')).toEqual(['reviewer']);
    expect(holders('workflow.submit')).toEqual(['reporter', 'reviewer']);
    expect(holders('metadata.write')).toEqual(['admin', 'planner']);
    expect(holders('users.manage')).toEqual(['admin']);
    expect(holders('results.read_published')).toEqual(['admin', 'planner', 'reporter', 'reviewer', 'analyst', 'public']);
    expect(holders('results.read_unpublished')).not.toContain('public');
    // Running and publishing evaluations: analysts stay read-only; admins run but do not publish.
    expect(holders('results.run')).toEqual(['admin', 'planner']);
    expect(holders('results.publish')).toEqual(['planner']);
  });
});

describe('identity → actor', () => {
  const account = {
    userId: 'u-42',
    roles: ['reporter' as const],
    captureScope: ['130102'],
    viewScope: ['130100', '130100'],
    identities: [
      { provider: 'local', subject: 'u-42' },
      { provider: 'oidc:hebei-sso', subject: 'abc-123' },
    ],
  };

  it('maps any linked provider to the same actor; roles come from the account, not the provider', () => {
    const local = actorFromIdentity({ provider: 'local', subject: 'u-42' }, account);
    const sso = actorFromIdentity({ provider: 'oidc:hebei-sso', subject: 'abc-123', email: 'x@example.org' }, account);
    expect(sso).toEqual(local);
    expect(sso).toEqual({ id: 'u-42', roles: ['reporter'], captureScope: ['130102'], viewScope: ['130100'] });
  });

  it.each([
    ['no account', undefined, 'no Vitals account is linked'],
    ['unlinked identity', { ...account, identities: [{ provider: 'local', subject: 'u-42' }] }, 'not linked'],
    ['disabled account', { ...account, disabled: true }, 'disabled'],
  ])('refuses %s', (_label, acc, reason) => {
    expect(() => actorFromIdentity({ provider: 'oidc:hebei-sso', subject: 'abc-123' }, acc)).toThrow(
      expect.objectContaining({ code: 'VITALS_E_FORBIDDEN', details: expect.objectContaining({ reason: expect.stringContaining(reason) }) }),
    );
  });

  it('validates roles and scopes, naming every bad field', () => {
    try {
      makeActor({ id: 'u-1', roles: ['reporter', 'superuser', 'public'], captureScope: ['13010'], viewScope: ['130000', 'x y'] });
      expect.unreachable();
    } catch (e) {
      const message = (e as VitalsError).message;
      expect((e as VitalsError).code).toBe('VITALS_E_INVALID_INPUT');
      expect(message).toContain('roles[1] "superuser"');
      expect(message).toContain('roles[2] "public"');
      expect(message).toContain('captureScope[0] "13010"');
      expect(message).toContain('viewScope[1] "x y"');
    }
  });
});
