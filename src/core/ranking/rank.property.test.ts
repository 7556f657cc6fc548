import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankEntries, roundForRanking, type RankMethod } from './rank.js';

// Distinct codes with scores on a coarse grid so ties are frequent.
const entries = fc
  .uniqueArray(fc.record({ code: fc.string({ minLength: 1, maxLength: 4 }), score: fc.integer({ min: 0, max: 20 }).map((n) => n * 2.5) }), {
    selector: (e) => e.code,
    maxLength: 25,
  });
const method = fc.constantFrom<RankMethod>('competition', 'dense', 'ordinal');

describe('ranking properties', () => {
  it('is invariant to input order', () => {
    fc.assert(
      fc.property(entries, method, fc.integer(), (list, m, seed) => {
        const shuffled = [...list].sort((a, b) => ((hash(a.code, seed) - hash(b.code, seed)) || (a.code < b.code ? -1 : 1)));
        expect(rankEntries(shuffled, { method: m })).toEqual(rankEntries(list, { method: m }));
      }),
    );
  });

  it('is monotone in score: a higher score never gets a worse rank', () => {
    fc.assert(
      fc.property(entries, method, (list, m) => {
        const ranked = rankEntries(list, { method: m });
        for (const x of ranked) for (const y of ranked) if (x.score! > y.score!) expect(x.rank!).toBeLessThan(y.rank!);
      }),
    );
  });

  it('competition: ties share a rank and the next rank skips by the tie size', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const ranked = rankEntries(list);
        for (const x of ranked) {
          // rank = 1 + number of strictly better scores (the definition of 1224 ranking)
          const better = list.filter((y) => roundForRanking(y.score, 2) > roundForRanking(x.score!, 2)).length;
          expect(x.rank).toBe(1 + better);
          const tied = list.filter((y) => y.score === x.score).length;
          expect(x.tiedWith).toBe(tied);
        }
      }),
    );
  });

  it('dense ranks are consecutive and ordinal ranks are a permutation', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const distinct = new Set(list.map((e) => e.score)).size;
        expect(new Set(rankEntries(list, { method: 'dense' }).map((r) => r.rank))).toEqual(new Set(Array.from({ length: distinct }, (_, i) => i + 1)));
        expect(rankEntries(list, { method: 'ordinal' }).map((r) => r.rank)).toEqual(list.map((_, i) => i + 1));
      }),
    );
  });
});

/** Cheap deterministic shuffle key. */
function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761);
  return h;
}
