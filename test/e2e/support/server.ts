/**
 * The real Vitals server for end-to-end tests: `startServer` (the same code as `npm start`)
 * on a fresh embedded database in a temporary directory, on a free port, with the shipped
 * content and demo data loaded and the generated admin password returned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { startServer, type RunningServer } from '../../../src/http/server.js';
import { rebuildDashboards } from '../../../src/services/dashboard/index.js';
import { DashboardRepository } from '../../../src/storage/repositories/dashboard.repository.js';

export interface E2eServer {
  readonly url: string;
  readonly adminPassword: string;
  readonly server: RunningServer;
  stop(): Promise<void>;
}

async function dashboardsBuilt(server: RunningServer): Promise<boolean> {
  return (await new DashboardRepository(server.database.db).getBuild('130000')) !== undefined;
}

export async function startE2eServer(): Promise<E2eServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-e2e-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', VITALS_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', VITALS_LOAD_DEMO: '1' });
  const server = await startServer(config);
  if (!server.adminPassword) throw new Error('fresh database but no generated admin password');
  // The dashboards' tables are built after content is loaded (services/dashboard/hooks.ts,
  // `rebuildDashboards`); until the server does that itself on a fresh load, do it here, so the
  // pages read the live dashboards as a deployment does.
  if (!(await dashboardsBuilt(server))) await rebuildDashboards(server.database.db);
  return {
    url: server.url,
    adminPassword: server.adminPassword,
    server,
    stop: async () => {
      try {
        await server.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
