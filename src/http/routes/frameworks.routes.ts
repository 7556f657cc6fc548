/**
 * /frameworks: plans (public metadata) and their groups and indicators; planners edit the
 * plans of their jurisdiction (`metadata.write` checked against the framework's jurisdiction
 * region, the nation when it has none). Every write is audited in the same transaction.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { VitalsError } from '../../core/errors.js';
import { AuditRepository } from '../../storage/repositories/audit.repository.js';
import { FrameworkRepository, type FrameworkIndicatorInput, type FrameworkInput, type StoredFramework } from '../../storage/repositories/framework.repository.js';
import { guardedWrite } from '../plugins/db-errors.js';
import { CodeParam, errors, Page, pagedQuery, RegionCode } from '../schemas/common.schema.js';
import { FrameworkBody, FrameworkDetail, FrameworkGroupsBody, FrameworkIndicatorsBody, FrameworkPatchBody, FrameworkView } from '../schemas/metadata.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

export function frameworkView(f: StoredFramework) {
  return {
    code: f.code,
    version: f.version,
    name: f.name,
    jurisdiction: f.jurisdiction,
    startYear: f.startYear,
    endYear: f.endYear,
    issuer: f.issuer,
    document: f.document,
    status: f.status,
  };
}

const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

export function auditContext(request: FastifyRequest): Record<string, unknown> {
  return { ip: request.client.ip, via: request.principal?.via ?? 'anonymous' };
}

/** The owner region a framework's edits are checked against. */
export const ownerOf = (f: Pick<StoredFramework, 'jurisdiction'>): string => f.jurisdiction ?? '000000';

const frameworkRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['frameworks'];
  const read = () => new FrameworkRepository(app.vitals.database.readDb);

  async function requireFramework(code: string, version?: number): Promise<StoredFramework> {
    const framework = await read().getFramework(version === undefined ? code : { code, version });
    if (!framework) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${code}${version === undefined ? '' : ` v${version}`}` });
    return framework;
  }

  /** Authorize, then write and audit in one transaction. */
  async function write<T>(request: FastifyRequest, owner: string, action: (repos: { frameworks: FrameworkRepository; audit: AuditRepository }) => Promise<T>): Promise<T> {
    await request.scope.authorize('metadata.write', owner);
    return guardedWrite(() =>
      app.vitals.database.db.transaction().execute((trx) => action({ frameworks: new FrameworkRepository(trx), audit: new AuditRepository(trx) })),
    );
  }

  app.get(
    '/frameworks',
    {
      schema: {
        tags,
        summary: 'Frameworks (every version, newest first within a code)',
        querystring: pagedQuery({
          status: Type.Optional(Type.String({ maxLength: 20 })),
          jurisdiction: Type.Optional(RegionCode),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Page(FrameworkView), ...errors(400) },
      },
    },
    async (request) => {
      request.scope.require('metadata.read');
      const { limit, offset, status, jurisdiction, q } = request.query;
      const needle = q?.trim().toLowerCase();
      const all = (await read().listFrameworks()).filter(
        (f) =>
          (status === undefined || f.status === status) &&
          (jurisdiction === undefined || f.jurisdiction === jurisdiction) &&
          (!needle || f.code.toLowerCase().includes(needle) || f.name.zh.toLowerCase().includes(needle) || (f.name.en ?? '').toLowerCase().includes(needle)),
      );
      return { items: all.slice(offset, offset + limit).map(frameworkView), total: all.length, limit, offset };
    },
  );

  app.get(
    '/frameworks/:code',
    { schema: { tags, summary: 'A framework with its groups and indicators', params: CodeParam, querystring: VersionQuery, response: { 200: FrameworkDetail, ...errors(400, 404) } } },
    async (request) => {
      const framework = await requireFramework(request.params.code, request.query.version);
      const ref = { code: framework.code, version: framework.version };
      const [groups, indicators] = await Promise.all([read().listGroups(ref), read().listFrameworkIndicators(ref)]);
      return { framework: frameworkView(framework), groups: groups.map(({ id: _id, ...g }) => g), indicators };
    },
  );

  app.post(
    '/frameworks',
    { schema: { tags, summary: 'Create a framework (version 1 unless given)', body: FrameworkBody, response: { 201: FrameworkView, ...errors(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const body = request.body;
      const version = body.version ?? 1;
      const created = await write(request, body.jurisdiction, async ({ frameworks, audit }) => {
        if (await frameworks.getFramework({ code: body.code, version })) throw new VitalsError('VITALS_E_CONFLICT', { detail: `framework ${body.code} v${version} already exists` });
        const input: FrameworkInput = { ...body, version, status: body.status as FrameworkInput['status'] } as FrameworkInput;
        await frameworks.upsertFramework(input);
        const stored = (await frameworks.getFramework({ code: body.code, version }))!;
        await audit.append([{ actor: request.actor.id, action: 'create', entity: 'framework', entityKey: `${body.code}|${version}`, newValue: frameworkView(stored), context: auditContext(request) }]);
        return stored;
      });
      return reply.status(201).send(frameworkView(created));
    },
  );

  app.patch(
    '/frameworks/:code',
    {
      schema: { tags, summary: 'Change a framework version (its code, version and jurisdiction stay)', params: CodeParam, querystring: VersionQuery, body: FrameworkPatchBody, response: { 200: FrameworkView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const before = await requireFramework(request.params.code, request.query.version);
      const after = await write(request, ownerOf(before), async ({ frameworks, audit }) => {
        const b = request.body;
        await frameworks.upsertFramework({
          code: before.code,
          version: before.version,
          name: b.name ?? before.name,
          ...(before.jurisdiction ? { jurisdiction: before.jurisdiction } : {}),
          ...((b.startYear ?? before.startYear) !== null ? { startYear: (b.startYear ?? before.startYear)! } : {}),
          ...((b.endYear ?? before.endYear) !== null ? { endYear: (b.endYear ?? before.endYear)! } : {}),
          ...(before.parentId !== null ? { parent: await parentRef(frameworks, before.parentId) } : {}),
          ...((b.issuer ?? before.issuer) !== null ? { issuer: (b.issuer ?? before.issuer)! } : {}),
          ...((b.document ?? before.document) !== null ? { document: (b.document ?? before.document)! } : {}),
          status: (b.status ?? before.status) as FrameworkInput['status'],
          ...(before.provenance ? { provenance: before.provenance } : {}),
        });
        const stored = (await frameworks.getFramework({ code: before.code, version: before.version }))!;
        await audit.append([
          { actor: request.actor.id, action: 'update', entity: 'framework', entityKey: `${before.code}|${before.version}`, oldValue: frameworkView(before), newValue: frameworkView(stored), context: auditContext(request) },
        ]);
        return stored;
      });
      return frameworkView(after);
    },
  );

  app.put(
    '/frameworks/:code/groups',
    { schema: { tags, summary: 'Insert or update groups (by code)', params: CodeParam, querystring: VersionQuery, body: FrameworkGroupsBody, response: { 200: FrameworkDetail, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const framework = await requireFramework(request.params.code, request.query.version);
      const ref = { code: framework.code, version: framework.version };
      await write(request, ownerOf(framework), async ({ frameworks, audit }) => {
        await frameworks.upsertGroups(ref, request.body.groups);
        await audit.append([{ actor: request.actor.id, action: 'upsert_groups', entity: 'framework', entityKey: `${ref.code}|${ref.version}`, newValue: request.body.groups, context: auditContext(request) }]);
      });
      const [groups, indicators] = await Promise.all([read().listGroups(ref), read().listFrameworkIndicators(ref)]);
      return { framework: frameworkView(framework), groups: groups.map(({ id: _id, ...g }) => g), indicators };
    },
  );

  app.put(
    '/frameworks/:code/indicators',
    {
      schema: { tags, summary: 'Insert or update the framework’s indicators (by indicator code)', params: CodeParam, querystring: VersionQuery, body: FrameworkIndicatorsBody, response: { 200: FrameworkDetail, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const framework = await requireFramework(request.params.code, request.query.version);
      const ref = { code: framework.code, version: framework.version };
      await write(request, ownerOf(framework), async ({ frameworks, audit }) => {
        await frameworks.upsertFrameworkIndicators(ref, request.body.indicators as FrameworkIndicatorInput[]);
        await audit.append([{ actor: request.actor.id, action: 'upsert_indicators', entity: 'framework', entityKey: `${ref.code}|${ref.version}`, newValue: request.body.indicators, context: auditContext(request) }]);
      });
      const [groups, indicators] = await Promise.all([read().listGroups(ref), read().listFrameworkIndicators(ref)]);
      return { framework: frameworkView(framework), groups: groups.map(({ id: _id, ...g }) => g), indicators };
    },
  );
};

/** The parent framework as a reference (code and version) from its id. */
async function parentRef(frameworks: FrameworkRepository, parentId: number): Promise<{ code: string; version: number }> {
  const parent = (await frameworks.listFrameworks()).find((f) => f.id === parentId);
  if (!parent) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework id ${parentId}` });
  return { code: parent.code, version: parent.version };
}

export default frameworkRoutes;
