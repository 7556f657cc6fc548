/**
 * Runtime configuration from the environment, validated once at boot so that a typo in a
 * deployment fails loudly at start rather than at the first request.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { resolve } from 'node:path';
import { VitalsError } from './core/errors.js';

const ConfigSchema = Type.Object({
  host: Type.String({ default: '127.0.0.1' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  /** PostgreSQL ≥ 15 server; when absent Vitals runs embedded PGlite in `dataDir`. */
  databaseUrl: Type.Optional(Type.String({ minLength: 1 })),
  /** Read-only replicas for dashboards, public API and exports (comma-separated in the environment). */
  replicaUrls: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  dataDir: Type.String({ minLength: 1 }),
  /** Load the demo content (regions, frameworks, demo and synthetic data) into an empty database. */
  loadDemo: Type.Boolean({ default: true }),
  logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')], { default: 'info' }),
  /** Session lifetime in minutes. */
  sessionMinutes: Type.Integer({ minimum: 5, default: 480 }),
  /** Largest accepted request body (bytes); uploads have their own limit. */
  bodyLimit: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
  uploadLimit: Type.Integer({ minimum: 1024, default: 20 * 1024 * 1024 }),
  /** Set when served behind HTTPS so that cookies are marked Secure. */
  secureCookies: Type.Boolean({ default: false }),
  /**
   * Trust X-Forwarded-For from a reverse proxy. Off by default: a client could otherwise forge
   * its address and dodge the per-IP login limit.
   */
  trustProxy: Type.Boolean({ default: false }),
});

export type VitalsConfig = Static<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<VitalsConfig> = {}): VitalsConfig {
  const raw: Record<string, unknown> = {
    host: env.HOST,
    port: env.PORT === undefined ? undefined : Number(env.PORT),
    databaseUrl: env.DATABASE_URL || undefined,
    replicaUrls: env.DATABASE_REPLICA_URLS ? env.DATABASE_REPLICA_URLS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    dataDir: resolve(env.VITALS_DATA_DIR ?? '.vitals-data'),
    loadDemo: env.VITALS_LOAD_DEMO === undefined ? undefined : env.VITALS_LOAD_DEMO !== '0' && env.VITALS_LOAD_DEMO !== 'false',
    logLevel: env.LOG_LEVEL,
    sessionMinutes: env.VITALS_SESSION_MINUTES === undefined ? undefined : Number(env.VITALS_SESSION_MINUTES),
    secureCookies: env.VITALS_SECURE_COOKIES === undefined ? undefined : env.VITALS_SECURE_COOKIES === '1',
    trustProxy: env.VITALS_TRUST_PROXY === undefined ? undefined : env.VITALS_TRUST_PROXY === '1',
    ...overrides,
  };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const config = Value.Default(ConfigSchema, raw) as VitalsConfig;
  const errors = [...Value.Errors(ConfigSchema, config)];
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail });
  }
  return config;
}
