/**
 * Nation profile only: after the product import of a share of the files, the other files are
 * loaded for the read benchmarks (aggregates, evaluation, API, DuckDB) with COPY into a staging
 * table and one INSERT … SELECT into data_value. This is NOT the product path — no validation,
 * no audit rows — and is reported as setup, never as ingest throughput.
 */
import type { Database } from '../src/storage/database.js';
import type { Manifest } from './generate.js';
import { rawCopyServer } from './ingest.js';

export async function seedRemaining(database: Database, rest: Manifest): Promise<number> {
  await rawCopyServer(database, rest, 'bench_seed_value');
  const { rowCount } = await database.pool.query(`
    INSERT INTO data_value (province_code, region_code, period, data_element_id, value, created_by, updated_by)
    SELECT r.province_code, s.region_code, s.period, de.id, s.value, 'bench-seed', 'bench-seed'
    FROM bench_seed_value s JOIN data_element de ON de.code = s.data_element JOIN region r ON r.code = s.region_code`);
  await database.pool.query('DROP TABLE bench_seed_value');
  await database.pool.query('ANALYZE data_value');
  return rowCount ?? 0;
}
