/**
 * A ranking table: the rank within the whole level, the rank within each peer group
 * (a label per region, e.g. 城市规模 or 经济分区), and the change from last year's rank.
 */
import { VitalsError } from '../errors.js';
import { DEFAULT_TIE_DECIMALS, RANKING_METHOD_VERSION, rankEntries, type RankedEntry, type RankOptions } from './rank.js';

export interface RankingInput {
  readonly code: string;
  readonly score: number | null;
  /** Peer group label; absent = no peer group. */
  readonly group?: string | null;
}

/** `up`: better rank than last year; `new`: no rank last year (新进入); `unranked`: no score this year. */
export type RankMovement = 'up' | 'down' | 'same' | 'new' | 'unranked';

export interface RankChange {
  readonly previousRank: number | null;
  /** previousRank − rank: positive = moved up (e.g. from 5th to 2nd is +3). */
  readonly change: number | null;
  readonly movement: RankMovement;
}

export interface RankingRow extends RankedEntry, RankChange {
  readonly group: string | null;
  readonly groupRank: number | null;
  readonly groupSize: number | null;
}

export interface RankingTable {
  /** Display order: rank, then code; unranked last. */
  readonly rows: readonly RankingRow[];
  /** Regions ranked last year but absent this year. */
  readonly dropped: readonly string[];
  readonly provenance: {
    readonly method: string;
    readonly methodVersion: string;
    readonly params: { readonly method: string; readonly decimals: number; readonly order: string };
  };
}

/** Ranks each peer group separately; entries without a group are left out. */
export function rankWithinGroups(entries: readonly RankingInput[], options: RankOptions = {}): Map<string, RankedEntry & { group: string; groupSize: number }> {
  const groups = new Map<string, RankingInput[]>();
  for (const e of entries) {
    if (e.group === undefined || e.group === null || e.group === '') continue;
    groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  }
  const out = new Map<string, RankedEntry & { group: string; groupSize: number }>();
  for (const [group, members] of groups) {
    const size = members.filter((m) => m.score !== null && Number.isFinite(m.score)).length;
    for (const ranked of rankEntries(members, options)) out.set(ranked.code, { ...ranked, group, groupSize: size });
  }
  return out;
}

function toMap(previous: ReadonlyMap<string, number> | Readonly<Record<string, number>> | undefined): ReadonlyMap<string, number> {
  if (!previous) return new Map();
  const map = previous instanceof Map ? (previous as ReadonlyMap<string, number>) : new Map(Object.entries(previous));
  for (const [code, rank] of map) {
    if (!Number.isInteger(rank) || rank < 1) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `previous rank of ${code} must be a positive integer, got ${rank}` });
  }
  return map;
}

/** Change from last year's rank for one current rank. */
export function rankChange(rank: number | null, previousRank: number | null): RankChange {
  if (rank === null) return { previousRank, change: null, movement: 'unranked' };
  if (previousRank === null) return { previousRank: null, change: null, movement: 'new' };
  const change = previousRank - rank;
  return { previousRank, change, movement: change > 0 ? 'up' : change < 0 ? 'down' : 'same' };
}

/**
 * Ranks the whole level and every peer group, and compares with last year's overall ranks.
 * @example buildRankingTable([{code:'130100',score:92.5,group:'A'}, …], { previousRanks: {'130100': 3} })
 */
export function buildRankingTable(
  entries: readonly RankingInput[],
  options: RankOptions & { readonly previousRanks?: ReadonlyMap<string, number> | Readonly<Record<string, number>> } = {},
): RankingTable {
  const previous = toMap(options.previousRanks);
  const overall = rankEntries(entries, options);
  const inGroups = rankWithinGroups(entries, options);
  const rows = overall.map((r): RankingRow => {
    const g = inGroups.get(r.code);
    return {
      ...r,
      group: g?.group ?? null,
      groupRank: g?.rank ?? null,
      groupSize: g ? g.groupSize : null,
      ...rankChange(r.rank, previous.get(r.code) ?? null),
    };
  });
  const current = new Set(entries.map((e) => e.code));
  const dropped = [...previous.keys()].filter((c) => !current.has(c)).sort();
  const method = options.method ?? 'competition';
  return {
    rows,
    dropped,
    provenance: {
      method: `ranking.${method}`,
      methodVersion: RANKING_METHOD_VERSION,
      params: { method, decimals: options.decimals ?? DEFAULT_TIE_DECIMALS, order: options.order ?? 'desc' },
    },
  };
}
