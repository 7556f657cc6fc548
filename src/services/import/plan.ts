/**
 * Planning: repeated rows within the file (identical → warning, conflicting → error naming
 * both rows), then each remaining value against what is stored: insert, update or unchanged.
 * Unchanged values are never sent to the database, so re-importing a file writes nothing.
 */
import type { DataValueInput, Repositories, StoredDataValue } from '../../storage/index.js';
import { candidateKey, type Candidate } from './normalize.js';
import type { ProblemList } from './problems.js';
import type { PlannedChange } from './types.js';

/** Keeps the first row of each key; reports repeats. */
export class Deduplicator {
  private readonly byKey = new Map<string, Candidate>();
  private readonly conflicted = new Map<string, { row: number; value: number }>();
  duplicates = 0;

  /** Returns true when the candidate is the first of its key (to be written), false for a repeat. */
  add(candidate: Candidate, problems: ProblemList): boolean {
    const key = candidateKey(candidate);
    const earlier = this.conflicted.get(key);
    const first = this.byKey.get(key);
    if (earlier === undefined && first === undefined) {
      this.byKey.set(key, candidate);
      return true;
    }
    const same = first && first.value === candidate.value && first.comment === candidate.comment && first.source === candidate.source;
    if (same) {
      this.duplicates++;
      problems.warn('VITALS_W_DUPLICATE_ROW', { first: first.row }, { row: candidate.row, column: null });
      return false;
    }
    // A key already in conflict keeps naming the first row it was seen on.
    const { row, value } = first ?? earlier!;
    problems.error(
      'VITALS_E_DUPLICATE_CONFLICT',
      { first: row, key: key.replace(/\|total/g, ''), firstValue: value, value: candidate.value },
      { row: candidate.row, column: null, value: String(candidate.value) },
    );
    // Neither row can be trusted: the first one is rejected too.
    problems.reject(row);
    if (first) {
      this.byKey.delete(key);
      this.conflicted.set(key, { row: first.row, value: first.value });
    }
    return false;
  }

  /** How many keys are kept. */
  get size(): number {
    return this.byKey.size;
  }

  get candidates(): Candidate[] {
    return [...this.byKey.values()];
  }
}

export interface Plan {
  readonly writes: readonly Candidate[];
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  /** The first changes, for previews. */
  readonly changes: readonly PlannedChange[];
}

const PREVIEW_LIMIT = 200;
const REGION_CHUNK = 500;

/** Compare candidates with the stored values (read through `repos`, e.g. inside the write transaction). */
export async function planChanges(repos: Repositories, candidates: readonly Candidate[]): Promise<Plan> {
  const stored = new Map<string, StoredDataValue>();
  const periods = [...new Set(candidates.map((c) => c.period))];
  const elements = [...new Set(candidates.map((c) => c.dataElement))];
  const regions = [...new Set(candidates.map((c) => c.region))];
  for (let i = 0; i < regions.length; i += REGION_CHUNK) {
    const found = await repos.dataValues.find({ regions: regions.slice(i, i + REGION_CHUNK), periods, dataElements: elements });
    for (const v of found) stored.set(candidateKey(v), v);
  }
  const writes: Candidate[] = [];
  const changes: PlannedChange[] = [];
  let inserts = 0;
  let unchanged = 0;
  for (const c of candidates) {
    const old = stored.get(candidateKey(c));
    const same =
      old !== undefined &&
      old.value === c.value &&
      (c.comment === undefined || c.comment === old.comment) &&
      (c.source === undefined || c.source === old.source);
    if (same) {
      unchanged++;
      continue;
    }
    writes.push(c);
    if (!old) inserts++;
    if (changes.length < PREVIEW_LIMIT) {
      changes.push({
        row: c.row, action: old ? 'update' : 'insert', dataElement: c.dataElement, region: c.region, period: c.period,
        sex: c.sex, ageGroup: c.ageGroup, area: c.area, oldValue: old?.value, newValue: c.value,
      });
    }
  }
  return { writes, inserts, updates: writes.length - inserts, unchanged, changes };
}

/** The repository input for a candidate; an absent comment or source keeps the stored one. */
export function toInput(c: Candidate): DataValueInput {
  return {
    dataElement: c.dataElement, region: c.region, period: c.period, sex: c.sex, ageGroup: c.ageGroup, area: c.area, value: c.value,
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
    ...(c.source !== undefined ? { source: c.source } : {}),
  };
}
