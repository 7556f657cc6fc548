/**
 * /indicators: indicator definitions (public metadata). Planners create and edit them when the
 * indicator's owner region (table indicator_owner; the nation when unset) lies in their
 * capture scope. Formulas are checked by the indicator compiler before anything is written;
 * every write is audited in the same transaction.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Diagnostics } from '../../core/diagnostics.js';
import { VitalsError } from '../../core/errors.js';
import { compileIndicators, type IndicatorDefinition } from '../../core/indicator/index.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { FrameworkRepository } from '../../storage/repositories/framework.repository.js';
import { MetadataRepository, type StoredIndicator } from '../../storage/repositories/metadata.repository.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { guardedWrite } from '../plugins/db-errors.js';
import { CodeParam, errors, Page, pagedQuery } from '../schemas/common.schema.js';
import { IndicatorBody, IndicatorPatchBody, IndicatorView } from '../schemas/metadata.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { auditContext } from './frameworks.routes.js';

function indicatorView(i: StoredIndicator, owner?: string) {
  const { id: _id, provenance: _p, weightElement: _w, ...rest } = i;
  return { ...rest, ...(owner ? { owner } : {}) };
}

/** Without the storage id, as the compiler and the repository take it. */
function definitionOf(i: StoredIndicator): IndicatorDefinition {
  const { id: _id, ...def } = i;
  return def;
}

const indicatorRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['indicators'];
  const metadata = () => new MetadataRepository(app.vitals.database.readDb);
  const regions = () => new ScopeRepository(app.vitals.database.readDb);

  /** @throws VITALS_E_INVALID_CONFIG listing every problem of this indicator (unknown data elements, syntax…) */
  async function check(definition: IndicatorDefinition): Promise<void> {
    const [elements, indicators] = await Promise.all([metadata().listDataElements(), metadata().listIndicators()]);
    const others = indicators.filter((i) => i.code !== definition.code).map(definitionOf);
    const diagnostics = new Diagnostics();
    compileIndicators(elements, [...others, definition], diagnostics);
    const own = diagnostics.errors.filter((d) => d.path.some((p) => p === `indicator ${definition.code}`));
    if (own.length > 0) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: own.map((d) => `${d.path.join(' → ')}: ${d.message}`).join('; ') }, own);
  }

  async function save(request: FastifyRequest, action: 'create' | 'update', definition: IndicatorDefinition, owner: string, before?: StoredIndicator): Promise<StoredIndicator> {
    return guardedWrite(() =>
      app.vitals.database.db.transaction().execute(async (trx) => {
        const repo = new MetadataRepository(trx);
        await repo.upsertIndicators([definition]);
        if (action === 'create') await new ScopeRepository(trx).setIndicatorOwner(definition.code, owner);
        const stored = (await repo.getIndicator(definition.code))!;
        await new AuditRepository(trx).append([
          {
            actor: request.actor.id,
            action,
            entity: 'indicator',
            entityKey: definition.code,
            ...(before ? { oldValue: indicatorView(before) } : {}),
            newValue: indicatorView(stored, owner),
            context: auditContext(request),
          },
        ]);
        return stored;
      }),
    );
  }

  app.get(
    '/indicators',
    {
      schema: {
        tags,
        summary: 'Indicators, optionally those of one framework, filtered by text',
        querystring: pagedQuery({ q: Type.Optional(Type.String({ maxLength: 100 })), framework: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Page(IndicatorView), ...errors(400, 404) },
      },
    },
    async (request) => {
      request.scope.require('metadata.read');
      const { limit, offset, q, framework } = request.query;
      const codes = framework === undefined ? undefined : (await new FrameworkRepository(app.vitals.database.readDb).listFrameworkIndicators(framework)).map((i) => i.indicator);
      const needle = q?.trim().toLowerCase();
      const all = (await metadata().listIndicators(codes)).filter(
        (i) => !needle || i.code.toLowerCase().includes(needle) || i.name.zh.toLowerCase().includes(needle) || (i.name.en ?? '').toLowerCase().includes(needle),
      );
      return { items: all.slice(offset, offset + limit).map((i) => indicatorView(i)), total: all.length, limit, offset };
    },
  );

  app.get(
    '/indicators/:code',
    { schema: { tags, summary: 'One indicator definition with its owner region', params: CodeParam, response: { 200: IndicatorView, ...errors(400, 404) } } },
    async (request) => {
      const indicator = await metadata().getIndicator(request.params.code);
      if (!indicator) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `indicator ${request.params.code}` });
      return indicatorView(indicator, await regions().indicatorOwner(indicator.code));
    },
  );

  app.post(
    '/indicators',
    { schema: { tags, summary: 'Create an indicator owned by a region (default the nation)', body: IndicatorBody, response: { 201: IndicatorView, ...errors(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const { ownerRegion, ...definition } = request.body;
      const owner = ownerRegion ?? '000000';
      await request.scope.authorize('metadata.write', owner);
      if (await metadata().getIndicator(definition.code)) throw new VitalsError('VITALS_E_CONFLICT', { detail: `indicator ${definition.code} already exists` });
      await check(definition as IndicatorDefinition);
      const stored = await save(request, 'create', definition as IndicatorDefinition, owner);
      return reply.status(201).send(indicatorView(stored, owner));
    },
  );

  app.patch(
    '/indicators/:code',
    {
      schema: {
        tags,
        summary: 'Change an indicator definition (a formula replaces a ratio and vice versa)',
        params: CodeParam,
        body: IndicatorPatchBody,
        response: { 200: IndicatorView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const before = await metadata().getIndicator(request.params.code);
      if (!before) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `indicator ${request.params.code}` });
      const owner = await regions().indicatorOwner(before.code);
      await request.scope.authorize('metadata.write', owner);
      const patch = request.body;
      const { numerator, denominator, factor, formula, ...rest } = definitionOf(before);
      // One way of computing at a time: a new formula drops the ratio and the other way round.
      const computation = patch.formula !== undefined
        ? { formula: patch.formula }
        : patch.numerator !== undefined || patch.denominator !== undefined
          ? { numerator: patch.numerator ?? numerator, denominator: patch.denominator ?? denominator, ...(patch.factor ?? factor ? { factor: patch.factor ?? factor } : {}) }
          : { ...(numerator !== undefined ? { numerator } : {}), ...(denominator !== undefined ? { denominator } : {}), ...(patch.factor ?? factor ? { factor: patch.factor ?? factor } : {}), ...(formula !== undefined ? { formula } : {}) };
      const { formula: _f, numerator: _n, denominator: _d, factor: _x, ...other } = patch;
      const definition = { ...rest, ...other, ...computation, code: before.code } as IndicatorDefinition;
      await check(definition);
      const stored = await save(request, 'update', definition, owner, before);
      return indicatorView(stored, owner);
    },
  );
};

export default indicatorRoutes;
