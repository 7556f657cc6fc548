/**
 * Dashboards: read answers (map, trend, scorecard, ranking, index) from pre-aggregated tables,
 * and the freshness path that keeps those tables equal to the final data — incrementally, in
 * the transaction that makes data final. See docs/dashboard.md.
 */
export { DashboardRefresher, type DataChange, type RefreshReport, type DashboardRebuildReport } from './refresh.service.js';
export {
  refreshDashboardsAfterTransition, refreshDashboardsBeforeCommit, refreshDashboardsForValues, rebuildDashboards,
  IMPORT_REBUILD_THRESHOLD, type TransitionRefresh, type ImportRefreshReport,
} from './hooks.js';
export { LIVE_YEARS, liveYearsFor } from './live-results.js';
export { mapView, type MapQuery, type MapView, type MapItem } from './map.read.js';
export { trendView, type TrendQuery, type TrendView, type ProjectionView } from './trend.read.js';
export { scorecardView, SPARKLINE_POINTS, type ScorecardQuery, type ScorecardView } from './scorecard.read.js';
export { rankingView, type RankingQuery, type RankingView, type RankingItem } from './ranking.read.js';
export { indexView, MAX_INDEX_PERIODS, INDEX_SENSITIVITY, type IndexQuery } from './index.read.js';
export type { ReadContext, Figure, RegionRef, IndicatorRef, Quality } from './support.js';
