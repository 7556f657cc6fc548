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
  /** Session lifetime in minutes (absolute: counted from the login). */
  sessionMinutes: Type.Integer({ minimum: 5, default: 480 }),
  /** Idle timeout in minutes (since the session's last request); capped at `sessionMinutes`. */
  sessionIdleMinutes: Type.Integer({ minimum: 1, default: 30 }),
  /** Consecutive failed logins that lock an account… */
  lockoutThreshold: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /** …for this many minutes. */
  lockoutMinutes: Type.Integer({ minimum: 1, default: 15 }),
  /** Login attempts allowed per client address per window. */
  loginAttemptsPerIp: Type.Integer({ minimum: 1, default: 30 }),
  /** Login attempts allowed per account name per window. */
  loginAttemptsPerAccount: Type.Integer({ minimum: 1, default: 10 }),
  /** The login rate-limit window in minutes. */
  loginWindowMinutes: Type.Integer({ minimum: 1, default: 5 }),
  /** Longest lifetime of a personal API token (days). */
  tokenMaxDays: Type.Integer({ minimum: 1, maximum: 3660, default: 366 }),
  /** Lifetime of a token whose creator asks for none (days); at most `tokenMaxDays`. */
  tokenDefaultDays: Type.Integer({ minimum: 1, maximum: 3660, default: 90 }),
  /** A directory of GeoJSON boundary files that replaces the shipped schematic layers. */
  geoDir: Type.Optional(Type.String({ minLength: 1 })),
  /** Largest accepted request body (bytes); uploads have their own limit. */
  bodyLimit: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
  uploadLimit: Type.Integer({ minimum: 1024, default: 20 * 1024 * 1024 }),
  /** Bytes of serialised dashboard answers kept per process (docs/dashboard.md, answer cache). */
  answerCacheBytes: Type.Integer({ minimum: 0, default: 64 * 1024 * 1024 }),
  /** Longest life of a cached dashboard answer while the data epoch stands (metadata is not in the epoch). */
  answerCacheTtlMs: Type.Integer({ minimum: 0, maximum: 600_000, default: 2_000 }),
  /** Set when served behind HTTPS so that cookies are marked Secure. */
  secureCookies: Type.Boolean({ default: false }),
  /**
   * Trust X-Forwarded-For from a reverse proxy. Off by default: a client could otherwise forge
   * its address and dodge the per-IP login limit.
   */
  trustProxy: Type.Boolean({ default: false }),
});

export type VitalsConfig = Static<typeof ConfigSchema>;

/** The environment variable behind each setting, so that an error names what the operator set. */
export const CONFIG_ENV: Readonly<Record<keyof VitalsConfig, string>> = {
  host: 'HOST',
  port: 'PORT',
  databaseUrl: 'DATABASE_URL',
  replicaUrls: 'DATABASE_REPLICA_URLS',
  dataDir: 'VITALS_DATA_DIR',
  loadDemo: 'VITALS_LOAD_DEMO',
  logLevel: 'LOG_LEVEL',
  sessionMinutes: 'VITALS_SESSION_MINUTES',
  sessionIdleMinutes: 'VITALS_SESSION_IDLE_MINUTES',
  lockoutThreshold: 'VITALS_LOCKOUT_THRESHOLD',
  lockoutMinutes: 'VITALS_LOCKOUT_MINUTES',
  loginAttemptsPerIp: 'VITALS_LOGIN_ATTEMPTS_PER_IP',
  loginAttemptsPerAccount: 'VITALS_LOGIN_ATTEMPTS_PER_ACCOUNT',
  loginWindowMinutes: 'VITALS_LOGIN_WINDOW_MINUTES',
  tokenMaxDays: 'VITALS_TOKEN_MAX_DAYS',
  tokenDefaultDays: 'VITALS_TOKEN_DEFAULT_DAYS',
  geoDir: 'VITALS_GEO_DIR',
  bodyLimit: 'VITALS_BODY_LIMIT',
  uploadLimit: 'VITALS_UPLOAD_LIMIT',
  answerCacheBytes: 'VITALS_ANSWER_CACHE_BYTES',
  answerCacheTtlMs: 'VITALS_ANSWER_CACHE_TTL_MS',
  secureCookies: 'VITALS_SECURE_COOKIES',
  trustProxy: 'VITALS_TRUST_PROXY',
};

/** Integer settings read from the environment as numbers (anything else fails validation). */
const NUMERIC: ReadonlyArray<keyof VitalsConfig> = [
  'port', 'sessionMinutes', 'sessionIdleMinutes', 'lockoutThreshold', 'lockoutMinutes', 'loginAttemptsPerIp',
  'loginAttemptsPerAccount', 'loginWindowMinutes', 'tokenMaxDays', 'tokenDefaultDays', 'bodyLimit', 'uploadLimit',
  'answerCacheBytes', 'answerCacheTtlMs',
];

/** `''` and blanks are not numbers (Number('') would be 0); they fail validation as NaN does. */
const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * Read and validate the configuration: `env` (normally `process.env`), then `overrides` (the CLI's
 * options). @throws VITALS_E_INVALID_CONFIG naming every bad setting by its environment variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<VitalsConfig> = {}): VitalsConfig {
  const raw: Record<string, unknown> = {
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    replicaUrls: env.DATABASE_REPLICA_URLS ? env.DATABASE_REPLICA_URLS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    dataDir: resolve(env.VITALS_DATA_DIR ?? '.vitals-data'),
    loadDemo: env.VITALS_LOAD_DEMO === undefined ? undefined : env.VITALS_LOAD_DEMO !== '0' && env.VITALS_LOAD_DEMO !== 'false',
    logLevel: env.LOG_LEVEL,
    geoDir: env.VITALS_GEO_DIR ? resolve(env.VITALS_GEO_DIR) : undefined,
    secureCookies: env.VITALS_SECURE_COOKIES === undefined ? undefined : env.VITALS_SECURE_COOKIES === '1',
    trustProxy: env.VITALS_TRUST_PROXY === undefined ? undefined : env.VITALS_TRUST_PROXY === '1',
  };
  for (const key of NUMERIC) {
    const text = env[CONFIG_ENV[key]];
    if (text !== undefined) raw[key] = toNumber(text);
  }
  Object.assign(raw, overrides);
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const explicitTokenDefault = raw.tokenDefaultDays !== undefined;
  const config = Value.Default(ConfigSchema, raw) as VitalsConfig;
  const problems = [...Value.Errors(ConfigSchema, config)].map((e) => {
    const key = e.path.split('/')[1] as keyof VitalsConfig | undefined;
    const name = key && key in CONFIG_ENV ? `${CONFIG_ENV[key]} (${key})` : e.path || '/';
    return `${name}: ${e.message}, got ${JSON.stringify(e.value)}`;
  });
  // An unset default lifetime follows a shorter maximum; an explicit one that exceeds it is a mistake.
  if (problems.length === 0 && !explicitTokenDefault) config.tokenDefaultDays = Math.min(config.tokenDefaultDays, config.tokenMaxDays);
  if (problems.length === 0 && config.tokenDefaultDays > config.tokenMaxDays) {
    problems.push(`${CONFIG_ENV.tokenDefaultDays} (tokenDefaultDays): ${config.tokenDefaultDays} is more than ${CONFIG_ENV.tokenMaxDays} (tokenMaxDays) = ${config.tokenMaxDays}`);
  }
  if (problems.length > 0) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: problems.join('; ') });
  return config;
}
