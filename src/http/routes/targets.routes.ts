/**
 * /targets: a plan's targets with their original wording, source (document and clause) and
 * verification flag (public metadata). Planners add or replace targets of frameworks in their
 * jurisdiction, by spec or by wording (parsed by the target module, which says how sure it
 * is). Writes are audited in the same transaction.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Diagnostics } from '../../core/diagnostics.js';
import { VitalsError } from '../../core/errors.js';
import type { Polarity } from '../../core/indicator/index.js';
import { isConfirmed } from '../../core/provenance.js';
import { parseTargetWording, validateTargetSpec, type Target, type TargetScope, type TargetSpec } from '../../core/target/index.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { FrameworkRepository } from '../../storage/repositories/framework.repository.js';
import { MetadataRepository } from '../../storage/repositories/metadata.repository.js';
import { TargetRepository, type TargetListing } from '../../storage/repositories/target.repository.js';
import { guardedWrite } from '../plugins/db-errors.js';
import { Body, errors, Page, pagedQuery, RegionCode } from '../schemas/common.schema.js';
import { ParsedWordingView, TargetBody, TargetView } from '../schemas/metadata.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { auditContext, ownerOf } from './frameworks.routes.js';

export function targetView(t: TargetListing) {
  return {
    id: t.id,
    framework: t.framework,
    frameworkVersion: t.frameworkVersion,
    indicator: t.indicator,
    indicatorName: t.indicatorName,
    unit: t.unit,
    group: t.group,
    scope: t.scope,
    milestoneYear: t.milestoneYear,
    kind: t.spec.kind,
    spec: t.spec,
    wording: t.wording,
    ...(t.baseline ? { baseline: t.baseline } : {}),
    source: t.provenance.source,
    verification: t.provenance.verification,
    verified: isConfirmed(t.provenance.verification),
  };
}

const sameScope = (a: TargetScope, b: TargetScope): boolean => JSON.stringify(a) === JSON.stringify(b);

const ParseBody = Body({
  wording: Type.String({ minLength: 1, maxLength: 1000 }),
  indicator: Type.Optional(Type.String({ maxLength: 64, description: 'gives the polarity and unit as context' })),
  milestoneYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  baselineYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
});

const targetRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['targets'];
  const read = () => new TargetRepository(app.vitals.database.readDb);

  async function parse(wording: string, indicatorCode: string | undefined, milestoneYear?: number, baselineYear?: number) {
    const indicator = indicatorCode ? await new MetadataRepository(app.vitals.database.readDb).getIndicator(indicatorCode) : undefined;
    if (indicatorCode && !indicator) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `indicator ${indicatorCode}` });
    return parseTargetWording(wording, {
      ...(indicator ? { polarity: indicator.polarity as Polarity, unit: indicator.unit } : {}),
      ...(milestoneYear ? { milestoneYear } : {}),
      ...(baselineYear ? { baselineYear } : {}),
    });
  }

  app.get(
    '/targets',
    {
      schema: {
        tags,
        summary: 'Targets with wording, source, clause and verification flag',
        querystring: pagedQuery({
          framework: Type.Optional(Type.String({ maxLength: 64 })),
          indicator: Type.Optional(Type.String({ maxLength: 64 })),
          year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
          region: Type.Optional(RegionCode),
          verified: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(TargetView), ...errors(400, 404) },
      },
    },
    async (request) => {
      request.scope.require('metadata.read');
      const q = request.query;
      const all = (
        await read().list({
          ...(q.framework ? { framework: q.framework } : {}),
          ...(q.indicator ? { indicator: q.indicator } : {}),
          ...(q.year ? { year: q.year } : {}),
          ...(q.region ? { appliesTo: q.region } : {}),
        })
      ).filter((t) => q.verified === undefined || isConfirmed(t.provenance.verification) === q.verified);
      return { items: all.slice(q.offset, q.offset + q.limit).map(targetView), total: all.length, limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    '/targets/parse-wording',
    { schema: { tags, summary: 'Read a target’s wording into a spec (with confidence and notes); stores nothing', body: ParseBody, response: { 200: ParsedWordingView, ...errors(400, 404) } } },
    async (request) => {
      const parsed = await parse(request.body.wording, request.body.indicator, request.body.milestoneYear, request.body.baselineYear);
      return { spec: parsed.spec, kind: parsed.spec.kind, confidence: parsed.confidence, notes: [...parsed.notes] };
    },
  );

  app.post(
    '/targets',
    {
      schema: {
        tags,
        summary: 'Add or replace a target (natural key: framework, indicator, scope, year); spec parsed from the wording when omitted',
        body: TargetBody,
        response: {
          201: Type.Object({ target: TargetView, parsed: Type.Optional(ParsedWordingView) }),
          200: Type.Object({ target: TargetView, parsed: Type.Optional(ParsedWordingView) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const framework = await new FrameworkRepository(app.vitals.database.readDb).getFramework(body.framework);
      if (!framework) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${body.framework}` });
      await request.scope.authorize('metadata.write', ownerOf(framework));
      const parsed = body.spec === undefined ? await parse(body.wording, body.indicator, body.milestoneYear, body.baseline?.year) : undefined;
      const spec = (parsed?.spec ?? body.spec) as TargetSpec;
      const diagnostics = new Diagnostics(['spec']);
      if (!validateTargetSpec(spec, diagnostics)) diagnostics.throwIfAny('VITALS_E_INVALID_TARGET');
      const target: Target = {
        framework: framework.code,
        indicator: body.indicator,
        scope: body.scope as TargetScope,
        milestoneYear: body.milestoneYear,
        spec,
        wording: body.wording,
        ...(body.baseline ? { baseline: body.baseline } : {}),
        provenance: body.provenance as Target['provenance'],
      };
      const find = async (repo: TargetRepository) =>
        (await repo.list({ framework: { code: framework.code, version: framework.version }, indicator: body.indicator, year: body.milestoneYear })).find((t) => sameScope(t.scope, target.scope));
      const { before, after } = await guardedWrite(() =>
        app.vitals.database.db.transaction().execute(async (trx) => {
          const repo = new TargetRepository(trx);
          const previous = await find(repo);
          await repo.upsertTargets([target], { version: framework.version });
          const stored = (await find(repo))!;
          await new AuditRepository(trx).append([
            {
              actor: request.actor.id,
              action: previous ? 'update' : 'create',
              entity: 'target',
              entityKey: `${framework.code}|${body.indicator}|${JSON.stringify(target.scope)}|${body.milestoneYear}`,
              ...(previous ? { oldValue: targetView(previous) } : {}),
              newValue: targetView(stored),
              context: auditContext(request),
            },
          ]);
          return { before: previous, after: stored };
        }),
      );
      const parsedView = parsed ? { spec: parsed.spec, kind: parsed.spec.kind, confidence: parsed.confidence, notes: [...parsed.notes] } : undefined;
      return reply.status(before ? 200 : 201).send({ target: targetView(after), ...(parsedView ? { parsed: parsedView } : {}) });
    },
  );
};

export default targetRoutes;
