/**
 * CLI commands open the same database the server uses: `DATABASE_URL` for a PostgreSQL server,
 * otherwise the embedded PGlite data directory (`VITALS_DATA_DIR`, default ./.vitals-data).
 */
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../storage/database.js';

export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Progress lines go to stderr so that stdout stays machine-readable. */
export function progressLine(message: string): void {
  process.stderr.write(`${message}\n`);
}
