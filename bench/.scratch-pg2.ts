import { startCluster } from './pg-cluster.js';
import { openDatabase } from '../src/storage/database.js';
import { generateProfile } from './generate.js';
import { prepareDatabase, rawCopyServer } from './ingest.js';
import { PROFILES } from './profiles.js';
const c = await startCluster({ settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min' } });
try {
  const m = await generateProfile(PROFILES.province, '/tmp/vb/province');
  const db = await openDatabase({ databaseUrl: c.url() });
  await prepareDatabase(db, PROFILES.province);
  const one = { ...m, files: m.files.slice(1, 2) };
  console.log(await rawCopyServer(db, one));
  const q = async (label: string, text: string) => { const t = performance.now(); const r = await db.pool.query(text); console.log(label, ((performance.now() - t)/1000).toFixed(2), 's', r.rowCount); };
  await q('analyze', 'ANALYZE bench_raw_value');
  await q('temp copy-like (insert select into temp)', `CREATE TEMP TABLE s AS SELECT row_number() over () ord, * FROM bench_raw_value`);
  await q('data_value insert (join de, region)', `INSERT INTO data_value (province_code, region_code, period, data_element_id, value, created_by, updated_by)
     SELECT r.province_code, s.region_code, s.period, de.id, s.value, 'bench', 'bench' FROM bench_raw_value s JOIN data_element de ON de.code = s.data_element JOIN region r ON r.code = s.region_code`);
  await q('audit insert (jsonb)', `INSERT INTO audit_log (province_code, actor, action, entity, entity_key, region_code, period, old_value, new_value, reason, batch_id)
     SELECT r.province_code, 'bench', 'insert', 'data_value', concat_ws('|', s.data_element, s.region_code, s.period, 'total','total','total'), s.region_code, s.period, NULL,
       jsonb_build_object('value', s.value, 'comment', null, 'source', null, 'verification', null, 'version', 1), 'import x', 1 FROM bench_raw_value s JOIN region r ON r.code = s.region_code`);
  await q('audit insert without secondary indexes', `BEGIN; DROP INDEX audit_log_entity_idx; DROP INDEX audit_log_region_idx; DROP INDEX audit_log_time_idx;
     INSERT INTO audit_log (province_code, actor, action, entity, entity_key, region_code, period, old_value, new_value, reason, batch_id)
     SELECT r.province_code, 'bench', 'insert', 'data_value', concat_ws('|', s.data_element, s.region_code, s.period, 'total','total','total'), s.region_code, s.period, NULL,
       jsonb_build_object('value', s.value, 'comment', null, 'source', null, 'verification', null, 'version', 1), 'import x', 1 FROM bench_raw_value s JOIN region r ON r.code = s.region_code; ROLLBACK`);
  await q('data_value insert into empty copy w/o PK', `CREATE TABLE dv2 (LIKE data_value INCLUDING DEFAULTS); INSERT INTO dv2 (province_code, region_code, period, data_element_id, value, created_by, updated_by)
     SELECT r.province_code, s.region_code, s.period, de.id, s.value, 'bench', 'bench' FROM bench_raw_value s JOIN data_element de ON de.code = s.data_element JOIN region r ON r.code = s.region_code`);
  await q('raw insert-select bare', `CREATE TABLE raw2 (LIKE bench_raw_value); INSERT INTO raw2 SELECT * FROM bench_raw_value`);
  await db.close();
} finally { await c.stop(); }
