/**
 * The web application and its map layers.
 *
 * - The default export (mounted under /api/v1 with the other route modules) serves
 *   `GET /geo/:region`: the schematic GeoJSON boundary layer of the region's children, from
 *   `content/geo/*.geojson`, or from `VITALS_GEO_DIR` when a deployment configures its own
 *   (files there win). Layers are matched to a parent by their features' division codes.
 * - `registerWebApp` serves the built single-page app from `web/dist` at `/`, with long-lived
 *   caching for hashed assets and an index.html fallback for every non-API GET path, so that
 *   deep links (/map, /regions/130100…) load the app.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { VitalsError } from '../../core/errors.js';
import { contentDir } from '../../content/index.js';
import { errorBody, requestLocale } from '../errors.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where `npm run build:web` puts the app. */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

interface GeoLayer {
  readonly parent: string;
  readonly file: string;
  readonly codes: readonly string[];
}

/** The parent division of a set of codes: all provinces → nation; all in one province → it; … */
export function parentOf(codes: readonly string[]): string | null {
  if (codes.length === 0) return null;
  if (codes.every((c) => c.endsWith('0000'))) return '000000';
  const p2 = codes[0]!.slice(0, 2);
  if (codes.every((c) => c.startsWith(p2) && c.endsWith('00'))) return `${p2}0000`;
  const p4 = codes[0]!.slice(0, 4);
  if (codes.every((c) => c.startsWith(p4))) return `${p4}00`;
  return null;
}

function featureCode(feature: { id?: unknown; properties?: Record<string, unknown> }): string {
  return String(feature.properties?.adcode ?? feature.properties?.code ?? feature.id ?? '');
}

let cache: { key: string; layers: Map<string, GeoLayer> } | null = null;

/** Index of the GeoJSON layers by parent code; configured directory first. */
export function geoLayers(dirs: readonly string[]): Map<string, GeoLayer> {
  const key = dirs.map((d) => `${d}:${existsSync(d) ? statSync(d).mtimeMs : 0}`).join('|');
  if (cache?.key === key) return cache.layers;
  const layers = new Map<string, GeoLayer>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => /\.(geo)?json$/i.test(f)).sort()) {
      const file = join(dir, name);
      try {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { features?: Array<{ id?: unknown; properties?: Record<string, unknown> }> };
        const codes = (json.features ?? []).map(featureCode).filter((c) => /^\d{6}$/.test(c));
        const parent = parentOf(codes);
        if (parent && !layers.has(parent)) layers.set(parent, { parent, file, codes });
      } catch {
        // A broken file is skipped; the map then says it has no layer for that region.
      }
    }
  }
  cache = { key, layers };
  return layers;
}

function geoDirs(geoDir: string | undefined): string[] {
  const dirs = [join(contentDir(), 'geo')];
  // Deployment override (config `geoDir`, VITALS_GEO_DIR): GeoJSON files replacing the schematic layers.
  if (geoDir) dirs.unshift(resolve(geoDir));
  return dirs;
}

const webRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/geo/:region',
    {
      schema: {
        tags: ['web'],
        summary: 'Schematic GeoJSON boundaries of a region’s children (示意图, not an official map)',
        params: Type.Object({ region: Type.String({ pattern: '^\\d{6}$' }) }),
      },
    },
    async (request, reply) => {
      const { region } = request.params as { region: string };
      const layer = geoLayers(geoDirs(app.vitals.config.geoDir)).get(region);
      if (!layer) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `boundary layer for the children of ${region}` });
      return reply
        .header('Content-Type', 'application/geo+json; charset=utf-8')
        .header('Cache-Control', 'public, max-age=86400')
        .header('X-Vitals-Map', 'schematic')
        .send(readFileSync(layer.file));
    },
  );
};

/**
 * Shipped assessment schemes and index definitions (content/schemes, content/indices) as
 * JSON, read-only: the web app offers them when a planner starts an evaluation run
 * (POST /evaluations takes the definition itself). Public metadata, like frameworks.
 */
function shippedDefinitions(folder: 'schemes' | 'indices'): Array<{ code: string; name: unknown; demonstration: boolean; definition: unknown }> {
  const dir = join(contentDir(), folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const definition = parseYaml(readFileSync(join(dir, f), 'utf8')) as { code?: string; name?: unknown; demonstration?: boolean };
      return { code: String(definition.code ?? f.replace(/\.ya?ml$/, '')), name: definition.name ?? null, demonstration: definition.demonstration === true, definition };
    });
}

const webContentRoutes: FastifyPluginAsync = async (app) => {
  for (const folder of ['schemes', 'indices'] as const) {
    app.get(`/content/${folder}`, { schema: { tags: ['web'], summary: `Shipped ${folder === 'schemes' ? 'assessment schemes' : 'index definitions'} (read-only)` } }, async () => ({
      items: shippedDefinitions(folder),
    }));
  }
};

const allWebRoutes: FastifyPluginAsync = async (app) => {
  await app.register(webRoutes);
  await app.register(webContentRoutes);
};

export default allWebRoutes;

/**
 * Serve the built app at `/`. Call after the API is registered. Without a build, `/` answers
 * with a short note naming the command that builds it.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string = WEB_DIST): Promise<void> {
  const index = join(distDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    // Assets are served by a wildcard under /assets/, so a rebuild while the server runs is
    // picked up (file-per-route registration would 404 the new hashed names).
    await app.register(fastifyStatic, {
      root: join(distDir, 'assets'),
      prefix: '/assets/',
      wildcard: true,
      index: false,
      // Hashed file names never change content.
      maxAge: '365d',
      immutable: true,
    });
  }
  const sendApp = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || path === '/api' || /\.[a-z0-9]+$/i.test(path)) {
      return reply.status(404).send(errorBody('VITALS_E_NOT_FOUND', { what: `${request.method} ${path}` }, requestLocale(request)));
    }
    if (!built) {
      return reply.status(503).type('text/plain; charset=utf-8').send('Vitals web app not built: run `npm run build:web`.\n网页应用尚未构建：请运行 npm run build:web。\n');
    }
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(readFileSync(index));
  };
  app.get('/', sendApp);
  app.get('/*', sendApp);
}
