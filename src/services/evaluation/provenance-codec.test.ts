import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRows, encodeRows, RunEncoder, Shared, SharedValues, type StoredForm } from './provenance-codec.js';

/** Store rows as the database would (JSON text parsed back), with ordinals from 1. */
function store(rows: { provenance: unknown; required: unknown }[]): StoredForm[] {
  return encodeRows(rows).map((e, i) => ({ ordinal: i + 1, provenance: JSON.parse(e.provenance), required: JSON.parse(e.required) }));
}

/** What a row reads as without any sharing: its plain JSON. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));

function reader(stored: readonly StoredForm[]) {
  const fetched: number[][] = [];
  const fetch = async (ordinals: number[]) => {
    fetched.push([...ordinals].sort((a, b) => a - b));
    return stored.filter((r) => ordinals.includes(r.ordinal));
  };
  return { fetch, fetched };
}

describe('provenance stored once per run', () => {
  const target = { id: 7, wording: '到2025年婴儿死亡率降至4.5‰以下', spec: { kind: 'threshold', op: 'le', value: 4.5 } };

  it('writes a shared value in full where it first occurs and refers to it afterwards', () => {
    const shared = new Shared(target);
    const [a, b, c] = encodeRows([
      { provenance: { target: shared, score: 1 }, required: null },
      { provenance: { target: shared, score: 2 }, required: shared },
      { provenance: { score: 3 }, required: null },
    ]);
    expect(JSON.parse(a!.provenance)).toEqual({ target: { $def: 1, v: target }, score: 1 });
    // Row 2 refers back to row 1, in both columns.
    expect(JSON.parse(b!.provenance)).toEqual({ target: { $ref: 1, row: 1 }, score: 2 });
    expect(JSON.parse(b!.required)).toEqual({ $ref: 1, row: 1 });
    expect(JSON.parse(c!.provenance)).toEqual({ score: 3 });
    expect(c!.required).toBe('null');
  });

  it('numbers rows from the first ordinal and starts afresh for every run', () => {
    const shared = new Shared(target);
    const first = new RunEncoder(10);
    first.encode({ provenance: { a: 1 }, required: null });
    expect(JSON.parse(first.encode({ provenance: { t: shared }, required: null }).provenance)).toEqual({ t: { $def: 1, v: target } });
    expect(JSON.parse(first.encode({ provenance: { t: shared }, required: null }).provenance)).toEqual({ t: { $ref: 1, row: 11 } });
    // Another run defines it again in its own rows.
    expect(JSON.parse(new RunEncoder().encode({ provenance: { t: shared }, required: null }).provenance)).toEqual({ t: { $def: 1, v: target } });
    // Outside an encoder a shared value is just its value.
    expect(JSON.parse(JSON.stringify({ t: shared }))).toEqual({ t: target });
  });

  it('shares by identity and by content, leaving values too small for a reference plain', () => {
    const values = new SharedValues();
    expect(values.share(target)).toBe(values.share(target));
    expect(values.share([1])).toEqual([1]); // one item: not worth a reference
    expect(values.intern({ zh: '进展有限', en: 'Limited progress' })).toBeInstanceOf(Shared); // 44 characters of JSON ≥ 32
    expect(values.intern({ zh: '进展有限', en: 'Limited progress' })).toBe(values.intern({ zh: '进展有限', en: 'Limited progress' }));
    expect(values.intern({ a: 1 })).toEqual({ a: 1 }); // 7 characters: stays plain
  });

  it('reads back exactly what was given, fetching rows that hold definitions outside the page', async () => {
    const values = new SharedValues();
    const series = values.share([{ year: 2019, value: 6 }, { year: 2020, value: 5.5 }]);
    const reading = values.share({ value: 5.5, inputs: values.share({ INFANT_DEATHS: { value: 11, source: 'aggregate' }, LIVE_BIRTHS: { value: 2000, source: 'aggregate' } }) });
    const rows = [
      { provenance: { series, value: reading }, required: null },
      { provenance: { series, note: 'x' }, required: values.intern({ explanation: { zh: '不高于4.5', en: 'at most 4.5' } }) },
      { provenance: { value: reading, series }, required: values.intern({ explanation: { zh: '不高于4.5', en: 'at most 4.5' } }) },
    ];
    const stored = store(rows);
    const all = await decodeRows(stored, reader(stored).fetch);
    expect(all.map((r) => [r.provenance, r.required])).toEqual(rows.map((r) => [plain(r.provenance), plain(r.required)]));
    // Only the third row: its definitions are in rows 1 and 2, fetched once each.
    const { fetch, fetched } = reader(stored);
    const [third] = await decodeRows([stored[2]!], fetch);
    expect(third!.provenance).toEqual(plain(rows[2]!.provenance));
    expect(third!.required).toEqual(plain(rows[2]!.required));
    expect(fetched.flat().sort()).toEqual([1, 2]);
  });

  it('wraps a value for one call\'s rows without keeping it: a new shared value each time, small ones plain', () => {
    const values = new SharedValues();
    const required = { target: { t: 2025, value: 4.5 }, explanation: { zh: '不高于4.5', en: 'at most 4.5' } };
    const a = values.wrap(required);
    expect(a).toBeInstanceOf(Shared);
    expect(values.wrap(required)).not.toBe(a); // nothing looked up: the caller hands it to its rows itself
    expect(values.wrap({ only: 1 })).toEqual({ only: 1 }); // one entry: not worth a reference
  });

  it('keeps each year\'s snapshot whole when the years of one request share a registry: property', async () => {
    // runYears keeps one SharedValues for every year; each year has its own encoder, so a value
    // a later year reuses is defined again in that year's rows, never referred to across runs.
    const leaf = fc.oneof(fc.integer(), fc.string(), fc.constant(null));
    const value = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !k.startsWith('$') && k !== '__proto__'), leaf, { minKeys: 2, maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }), async (pool, years) => {
        const values = new SharedValues();
        const shared = pool.map((p) => values.share(p));
        for (const picks of years) {
          const rows = picks.map((k, i) => ({ provenance: { i, v: shared[k % shared.length] }, required: values.intern(pool[k % pool.length]) }));
          const stored = store(rows);
          // Decoding may only fetch rows of this year's run: `reader` sees nothing else.
          const got = await decodeRows(stored, reader(stored).fetch);
          expect(got.map((r) => [r.provenance, r.required])).toEqual(rows.map((r) => [plain(r.provenance), plain(r.required)]));
          expect(JSON.parse(JSON.stringify(stored[0]!.provenance)).v).toHaveProperty('$def'); // the year's first use defines it
        }
      }),
      { numRuns: 100 },
    );
  });

  it('leaves rows stored without sharing as they are', async () => {
    const rows: StoredForm[] = [{ ordinal: 1, provenance: { method: 'fixture', inputs: [] }, required: { op: '<=', value: 5 } }];
    expect(await decodeRows(rows, async () => [])).toEqual(rows);
  });

  it('restores any page of any run: property over random rows sharing random values', async () => {
    const leaf = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.startsWith('$') && k !== '__proto__'), tie('value'), { maxKeys: 4 }),
    })).object;
    await fc.assert(
      fc.asyncProperty(
        fc.array(json, { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 3 }), extra: json, intoRequired: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (pool, specs, pageIdx) => {
          const values = new SharedValues();
          // Shared values may hold other shared values (a reading holding its inputs).
          const shared = pool.map((p, i) => values.share(i > 0 && i % 2 === 0 ? { inner: values.share(pool[i - 1]), own: p } : p));
          const rows = specs.map((s) => {
            const picked = Object.fromEntries(s.picks.map((k, i) => [`s${i}`, shared[k % shared.length]]));
            return s.intoRequired ? { provenance: s.extra, required: picked } : { provenance: { ...picked, extra: s.extra }, required: null };
          });
          const stored = store(rows);
          const page = [...new Set(pageIdx.map((i) => i % stored.length))].map((i) => stored[i]!);
          const got = await decodeRows(page, reader(stored).fetch);
          expect(got.map((r) => [r.ordinal, r.provenance, r.required])).toEqual(page.map((r) => [r.ordinal, plain(rows[r.ordinal - 1]!.provenance), plain(rows[r.ordinal - 1]!.required)]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
