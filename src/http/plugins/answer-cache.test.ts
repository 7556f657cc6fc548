import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerCache, etagOf, matchesIfNoneMatch, NextTurnBatch, normaliseQuery, type CachedAnswer } from './answer-cache.js';

const OVERHEAD = 160;
const body = (n: number, fill = 'x') => Buffer.from(fill.repeat(n));
const entry = (n: number, storedAt = 0): CachedAnswer => ({ body: body(n), etag: etagOf(body(n)), storedAt });

describe('AnswerCache byte bound', () => {
  it('evicts the least recently used entries once the bound is passed', () => {
    // Each entry: 1,000 body bytes + key 'k1' (2 chars × 2 bytes) + 160 overhead = 1,164 bytes.
    // Bound 5,000 → four fit (4,656), a fifth (5,820) evicts the least recently used.
    const cache = new AnswerCache({ maxBytes: 5_000 });
    for (const k of ['k1', 'k2', 'k3', 'k4']) cache.put(k, entry(1_000));
    expect(cache.stats().bytes).toBe(4 * 1_164);
    cache.peek('k1'); // k1 is now the most recently used, so k2 goes first
    cache.put('k5', entry(1_000));
    expect(['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => cache.peek(k) !== undefined)).toEqual([true, false, true, true, true]);
    expect(cache.stats()).toMatchObject({ entries: 4, bytes: 4 * 1_164, evictions: 1 });
  });

  it('never stores an answer larger than a quarter of the bound', () => {
    // Bound 4,000: a quarter is 1,000; 1,000 body + 4 key + 160 = 1,164 > 1,000.
    const cache = new AnswerCache({ maxBytes: 4_000 });
    cache.put('k1', entry(1_000));
    expect(cache.stats().entries).toBe(0);
  });

  it('replacing a key counts its bytes once', () => {
    const cache = new AnswerCache({ maxBytes: 100_000 });
    cache.put('k', entry(500));
    cache.put('k', entry(700));
    // 700 + 2 + 160
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 862 });
  });

  it('keeps its byte count exact and within the bound under any sequence of puts and reads (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), size: fc.integer({ min: 0, max: 3_000 }), read: fc.boolean() }), { maxLength: 60 }),
      (ops) => {
        const cache = new AnswerCache({ maxBytes: 10_000 });
        const expected = new Map<string, number>();
        for (const op of ops) {
          if (op.read) cache.peek(op.key);
          else cache.put(op.key, entry(op.size));
          const stored = ['a', 'b', 'c', 'd', 'e', 'f'].filter((k) => cache.peek(k) !== undefined);
          expected.clear();
          for (const k of stored) expected.set(k, cache.peek(k)!.body.length + 2 + OVERHEAD);
          const sum = [...expected.values()].reduce((s, v) => s + v, 0);
          if (cache.stats().bytes !== sum || sum > 10_000) return false;
        }
        return true;
      },
    ));
  });
});

describe('AnswerCache.get', () => {
  it('computes once for concurrent misses of one key and shares the answer', async () => {
    const cache = new AnswerCache();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => { calls++; await gate; return body(10, 'a'); };
    const all = Promise.all([cache.get('k', compute), cache.get('k', compute), cache.get('k', compute)]);
    release();
    const answers = await all;
    expect(calls).toBe(1);
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3, entries: 1 });
  });

  it('does not keep a failed computation', async () => {
    const cache = new AnswerCache();
    await expect(cache.get('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(cache.stats().entries).toBe(0);
    expect((await cache.get('k', async () => body(3, 'b'))).body.toString()).toBe('bbb');
  });

  it('serves a fresh entry without computing, an expired one while recomputing in the background', async () => {
    let now = 1_000;
    const cache = new AnswerCache({ ttlMs: 2_000, now: () => now });
    await cache.get('k', async () => body(1, 'a'));
    now = 2_999; // 1,999 ms old: fresh
    expect((await cache.get('k', async () => { throw new Error('must not compute'); })).body.toString()).toBe('a');
    now = 3_000; // 2,000 ms old: expired → the old answer now, the new one stored after
    let recomputed!: () => void;
    const done = new Promise<void>((resolve) => (recomputed = resolve));
    expect((await cache.get('k', async () => { recomputed(); return body(1, 'b'); })).body.toString()).toBe('a');
    await done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.peek('k')!.body.toString()).toBe('b');
  });
});

describe('ETags and keys', () => {
  it('gives equal bodies equal tags and different bodies different tags', () => {
    expect(etagOf(Buffer.from('{"a":1}'))).toBe(etagOf(Buffer.from('{"a":1}')));
    expect(etagOf(Buffer.from('{"a":1}'))).not.toBe(etagOf(Buffer.from('{"a":2}')));
    expect(etagOf(Buffer.from('x'))).toMatch(/^"[A-Za-z0-9_-]{22}-1"$/);
  });

  it.each([
    [undefined, false],
    ['"abc-1"', true],
    ['W/"abc-1"', true],
    ['"zzz-1", "abc-1"', true],
    ['*', true],
    ['"abc-2"', false],
    ['abc-1', false],
  ])('If-None-Match %s → %s for "abc-1"', (header, expected) => {
    expect(matchesIfNoneMatch(header, '"abc-1"')).toBe(expected);
  });

  it('normalises queries independently of parameter order, and cannot be forged by separators', () => {
    expect(normaliseQuery({ b: 1, a: 'x' })).toBe(normaliseQuery({ a: 'x', b: 1 }));
    expect(normaliseQuery({ a: 'x', b: undefined })).toBe(normaliseQuery({ a: 'x' }));
    expect(normaliseQuery({ a: 'x&b=1' })).not.toBe(normaliseQuery({ a: 'x', b: '1' }));
  });
});

describe('NextTurnBatch', () => {
  it('shares one lookup among the callers of a turn, per key, and starts a new one for later callers', async () => {
    const batch = new NextTurnBatch<number>();
    const started: string[] = [];
    let n = 0;
    const load = (key: string) => async () => { started.push(key); return ++n; };
    const sameTurn = [batch.get('a', load('a')), batch.get('a', load('a')), batch.get('b', load('b'))];
    // Nothing is issued before the turn ends: a caller arriving now still joins.
    expect(started).toEqual([]);
    expect(await Promise.all(sameTurn)).toEqual([1, 1, 2]);
    expect(started).toEqual(['a', 'b']);
    // Asked after the first lookup was issued: a lookup of its own, which sees later commits.
    expect(await batch.get('a', load('a'))).toBe(3);
  });

  it('passes a failure to every caller of the turn and keeps nothing', async () => {
    const batch = new NextTurnBatch<number>();
    const failing = async () => { throw new Error('down'); };
    const results = await Promise.allSettled([batch.get('a', failing), batch.get('a', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await batch.get('a', async () => 7)).toBe(7);
  });
});
