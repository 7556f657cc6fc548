/**
 * The stored form of result provenance: lossless, and compact where rows repeat one another.
 *
 * A run's rows share much of their provenance: every region judged against a province target
 * carries the same target block (wording, spec, source), the attainment rows of an indicator's
 * milestones carry the same series and value reading, both progress methods the same required
 * value. Written out in full, a province run is ~12 MB of JSON that the database must parse and
 * store. So, within one run, an object that occurs more than once is stored once — inline, where
 * it first occurs, as `{"$def": id, "v": …}` — and every later occurrence as
 * `{"$ref": id, "row": ordinal}` (the ordinal of the row holding the definition, never a later
 * row). `decodeRows` restores the full objects; reading results through `EvaluationService`
 * always returns them complete, so nothing about a figure's traceability changes.
 *
 * What is shared is decided where provenance is built: the judge wraps values it hands to many
 * rows (target blocks, readings, series) or that every region repeats (parameters, labels) in a
 * `Shared` (see `SharedValues`); `encodeRows` writes the first occurrence of each in full.
 */

/** One row's two JSON columns. */
export interface EncodableRow {
  readonly provenance: unknown;
  readonly required: unknown;
}

/** A value worth storing once per run: wherever it occurs again, the stored row refers to it. */
export class Shared {
  constructor(readonly value: unknown) {}

  /** Inside `encodeRows`: a definition or a reference; elsewhere: the plain value. */
  toJSON(): unknown {
    return active ? active.emit(this) : this.value;
  }
}

/** The encoder whose row is being written (JSON.stringify is synchronous: one at a time). */
let active: RunEncoder | undefined;

/**
 * Writes one run's rows, in ordinal order from `firstOrdinal`: every `Shared` value in full where
 * it first occurs, as a reference afterwards. Rows can be encoded as soon as they are made, so
 * that only their text is kept until the snapshot is written.
 */
export class RunEncoder {
  private readonly defined = new Map<Shared, { readonly id: number; readonly row: number }>();
  private row: number;

  constructor(firstOrdinal = 1) {
    this.row = firstOrdinal - 1;
  }

  /** The stored JSON text of the next row's provenance and required columns. */
  encode(r: EncodableRow): { provenance: string; required: string } {
    this.row++;
    const previous = active;
    active = this;
    try {
      return { provenance: JSON.stringify(r.provenance ?? null), required: JSON.stringify(r.required ?? null) };
    } finally {
      active = previous;
    }
  }

  /** @internal */
  emit(shared: Shared): unknown {
    const def = this.defined.get(shared);
    if (def) return { $ref: def.id, row: def.row };
    const id = this.defined.size + 1;
    this.defined.set(shared, { id, row: this.row });
    return { $def: id, v: shared.value };
  }
}

/** The stored JSON text of a run's rows (row i has ordinal `firstOrdinal + i`); see `RunEncoder`. */
export function encodeRows(rows: readonly EncodableRow[], firstOrdinal = 1): { provenance: string; required: string }[] {
  const encoder = new RunEncoder(firstOrdinal);
  return rows.map((r) => encoder.encode(r));
}

/** Arrays and objects of fewer than two entries are not worth a reference. */
function hasTwoEntries(value: object): boolean {
  if (Array.isArray(value)) return value.length >= 2;
  let n = 0;
  for (const _ in value) if (++n >= 2) return true;
  return false;
}

/** An object is worth sharing only when its JSON is at least this long (a reference is ~25 characters). */
const MIN_SHARED_LENGTH = 32;

/**
 * Hands out `Shared` values: one per object (`share`, by identity: target blocks, readings,
 * series), or one per content (`intern`, by JSON: parameters, labels, reasons that every region
 * repeats). Keep one per request (the years of one `runYears` share it; each year's
 * `RunEncoder` still writes every value in full where that year first uses it): it holds what it
 * handed out until dropped.
 */
export class SharedValues {
  private readonly byObject = new Map<object, Shared>();
  private readonly byContent = new Map<string, Shared>();

  /** The one `Shared` of this object (arrays and objects of fewer than two entries stay plain). */
  share<T>(value: T): T | Shared {
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof Shared) return value;
    let shared = this.byObject.get(value);
    if (!shared) {
      if (!hasTwoEntries(value)) return value;
      this.byObject.set(value, (shared = new Shared(value)));
    }
    return shared;
  }

  /** A new `Shared` of an object the caller hands to several rows itself (nothing is looked up or kept). */
  wrap<T extends object>(value: T): T | Shared {
    return hasTwoEntries(value) ? new Shared(value) : value;
  }

  /** The one `Shared` of this content (small objects stay plain). */
  intern<T>(value: T): T | Shared {
    if (typeof value !== 'object' || value === null || value instanceof Shared) return value;
    const key = JSON.stringify(value);
    if (key.length < MIN_SHARED_LENGTH) return value;
    let shared = this.byContent.get(key);
    if (!shared) this.byContent.set(key, (shared = new Shared(value)));
    return shared;
  }
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

const isDef = (v: unknown): v is { $def: number; v: unknown } => isContainer(v) && !Array.isArray(v) && typeof (v as { $def?: unknown }).$def === 'number' && 'v' in v && Object.keys(v).length === 2;
const isRef = (v: unknown): v is { $ref: number; row: number } => isContainer(v) && !Array.isArray(v) && typeof (v as { $ref?: unknown }).$ref === 'number' && typeof (v as { row?: unknown }).row === 'number' && Object.keys(v).length === 2;

/** Stored rows as read back: ordinal and the two JSON columns. */
export interface StoredForm {
  readonly ordinal: number;
  readonly provenance: unknown;
  readonly required: unknown;
}

/**
 * Restore rows stored by `RunEncoder`. `fetch(ordinals)` reads further rows of the same run
 * that hold definitions the given rows refer to. Rows stored without sharing come back as they are.
 */
export async function decodeRows<T extends StoredForm>(rows: readonly T[], fetch: (ordinals: number[]) => Promise<StoredForm[]>): Promise<T[]> {
  const definitions = new Map<number, unknown>();
  const wanted = new Map<number, number>();
  const scan = (v: unknown): void => {
    if (!isContainer(v)) return;
    if (isRef(v)) {
      if (!definitions.has(v.$ref)) wanted.set(v.$ref, v.row);
      return;
    }
    if (isDef(v)) {
      definitions.set(v.$def, v.v);
      wanted.delete(v.$def);
      scan(v.v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) scan(x);
    else for (const k in v) scan((v as Record<string, unknown>)[k]);
  };
  for (const r of rows) {
    scan(r.provenance);
    scan(r.required);
  }
  if (definitions.size === 0 && wanted.size === 0) return [...rows];
  // Definitions in rows not read: fetch them (they may refer further back; a few rounds at most).
  const fetched = new Set<number>(rows.map((r) => r.ordinal));
  const missing = () => [...wanted.entries()].filter(([id]) => !definitions.has(id));
  while (missing().length > 0) {
    const ordinals = [...new Set(missing().map(([, row]) => row))].filter((o) => !fetched.has(o));
    if (ordinals.length === 0) throw new Error(`stored provenance refers to definitions that are missing: ${missing().map(([id]) => id).join(', ')}`);
    for (const o of ordinals) fetched.add(o);
    for (const r of await fetch(ordinals)) {
      scan(r.provenance);
      scan(r.required);
    }
  }
  const restored = new Map<number, unknown>();
  const restoreDefinition = (id: number): unknown => {
    if (!restored.has(id)) restored.set(id, restore(definitions.get(id)));
    return restored.get(id);
  };
  const restore = (v: unknown): unknown => {
    if (!isContainer(v)) return v;
    if (isRef(v)) return restoreDefinition(v.$ref);
    if (isDef(v)) return restoreDefinition(v.$def);
    if (Array.isArray(v)) return v.map(restore);
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = restore((v as Record<string, unknown>)[k]);
    return out;
  };
  return rows.map((r) => ({ ...r, provenance: restore(r.provenance), required: restore(r.required) }));
}
