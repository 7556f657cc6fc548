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
 *
 * Answers are served from a per-process cache of serialised bodies (plugins/answer-cache.ts),
 * keyed by route, normalised query, the caller's dashboard scope (never the user as such) and
 * the data epoch read on the read connection for every request: an approval shows in the very
 * next request, identical questions cost one epoch lookup.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { indexView, mapView, rankingView, scorecardView, trendView, type ReadContext } from '../../services/dashboard/index.js';
import { readDashboardEpoch } from '../../storage/repositories/dashboard.epoch.js';
import type { DashboardScope } from '../../storage/repositories/dashboard.repository.js';
import { currentReadSessionKey } from '../../storage/replicas.js';
import { AnswerCache, ANSWER_CACHE_BYTES, ANSWER_CACHE_TTL_MS, NextTurnBatch, normaliseQuery, sendCached } from '../plugins/answer-cache.js';
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

/** The part of the cache key that says who asks: view roots (sorted) and publication, not the user. */
export function scopeKey(scope: DashboardScope): string {
  const regions = scope.regions.kind === 'system' ? 'system' : `${scope.regions.kind}:${[...new Set(scope.regions.roots)].sort().join(',')}`;
  return `${regions}|${scope.published ? 'published' : 'own'}`;
}

const dashboardRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['dashboard'];
  const { answerCacheBytes, answerCacheTtlMs } = app.vitals.config;
  const cache = new AnswerCache({ maxBytes: answerCacheBytes ?? ANSWER_CACHE_BYTES, ttlMs: answerCacheTtlMs ?? ANSWER_CACHE_TTL_MS });
  // Epoch lookups of one event-loop turn are shared per read session (its key decides where a
  // read may go under read-your-writes, so sessions never share one); anonymous requests share.
  const epochs = new NextTurnBatch<string>();
  const context = (request: FastifyRequest): ReadContext => ({ db: app.vitals.database.db, readDb: app.vitals.database.readDb, scope: dashboardScope(request) });
  /** Answer from the cache, or compute with `view(ctx)` and keep the serialised body. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, view: (ctx: ReadContext) => Promise<unknown>) => {
    const ctx = context(request);
    const session = currentReadSessionKey();
    const epoch = await epochs.get(session === undefined ? '' : `s:${session}`, () => readDashboardEpoch(ctx.readDb));
    const key = `${request.routeOptions.url}|${normaliseQuery(request.query)}|${scopeKey(ctx.scope)}|${epoch}`;
    return sendCached(cache, key, request, reply, () => view(ctx));
  };
  const failures = errors(400, 401, 403, 404);

  app.get('/dashboard/map', {
    schema: { tags, summary: 'Choropleth: one indicator across the children of a region (or its descendants at a level) for a period, with the status against the target', querystring: MapQuery, response: { 200: MapView, ...failures } },
  }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, (ctx) => mapView(ctx, { indicator: q.indicator, region: q.region, period: q.period, ...(q.framework ? { framework: q.framework } : {}), ...(q.level ? { level: q.level } : {}) }));
  });

  app.get('/dashboard/trend', {
    schema: { tags, summary: 'One region × one indicator across periods: actuals with gaps, baseline, milestone targets and the expected path, progress, checkpoint warnings and the projection band', querystring: TrendQuery, response: { 200: TrendView, ...failures } },
  }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, (ctx) => trendView(ctx, {
      indicator: q.indicator, region: q.region, ...(q.framework ? { framework: q.framework } : {}), ...(q.periodType ? { periodType: q.periodType } : {}),
      ...(q.from !== undefined ? { fromYear: q.from } : {}), ...(q.to !== undefined ? { toYear: q.to } : {}), ...(q.year !== undefined ? { year: q.year } : {}),
    }));
  });

  app.get('/dashboard/scorecard', {
    schema: { tags, summary: 'A region\'s framework indicators as of a period, headline cards and the warnings list', querystring: ScorecardQuery, response: { 200: ScorecardView, ...failures } },
  }, async (request, reply) => answer(request, reply, (ctx) => scorecardView(ctx, request.query)));

  app.get('/dashboard/ranking', {
    schema: { tags, summary: 'Children of a region ranked on the assessment score (by=score, a year) or on an indicator (by=indicator, a period), with ties, peer groups and rank change', querystring: RankingQuery, response: { 200: RankingView, ...failures } },
  }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, (ctx) => rankingView(ctx, {
      region: q.region, by: q.by, period: q.period, ...(q.framework ? { framework: q.framework } : {}), ...(q.indicator ? { indicator: q.indicator } : {}), ...(q.level ? { level: q.level } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}), ...(q.offset !== undefined ? { offset: q.offset } : {}),
    }));
  });

  app.get('/dashboard/index', {
    schema: { tags, summary: 'The framework\'s health index over periods (one type, from–to) for the children of a region, with sub-indices and rank intervals', querystring: IndexQuery, response: { 200: IndexView, ...failures } },
  }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, (ctx) => indexView(ctx, { framework: q.framework, region: q.region, from: q.from, to: q.to, ...(q.level ? { level: q.level } : {}) }));
  });
};

export default dashboardRoutes;
