import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TREE } from './access.fixtures.js';
import { can, inScope, lineageOf, regionsInScope, scopeFilter, type Actor } from './index.js';

const ALL_CODES = [...TREE.all()].map((r) => r.code);
// Scopes drawn from real codes plus codes that exist nowhere (stale grants must grant nothing).
const scopeCode = fc.oneof(fc.constantFrom(...ALL_CODES), fc.constantFrom('990000', '139999', 'ZZ-1'));
const scope = fc.uniqueArray(scopeCode, { maxLength: 5 });

/** The oracle: a region is in scope when it lies within (or is) one of the scope codes, walked on the tree. */
function withinAny(region: string, codes: readonly string[]): boolean {
  return codes.some((code) => TREE.has(code) && TREE.isWithin(region, code));
}

describe('scope properties', () => {
  it('data.read is granted exactly on the view ∪ capture subtrees, never outside', () => {
    fc.assert(
      fc.property(scope, scope, (view, capture) => {
        const actor: Actor = { id: 'u', roles: ['analyst', 'reporter'], viewScope: view, captureScope: capture };
        for (const code of ALL_CODES) {
          const region = lineageOf(TREE, code);
          expect(can(actor, 'data.read', { region })).toBe(withinAny(code, [...view, ...capture]));
          expect(can(actor, 'data.write', { region })).toBe(withinAny(code, capture));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('scopeFilter only returns codes of the scope, and its subtrees cover exactly the scope’s subtrees', () => {
    fc.assert(
      fc.property(scope, scope, fc.constantFrom('view' as const, 'capture' as const), (view, capture, kind) => {
        const actor: Actor = { id: 'u', roles: ['analyst'], viewScope: view, captureScope: capture };
        const granted = kind === 'view' ? [...view, ...capture] : capture;
        for (const withTree of [undefined, TREE]) {
          const roots = scopeFilter(actor, kind, withTree);
          for (const root of roots) expect(granted).toContain(root);
          expect(regionsInScope(TREE, roots)).toEqual(regionsInScope(TREE, granted));
          for (const code of regionsInScope(TREE, roots)) expect(withinAny(code, granted)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('inScope agrees with the tree walk for every region and single code', () => {
    for (const region of ALL_CODES) {
      for (const code of ALL_CODES) {
        expect(inScope([code], lineageOf(TREE, region))).toBe(TREE.isWithin(region, code));
      }
    }
  });

  it('minimal roots: nested grants collapse to the outer one', () => {
    const actor: Actor = { id: 'u', roles: ['analyst'], viewScope: ['130102', '130000', '130100'], captureScope: [] };
    expect(scopeFilter(actor, 'view', TREE)).toEqual(['130000']);
    expect(scopeFilter(actor, 'view')).toEqual(['130000', '130100', '130102']);
    expect(scopeFilter(actor, 'capture', TREE)).toEqual([]);
  });

  it('capture implies view', () => {
    const actor: Actor = { id: 'u', roles: ['reporter'], viewScope: [], captureScope: ['130102'] };
    expect(scopeFilter(actor, 'view')).toEqual(['130102']);
    expect(can(actor, 'data.read', { region: lineageOf(TREE, '130102001') })).toBe(true);
  });
});
