/**
 * Storage: the one PostgreSQL schema behind Vitals, reached through `pg` + Kysely in both
 * modes (embedded PGlite child process, or a PostgreSQL ≥ 15 server). See docs/storage.md.
 */
export { openDatabase, resolvePgliteDir, type Database, type DatabaseConfig, type Engine } from './database.js';
export { migrate, loadMigrations, checksumOf, MIGRATIONS_DIR, type Migration, type MigrationResult } from './migrate.js';
export type { DB } from './schema.js';
export { LARGE_TABLES } from './schema.js';
export * from './repositories/index.js';
