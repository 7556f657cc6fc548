/**
 * The dashboard read API (`/dashboard/{scorecard,map,trend,ranking,index}`, docs/dashboard.md):
 * answers from the pre-aggregated tables, kept equal to the final data in the transaction that
 * makes data final — fresher than an evaluation run, which is a snapshot. Shapes are the
 * server's own TypeBox schemas.
 */
import type { Static } from '@sinclair/typebox';
import type { MapView, RankingView, ScorecardView, TrendView } from '../../../src/http/schemas/dashboard.schema.js';
import { api } from './client.js';

export type DashboardScorecard = Static<typeof ScorecardView>;
export type DashboardMap = Static<typeof MapView>;
export type DashboardTrend = Static<typeof TrendView>;
export type DashboardRanking = Static<typeof RankingView>;
export type DashboardFigure = NonNullable<DashboardScorecard['items'][number]['latest']>;

export const dashboard = {
  scorecard: (q: { framework: string; region: string; period: string }, signal?: AbortSignal) => api.get<DashboardScorecard>('/dashboard/scorecard', q, signal),
  map: (q: { indicator: string; region: string; period: string; framework?: string }, signal?: AbortSignal) => api.get<DashboardMap>('/dashboard/map', q, signal),
  trend: (q: { indicator: string; region: string; framework?: string; year?: number }, signal?: AbortSignal) => api.get<DashboardTrend>('/dashboard/trend', q, signal),
  ranking: (q: { region: string; by: 'score' | 'indicator'; period: string; framework?: string; indicator?: string }, signal?: AbortSignal) =>
    api.get<DashboardRanking>('/dashboard/ranking', q, signal),
};
