/**
 * /evaluations: evaluation runs (immutable result snapshots) and their results.
 *
 * Who sees what (decided by core/access through `request.scope`):
 * - everyone, anonymous included (`results.read_published`): published runs and all their results;
 * - users with `results.read_unpublished`: also unpublished runs whose scope overlaps their view
 *   scope, with the results cut to the regions of that scope;
 * - planners and admins (`results.run`, view scope) run an evaluation for a region in their view
 *   scope; publishing needs `results.publish` on the run's region (planners in capture scope).
 * An invisible run is 404, never 403, so that its existence does not leak.
 *
 * A framework's evaluation profile (default methods, scheme, index: what a run without its own
 * uses, and what the dashboard's index and score ranking read) is public to read and set by
 * whoever may run results (`results.run`) for the framework's jurisdiction.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { VitalsError } from '../../core/errors.js';
import { EvaluationService } from '../../services/evaluation/index.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { EvaluationRepository, type EvaluationProfile, type ReadScope, type StoredResult, type StoredRun } from '../../storage/repositories/evaluation.repository.js';
import { FrameworkRepository } from '../../storage/repositories/framework.repository.js';
import { CodeParam, errors, Page } from '../schemas/common.schema.js';
import { ProfileBody, ProfileView, ResultQuery, ResultView, RunBody, RunCreated, RunIdParam, RunListQuery, RunView } from '../schemas/evaluation.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

export function runView(r: StoredRun) {
  return {
    id: r.id, framework: r.frameworkCode, frameworkVersion: r.frameworkVersion, region: r.scopeRegion, provinceCode: r.provinceCode, year: r.year,
    inputsHash: r.inputsHash, inputCount: r.inputCount, methods: r.methods, options: r.options, summary: r.summary, resultCount: r.resultCount,
    previousRunId: r.previousRunId, createdBy: r.createdBy, createdAt: r.createdAt, published: r.published, publishedAt: r.publishedAt, publishedBy: r.publishedBy,
  };
}

function resultView(r: StoredResult) {
  return {
    ordinal: r.ordinal, region: r.region, indicator: r.indicator, milestoneYear: r.milestoneYear, period: r.period, kind: r.kind, method: r.method,
    status: r.status, value: r.value, required: r.required, gapAbsolute: r.gapAbsolute, gapPercent: r.gapPercent, provenance: r.provenance,
  };
}

type Json = Record<string, unknown>;

function profileView(p: EvaluationProfile) {
  return { framework: p.frameworkCode, methods: [...p.methods], scheme: (p.scheme ?? null) as Json | null, indexConfig: (p.indexConfig ?? null) as Json | null, options: (p.options ?? null) as Json | null };
}

/** What the caller may read: published only, or also unpublished within the view scope. */
function readScope(request: FastifyRequest): ReadScope {
  request.scope.require('results.read_published');
  if (!request.scope.authenticated || !request.scope.has('results.read_unpublished')) return { publishedOnly: true };
  return { regions: request.scope.region('view') };
}

const evaluationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['evaluations'];
  const reader = () => new EvaluationService(app.vitals.database.readDb);

  app.get('/evaluations', {
    schema: { tags, summary: 'Evaluation runs, newest first (published runs for everyone; unpublished within your view scope)', querystring: RunListQuery, response: { 200: Page(RunView), ...errors(400, 401, 403) } },
  }, async (request) => {
    const q = request.query;
    const { total, runs } = await reader().listRuns({
      ...readScope(request), limit: q.limit, offset: q.offset,
      ...(q.framework !== undefined ? { framework: q.framework } : {}), ...(q.region !== undefined ? { region: q.region } : {}),
      ...(q.year !== undefined ? { year: q.year } : {}), ...(q.published !== undefined ? { published: q.published } : {}),
    });
    return { items: runs.map(runView), total, limit: q.limit, offset: q.offset };
  });

  app.get('/evaluations/:id', {
    schema: { tags, summary: 'One evaluation run with its methods, inputs hash and summary', params: RunIdParam, response: { 200: RunView, ...errors(400, 401, 403, 404) } },
  }, async (request) => runView(await reader().requireRun(request.params.id, readScope(request))));

  app.get('/evaluations/:id/results', {
    schema: { tags, summary: 'Results of a run, filtered by region, indicator, status or kind, in run order', params: RunIdParam, querystring: ResultQuery, response: { 200: Page(ResultView), ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const q = request.query;
    const { total, results } = await reader().results(request.params.id, {
      limit: q.limit, offset: q.offset,
      ...(q.region !== undefined ? { region: q.region } : {}), ...(q.indicator !== undefined ? { indicator: q.indicator } : {}),
      ...(q.status !== undefined ? { status: q.status } : {}), ...(q.kind !== undefined ? { kind: q.kind } : {}),
    }, readScope(request));
    return { items: results.map(resultView), total, limit: q.limit, offset: q.offset };
  });

  app.post('/evaluations', {
    schema: { tags, summary: 'Run an evaluation and store its result snapshot (planners and admins)', body: RunBody, response: { 201: RunCreated, ...errors(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const body = request.body;
    await request.scope.authorize('results.run', body.region);
    if (body.publish) await request.scope.authorize('results.publish', body.region);
    const outcome = await new EvaluationService(app.vitals.database.db).run({
      framework: body.framework, region: body.region, year: body.year, actor: request.scope.actorId,
      ...(body.methods ? { methods: body.methods } : {}), ...(body.inheritTargets !== undefined ? { inheritTargets: body.inheritTargets } : {}),
      ...(body.scheme ? { scheme: body.scheme } : {}), ...(body.indexConfig ? { indexConfig: body.indexConfig } : {}),
      ...(body.indexLevel ? { indexLevel: body.indexLevel } : {}), ...(body.publish ? { publish: true } : {}),
    });
    reply.code(201);
    return { run: runView(outcome.run), aggregatesRebuilt: outcome.aggregatesRebuilt };
  });

  app.post('/evaluations/:id/publish', {
    schema: { tags, summary: 'Publish a run: its results become public (once; results.publish on the run region)', params: RunIdParam, response: { 200: RunView, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const service = new EvaluationService(app.vitals.database.db);
    const run = await service.requireRun(request.params.id, readScope(request));
    await request.scope.authorize('results.publish', run.scopeRegion);
    return runView(await service.publish(run.id, request.scope.actorId));
  });

  async function requireFramework(code: string) {
    const framework = await new FrameworkRepository(app.vitals.database.readDb).getFramework(code);
    if (!framework) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${code}` });
    return framework;
  }

  app.get('/frameworks/:code/evaluation-profile', {
    schema: { tags, summary: 'A framework\'s evaluation profile: default progress methods, assessment scheme and index definition', params: CodeParam, response: { 200: ProfileView, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    request.scope.require('results.read_published');
    await requireFramework(request.params.code);
    const profile = await new EvaluationRepository(app.vitals.database.readDb).getProfile(request.params.code);
    if (!profile) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `evaluation profile of ${request.params.code}` });
    return profileView(profile);
  });

  app.put('/frameworks/:code/evaluation-profile', {
    schema: {
      tags,
      summary: 'Set a framework\'s evaluation profile (results.run in the framework\'s jurisdiction); methods, scheme and index are validated, the change is audited',
      params: CodeParam, body: ProfileBody, response: { 200: ProfileView, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const code = request.params.code;
    const framework = await requireFramework(code);
    // Frameworks without a jurisdiction are national: only a nation-wide scope may set them.
    await request.scope.authorize('results.run', framework.jurisdiction ?? '000000');
    const body = request.body;
    const saved = await app.vitals.database.db.transaction().execute(async (trx) => {
      const before = await new EvaluationRepository(trx).getProfile(code);
      await new EvaluationService(trx).saveProfile({
        framework: code, methods: body.methods,
        ...(body.scheme !== undefined ? { scheme: body.scheme } : {}), ...(body.indexConfig !== undefined ? { indexConfig: body.indexConfig } : {}),
        ...(body.options !== undefined ? { options: body.options } : {}),
      }, request.scope.actorId);
      const after = (await new EvaluationRepository(trx).getProfile(code))!;
      await new AuditRepository(trx).append([{
        actor: request.scope.actorId, action: before ? 'update' : 'create', entity: 'evaluation_profile', entityKey: code,
        ...(before ? { oldValue: profileView(before) } : {}), newValue: profileView(after), context: { ip: request.client.ip, via: request.principal?.via ?? 'anonymous' },
      }]);
      return after;
    });
    return profileView(saved);
  });
};

export default evaluationRoutes;
