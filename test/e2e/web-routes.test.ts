/**
 * Serving the web app (no browser): index.html for deep links, hashed assets with long
 * caching, JSON 404s kept for the API, a clear 503 without a build, and the schematic
 * boundary layers matched to their parent region.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/errors.js';
import { geoLayers, parentOf, registerWebApp } from '../../src/http/routes/web.routes.js';

const dir = mkdtempSync(join(tmpdir(), 'vitals-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appWith(dist: string) {
  const app = Fastify();
  registerErrorHandling(app);
  await registerWebApp(app, dist);
  return app;
}

describe('registerWebApp', () => {
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');

  it.each(['/', '/map', '/regions/130100', '/indicators/IMR?region=130000'])('serves index.html for %s', async (url) => {
    const app = await appWith(dist);
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a year of immutable caching', async () => {
    const res = await (await appWith(dist)).inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['cache-control']).toContain('max-age=31536000'); // 365 × 86,400 s
  });

  it.each(['/api/v1/nothing', '/assets/missing.js', '/favicon.ico'])('keeps a JSON 404 for %s', async (url) => {
    const res = await (await appWith(dist)).inject({ url });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('VITALS_E_NOT_FOUND');
  });

  it('answers 503 naming the build command when there is no build', async () => {
    const res = await (await appWith(join(dir, 'nowhere'))).inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
  });
});

describe('boundary layers', () => {
  it.each([
    [['110000', '130000', '650000'], '000000'],
    [['130100', '130200', '131100'], '130000'],
    [['130102', '130104', '130181'], '130100'],
    [['130100', '140100'], null],
    [[], null],
  ] as const)('parentOf(%j) = %s', (codes, parent) => {
    expect(parentOf(codes)).toBe(parent);
  });

  it('indexes the shipped layers by parent, with the configured directory first', () => {
    const custom = join(dir, 'geo');
    mkdirSync(custom, { recursive: true });
    const feature = (adcode: string) => ({ type: 'Feature', properties: { adcode, name: adcode }, geometry: null });
    writeFileSync(join(custom, 'hebei.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [feature('130100'), feature('130200')] }));
    const layers = geoLayers([custom, join(import.meta.dirname, '..', '..', 'content', 'geo')]);
    expect(layers.get('130000')?.file).toBe(join(custom, 'hebei.geojson'));
    expect(layers.get('000000')?.codes.length).toBe(34); // 34 provincial-level features in the ECharts 4 China map
  });
});
