/**
 * The only place that listens. Opens the database (embedded PGlite or DATABASE_URL), loads the
 * shipped content into an empty database, makes sure an administrator exists, and serves the
 * API and the web app until SIGINT/SIGTERM, then shuts down cleanly (no orphaned PGlite process).
 */
import type { FastifyInstance } from 'fastify';
import type { VitalsConfig } from '../config.js';
import { ensureAdmin } from '../services/auth/bootstrap.js';
import { loadContent } from '../services/content/load-content.js';
import { openDatabase, type Database } from '../storage/database.js';
import { createRepositories } from '../storage/repositories/index.js';
import { buildApp } from './app.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly url: string;
  /** Set on the first start only: the generated administrator password, shown once. */
  readonly adminPassword?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly onProgress?: (message: string) => void;
}

export async function startServer(config: VitalsConfig, options: StartOptions = {}): Promise<RunningServer> {
  const progress = options.onProgress ?? (() => undefined);
  progress(config.databaseUrl ? 'database: PostgreSQL server (DATABASE_URL)' : `database: embedded PGlite in ${config.dataDir}`);
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    replicaUrls: config.replicaUrls,
  });
  try {
    if (config.loadDemo && (await isEmpty(database))) {
      progress('first start: loading the shipped content and demo data…');
      await loadContent(database, { demo: true, profiles: true, onProgress: (m) => progress(`  ${m}`) });
    }
    const admin = await ensureAdmin(database);
    const app = await buildApp({
      config,
      database,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    const url = await app.listen({ host: config.host, port: config.port });
    const close = async () => {
      await app.close();
      await database.close();
    };
    return { app, database, url, ...(admin.created ? { adminPassword: admin.password } : {}), close };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function isEmpty(database: Database): Promise<boolean> {
  const counts = await createRepositories(database.readDb).regions.countByLevel();
  return !counts.province;
}
