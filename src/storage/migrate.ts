/**
 * Forward-only, versioned SQL migrations (`migrations/NNNN_name.sql`).
 *
 * - One transaction per migration: a failing file leaves no trace and the next start retries it.
 * - `schema_migrations` records version, name and a SHA-256 checksum. Editing a migration that
 *   is already applied is an error: write a new migration instead.
 * - A session advisory lock serialises concurrent starts (two app processes, a CLI run during
 *   a deploy): the second waits, then finds nothing left to do.
 * - A database that has a version this code does not know was migrated by a newer Vitals:
 *   refuse to run against it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { VitalsError } from '../core/errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationResult {
  /** Versions applied by this run, in order. */
  readonly applied: readonly number[];
  /** Highest version now in the database. */
  readonly current: number;
}

/** Arbitrary constant: "vitals migrations" for pg_advisory_lock. */
const MIGRATION_LOCK_KEY = 7_305_411_223;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

const fileName = (version: number, name: string): string => `${String(version).padStart(4, '0')}_${name}.sql`;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Checksums ignore line-ending style, so a Windows checkout does not look "edited". */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new VitalsError('VITALS_E_MIGRATION', { detail: `${file}: name must look like 0001_short_name.sql` });
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new VitalsError('VITALS_E_MIGRATION', { detail: `${file}: version ${version} is used twice` });
    }
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    migrations.push({ version, name: match[2]!, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { message: string; position?: string; code?: string };
    return `${e.message}${e.code ? ` [SQLSTATE ${e.code}]` : ''}${e.position ? ` at character ${e.position}` : ''}`;
  }
  return String(error);
}

/**
 * Bring the database to the newest version. Safe to call on every start.
 * @param pool the pool of the database to migrate
 * @param migrations defaults to the shipped `migrations/` folder (tests pass their own)
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = loadMigrations()): Promise<MigrationResult> {
  const client = await pool.connect();
  let locked = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    locked = true;
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      checksum    text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now(),
      duration_ms integer NOT NULL
    )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const migration = known.get(row.version);
      if (!migration) {
        throw new VitalsError('VITALS_E_MIGRATION', {
          detail: `the database has migration ${fileName(row.version, row.name)} that this version of Vitals does not know; it was migrated by a newer release`,
        });
      }
      if (migration.checksum !== row.checksum) {
        throw new VitalsError('VITALS_E_MIGRATION', {
          detail: `migration ${fileName(row.version, row.name)} was edited after it was applied (checksum ${migration.checksum.slice(0, 12)}… ≠ recorded ${row.checksum.slice(0, 12)}…); add a new migration instead`,
        });
      }
    }

    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      const started = performance.now();
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
          migration.version,
          migration.name,
          migration.checksum,
          Math.round(performance.now() - started),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new VitalsError('VITALS_E_MIGRATION', { detail: `${fileName(migration.version, migration.name)}: ${describe(error)}` }, error);
      }
      applied.push(migration.version);
    }
    const current = Math.max(0, ...rows.map((r) => r.version), ...applied);
    return { applied, current };
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
