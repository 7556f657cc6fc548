/**
 * Ranking scores with ties. Scores are compared after rounding to `decimals` (default 2):
 * 89.996 and 90.004 both show as 90.00 and therefore share a rank. Ties are ordered by
 * code for display, so the output never depends on the input order.
 *
 * Methods (one table, `RANK_METHODS`):
 * - `competition` (standard competition, "1224"): rank = 1 + number of strictly better scores;
 * - `dense` ("1223"): rank = 1 + number of distinct better scores;
 * - `ordinal` ("1234"): ties broken by code.
 */
import { VitalsError } from '../errors.js';

export type RankMethod = 'competition' | 'dense' | 'ordinal';

/** Whether larger scores rank first (`desc`, the default) or smaller ones (`asc`, e.g. a deficit). */
export type RankOrder = 'desc' | 'asc';

export interface RankOptions {
  readonly method?: RankMethod;
  /** Tie tolerance: scores are compared after rounding to this many decimals. Default 2. */
  readonly decimals?: number;
  readonly order?: RankOrder;
}

export interface Rankable {
  readonly code: string;
  /** `null` or NaN: not ranked (listed last, by code, with rank null). */
  readonly score: number | null;
}

export interface RankedEntry {
  readonly code: string;
  readonly score: number | null;
  /** The score as compared: rounded to `decimals`. */
  readonly comparedScore: number | null;
  readonly rank: number | null;
  /** How many entries share this compared score (1 = no tie). */
  readonly tiedWith: number;
}

export const RANKING_METHOD_VERSION = '1.0.0';
export const DEFAULT_TIE_DECIMALS = 2;

/**
 * A method assigns a rank from a tie block's position: `blockStart` is the 0-based position of
 * the block's first entry, `blockNumber` the 1-based count of distinct scores so far,
 * `offset` the entry's 0-based position inside its block (blocks are ordered by code).
 */
type RankAssigner = (blockStart: number, blockNumber: number, offset: number) => number;

export const RANK_METHODS: Readonly<Record<RankMethod, RankAssigner>> = {
  competition: (blockStart) => blockStart + 1,
  dense: (_blockStart, blockNumber) => blockNumber,
  ordinal: (blockStart, _blockNumber, offset) => blockStart + offset + 1,
};

/** @throws VitalsError VITALS_E_UNKNOWN_METHOD with kind `ranking`. */
export function requireRankMethod(name: string): RankMethod {
  if (!Object.prototype.hasOwnProperty.call(RANK_METHODS, name)) {
    throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'ranking', name }, { known: Object.keys(RANK_METHODS) });
  }
  return name as RankMethod;
}

/** Half away from zero, after removing binary noise (1.005 → 1.01). */
export function roundForRanking(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  const rounded = (Math.sign(x) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

function checkOptions(options: RankOptions): Required<RankOptions> {
  const method = requireRankMethod(options.method ?? 'competition');
  const decimals = options.decimals ?? DEFAULT_TIE_DECIMALS;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `tie decimals must be an integer from 0 to 10, got ${decimals}` });
  }
  const order = options.order ?? 'desc';
  if (order !== 'desc' && order !== 'asc') throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `rank order must be desc or asc, got ${String(order)}` });
  return { method, decimals, order };
}

/**
 * Ranks entries; returns them in display order (rank, then code; unranked last).
 * @throws VitalsError VITALS_E_INVALID_INPUT for duplicate codes or bad options.
 * @example rankEntries([{code:'a',score:90},{code:'b',score:85},{code:'c',score:85},{code:'d',score:80}])
 *   .map(e => e.rank) // [1, 2, 2, 4]
 */
export function rankEntries(entries: readonly Rankable[], options: RankOptions = {}): RankedEntry[] {
  const { method, decimals, order } = checkOptions(options);
  const codes = new Set<string>();
  for (const e of entries) {
    if (codes.has(e.code)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region ${e.code} appears twice in the ranking` });
    codes.add(e.code);
  }
  const byCode = (a: Rankable, b: Rankable) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const scored = entries
    .filter((e) => e.score !== null && Number.isFinite(e.score))
    .map((e) => ({ entry: e, compared: roundForRanking(e.score!, decimals) }));
  const sign = order === 'desc' ? -1 : 1;
  scored.sort((a, b) => sign * (a.compared - b.compared) || byCode(a.entry, b.entry));

  const assign = RANK_METHODS[method];
  const out: RankedEntry[] = [];
  let blockStart = 0;
  let blockNumber = 0;
  while (blockStart < scored.length) {
    let blockEnd = blockStart;
    while (blockEnd < scored.length && scored[blockEnd]!.compared === scored[blockStart]!.compared) blockEnd++;
    blockNumber++;
    for (let i = blockStart; i < blockEnd; i++) {
      const { entry, compared } = scored[i]!;
      out.push({ code: entry.code, score: entry.score, comparedScore: compared, rank: assign(blockStart, blockNumber, i - blockStart), tiedWith: blockEnd - blockStart });
    }
    blockStart = blockEnd;
  }
  const unranked = entries.filter((e) => e.score === null || !Number.isFinite(e.score)).sort(byCode);
  for (const e of unranked) out.push({ code: e.code, score: null, comparedScore: null, rank: null, tiedWith: 0 });
  return out;
}

export interface ValueRankOptions {
  readonly method?: RankMethod;
  /**
   * Tie tolerance as in `RankOptions`; `null` compares the values exactly (a computed index
   * whose ties must be real ties, e.g. the composite engine and its Monte Carlo replicates).
   */
  readonly decimals?: number | null;
  readonly order?: RankOrder;
}

/**
 * Ranks a column of values by position: `out[i]` is the rank of `values[i]`; null or NaN
 * gets null and does not count. `ordinal` breaks ties by position. Sorts once (n log n):
 * the Monte Carlo sensitivity analysis ranks thousands of replicates.
 * @example rankValues([3, 5, 5, null, 1], { decimals: null }) // [3, 1, 1, null, 4]
 */
export function rankValues(values: ReadonlyArray<number | null>, options: ValueRankOptions = {}): Array<number | null> {
  const exact = options.decimals === null;
  const { method, decimals, order } = checkOptions({
    ...(options.method !== undefined ? { method: options.method } : {}),
    ...(options.order !== undefined ? { order: options.order } : {}),
    ...(typeof options.decimals === 'number' ? { decimals: options.decimals } : {}),
  });
  const compared = values.map((x) => (x === null || !Number.isFinite(x) ? null : exact ? x : roundForRanking(x, decimals)));
  const sign = order === 'desc' ? -1 : 1;
  const positions = compared.flatMap((x, i) => (x === null ? [] : [i])).sort((a, b) => sign * (compared[a]! - compared[b]!) || a - b);
  const ranks: Array<number | null> = values.map(() => null);
  const assign = RANK_METHODS[method];
  let blockStart = 0;
  let blockNumber = 0;
  while (blockStart < positions.length) {
    let blockEnd = blockStart;
    while (blockEnd < positions.length && compared[positions[blockEnd]!] === compared[positions[blockStart]!]) blockEnd++;
    blockNumber++;
    for (let k = blockStart; k < blockEnd; k++) ranks[positions[k]!] = assign(blockStart, blockNumber, k - blockStart);
    blockStart = blockEnd;
  }
  return ranks;
}
