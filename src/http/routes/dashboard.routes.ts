/**
 * /dashboard: the read API of the overview, map, indicator, region, assessment and index pages.
 * Every answer comes from the pre-aggregated, covering-indexed tables (indicator values, live
 * judgements and scores, the index cache) through `database.readDb`, never from raw values.
 *
 * Who sees what (core/access through `request.scope`, applied in SQL by the central filter):
 * - users with `results.read_unpublished` (every role): all final figures in their view scope;
 * - everyone, anonymous included (`results.read_published`): final figures of the regions and
 *   years covered by a published evaluation run.
 * Nothing outside both is returned; a region outside them answers with empty items, not 403.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { indexView, mapView, rankingView, scorecardView, trendView, type ReadContext } from '../../services/dashboard/index.js';
import type { DashboardScope } from '../../storage/repositories/dashboard.repository.js';
import { errors } from '../schemas/common.schema.js';
import { IndexQuery, IndexView, MapQuery, MapView, RankingQuery, RankingView, ScorecardQuery, ScorecardView, TrendQuery, TrendView } from '../schemas/dashboard.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

/** The caller's dashboard scope: view scope (signed-in readers of unpublished results) and publication. */
export function dashboardScope(request: FastifyRequest): DashboardScope {
  const published = request.scope.has('results.read_published');
  const own = request.scope.authenticated && request.scope.has('results.read_unpublished');
  if (!published && !own) request.scope.require('results.read_published');
  return { regions: own ? request.scope.region('view') : { kind: 'view', roots: [] }, published };
}

const dashboardRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['dashboard'];
  const context = (request: FastifyRequest): ReadContext => ({ db: app.vitals.database.db, readDb: app.vitals.database.readDb, scope: dashboardScope(request) });
  const failures = errors(400, 401, 403, 404);

  app.get('/dashboard/map', {
    schema: { tags, summary: 'Choropleth: one indicator across the children of a region (or its descendants at a level) for a period, with the status against the target', querystring: MapQuery, response: { 200: MapView, ...failures } },
  }, async (request) => {
    const q = request.query;
    return mapView(context(request), { indicator: q.indicator, region: q.region, period: q.period, ...(q.framework ? { framework: q.framework } : {}), ...(q.level ? { level: q.level } : {}) });
  });

  app.get('/dashboard/trend', {
    schema: { tags, summary: 'One region × one indicator across periods: actuals with gaps, baseline, milestone targets and the expected path, progress, checkpoint warnings and the projection band', querystring: TrendQuery, response: { 200: TrendView, ...failures } },
  }, async (request) => {
    const q = request.query;
    return trendView(context(request), {
      indicator: q.indicator, region: q.region, ...(q.framework ? { framework: q.framework } : {}), ...(q.periodType ? { periodType: q.periodType } : {}),
      ...(q.from !== undefined ? { fromYear: q.from } : {}), ...(q.to !== undefined ? { toYear: q.to } : {}), ...(q.year !== undefined ? { year: q.year } : {}),
    });
  });

  app.get('/dashboard/scorecard', {
    schema: { tags, summary: 'A region\'s framework indicators as of a period, headline cards and the warnings list', querystring: ScorecardQuery, response: { 200: ScorecardView, ...failures } },
  }, async (request) => scorecardView(context(request), request.query));

  app.get('/dashboard/ranking', {
    schema: { tags, summary: 'Children of a region ranked on the assessment score (by=score, a year) or on an indicator (by=indicator, a period), with ties, peer groups and rank change', querystring: RankingQuery, response: { 200: RankingView, ...failures } },
  }, async (request) => {
    const q = request.query;
    return rankingView(context(request), {
      region: q.region, by: q.by, period: q.period, ...(q.framework ? { framework: q.framework } : {}), ...(q.indicator ? { indicator: q.indicator } : {}), ...(q.level ? { level: q.level } : {}),
    });
  });

  app.get('/dashboard/index', {
    schema: { tags, summary: 'The framework\'s health index over periods (one type, from–to) for the children of a region, with sub-indices and rank intervals', querystring: IndexQuery, response: { 200: IndexView, ...failures } },
  }, async (request) => {
    const q = request.query;
    return indexView(context(request), { framework: q.framework, region: q.region, from: q.from, to: q.to, ...(q.level ? { level: q.level } : {}) });
  });
};

export default dashboardRoutes;
