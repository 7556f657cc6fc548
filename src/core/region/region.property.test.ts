import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRegionTree } from './index.js';
import { arbitraryRegions } from './region.fixtures.js';

describe('region tree properties', () => {
  it('x is a descendant of a ⇔ a is an ancestor of x ⇔ isWithin(x, a) for x ≠ a', () => {
    fc.assert(
      fc.property(arbitraryRegions(), (regions) => {
        const tree = buildRegionTree(regions);
        for (const a of regions) {
          const below = new Set(tree.descendants(a.code).map((r) => r.code));
          for (const x of regions) {
            if (x.code === a.code) continue;
            const isAncestor = tree.ancestors(x.code).some((r) => r.code === a.code);
            expect(below.has(x.code)).toBe(isAncestor);
            expect(tree.isWithin(x.code, a.code)).toBe(isAncestor);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('every region but the nation sits in exactly one province, which its code prefix names', () => {
    fc.assert(
      fc.property(arbitraryRegions(), (regions) => {
        const tree = buildRegionTree(regions);
        for (const r of regions) {
          expect(tree.provinceOf(r.code)).toBe(r.level === 'nation' ? '000000' : `${r.code.slice(0, 2)}0000`);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('input order does not change the tree', () => {
    fc.assert(
      fc.property(arbitraryRegions().chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))), ([regions, shuffled]) => {
        const a = buildRegionTree(regions);
        const b = buildRegionTree(shuffled);
        for (const r of regions) expect(b.children(r.code)).toEqual(a.children(r.code));
      }),
      { numRuns: 50 },
    );
  });
});
