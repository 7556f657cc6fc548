/**
 * Ranking with ties (competition 1224, dense 1223, ordinal 1234), within the whole level and
 * within peer groups, and the change from last year's rank.
 */
export {
  type RankMethod,
  type RankOrder,
  type RankOptions,
  type Rankable,
  type RankedEntry,
  type ValueRankOptions,
  RANK_METHODS,
  RANKING_METHOD_VERSION,
  DEFAULT_TIE_DECIMALS,
  requireRankMethod,
  roundForRanking,
  rankEntries,
  rankValues,
} from './rank.js';
export {
  type RankingInput,
  type RankMovement,
  type RankChange,
  type RankingRow,
  type RankingTable,
  rankWithinGroups,
  rankChange,
  buildRankingTable,
} from './table.js';
