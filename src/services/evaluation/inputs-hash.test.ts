import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, inputsHash } from './inputs-hash.js';
import { canonicalNumber } from './values.js';

describe('canonical inputs', () => {
  it('writes JSON with sorted keys at every depth, arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
    expect(canonicalJson({ x: undefined, y: null })).toBe('{"y":null}');
  });

  it('writes numbers with 12 significant digits, so float noise does not show', () => {
    expect(canonicalNumber(0.1 + 0.2)).toBe('0.3'); // 0.30000000000000004 → 0.3
    expect(canonicalNumber(1 / 3)).toBe('0.333333333333');
    expect(canonicalNumber(22)).toBe('22');
    expect(canonicalNumber(null)).toBe('');
  });

  it('hashes the same lines to the same digest in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 30 }), fc.integer(), (lines, seed) => {
        const shuffled = [...lines].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        expect(inputsHash(shuffled)).toEqual(inputsHash(lines));
        expect(inputsHash(lines).count).toBe(lines.length);
      }),
    );
  });

  it('changes the digest when any line changes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 20 }), fc.nat(), (lines, at) => {
        const changed = [...lines];
        const i = at % lines.length;
        changed[i] = `${changed[i]}|corrected`;
        fc.pre(!lines.includes(changed[i]!));
        expect(inputsHash(changed).hash).not.toBe(inputsHash(lines).hash);
      }),
    );
  });
});
