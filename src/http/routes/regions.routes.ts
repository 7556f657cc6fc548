/**
 * /regions: the administrative hierarchy (public metadata) — search by name or code, one
 * region with its ancestors and lineage, its children, and a tree to a chosen depth.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { VitalsError } from '../../core/errors.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import { ScopeRepository, type RegionRowView } from '../../storage/repositories/scope.repository.js';
import { CodeParam, errors, Page, pagedQuery, RegionCode } from '../schemas/common.schema.js';
import { RegionDetail, RegionLevelName, RegionTreeNode, RegionView } from '../schemas/metadata.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

type TreeNode = Static<typeof RegionTreeNode>;

/** Nest flat rows (parents before children) under `root`; nodes at the depth limit get no `children`. */
function nest(rows: readonly RegionRowView[], root: string, maxDepth: number): TreeNode | undefined {
  const nodes = new Map<string, TreeNode & { children?: TreeNode[] }>();
  for (const r of rows) {
    const node: TreeNode & { children?: TreeNode[] } = { code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, childCount: r.childCount };
    if (r.depth < maxDepth) node.children = [];
    nodes.set(r.code, node);
    if (r.code !== root && r.parentCode) nodes.get(r.parentCode)?.children?.push(node);
  }
  return nodes.get(root);
}

const regionRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['regions'];
  const regions = () => new ScopeRepository(app.vitals.database.readDb);

  app.get(
    '/regions',
    {
      schema: {
        tags,
        summary: 'Search regions by name (zh/en substring) or code prefix; filter by level, ancestor, parent, date',
        querystring: pagedQuery({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          level: Type.Optional(RegionLevelName),
          within: Type.Optional(RegionCode),
          parent: Type.Optional(RegionCode),
          activeOn: Type.Optional(IsoDate),
        }),
        response: { 200: Page(Type.Intersect([RegionView, Type.Object({ childCount: Type.Integer() })])), ...errors(400) },
      },
    },
    async (request) => {
      const q = request.query;
      request.scope.require('metadata.read');
      const page = await regions().searchRegions({
        limit: q.limit,
        offset: q.offset,
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.level ? { level: q.level } : {}),
        ...(q.within ? { within: q.within } : {}),
        ...(q.parent ? { parent: q.parent } : {}),
        ...(q.activeOn ? { activeOn: q.activeOn } : {}),
      });
      return { ...page, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    '/regions/tree',
    {
      schema: {
        tags,
        summary: 'The tree under a region (default the nation), to a depth of 1–3 levels',
        querystring: Type.Object({ root: Type.Optional(RegionCode), depth: Type.Integer({ minimum: 1, maximum: 3, default: 1 }) }, { additionalProperties: false }),
        response: { 200: RegionTreeNode, ...errors(400, 404) },
      },
    },
    async (request) => {
      const root = request.query.root ?? '000000';
      const rows = await regions().subtree(root, request.query.depth);
      const rootRow = rows.find((r) => r.code === root);
      if (!rootRow) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: root });
      return nest(rows, root, rootRow.depth + request.query.depth)!;
    },
  );

  app.get(
    '/regions/:code',
    { schema: { tags, summary: 'One region with its ancestors, child count and lineage', params: CodeParam, response: { 200: RegionDetail, ...errors(400, 404) } } },
    async (request) => {
      const repo = new RegionRepository(app.vitals.database.readDb);
      const region = await repo.require(request.params.code);
      const rows = await regions().regionsByCode(region.path);
      const lineage = await repo.lineage(region.code);
      return {
        region: {
          code: region.code,
          name: region.name,
          nameEn: region.nameEn,
          level: region.level,
          parentCode: region.parentCode,
          provinceCode: region.provinceCode,
          depth: region.depth,
          validFrom: region.validFrom,
          validTo: region.validTo,
          statisticalOnly: region.statisticalOnly ?? false,
        },
        ancestors: region.path.slice(0, -1).map((code) => ({ code, name: rows.get(code)?.name ?? code, level: rows.get(code)?.level ?? '' })),
        childCount: rows.get(region.code)?.childCount ?? 0,
        predecessors: lineage.predecessors.map((l) => ({ code: l.predecessor, kind: l.kind, effectiveDate: l.effectiveDate })),
        successors: lineage.successors.map((l) => ({ code: l.successor, kind: l.kind, effectiveDate: l.effectiveDate })),
      };
    },
  );

  app.get(
    '/regions/:code/children',
    {
      schema: {
        tags,
        summary: 'Direct children of a region',
        params: CodeParam,
        querystring: pagedQuery({ activeOn: Type.Optional(IsoDate) }),
        response: { 200: Page(Type.Intersect([RegionView, Type.Object({ childCount: Type.Integer() })])), ...errors(400, 404) },
      },
    },
    async (request) => {
      await new RegionRepository(app.vitals.database.readDb).require(request.params.code);
      const q = request.query;
      const page = await regions().searchRegions({ parent: request.params.code, limit: q.limit, offset: q.offset, ...(q.activeOn ? { activeOn: q.activeOn } : {}) });
      return { ...page, limit: q.limit, offset: q.offset };
    },
  );
};

export default regionRoutes;
