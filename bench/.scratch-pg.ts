import { startCluster } from './pg-cluster.js';
import { openDatabase } from '../src/storage/database.js';
import { importDataValues } from '../src/services/import/index.js';
import { generateProfile } from './generate.js';
import { prepareDatabase, rawCopyServer } from './ingest.js';
import { PROFILES } from './profiles.js';
const c = await startCluster({ settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', log_min_duration_statement: 200 } });
try {
  const m = await generateProfile(PROFILES.province, '/tmp/vb/province');
  const db = await openDatabase({ databaseUrl: c.url() });
  await prepareDatabase(db, PROFILES.province);
  const t0 = performance.now();
  let last = ''; const marks: [string, number][] = [];
  const r = await importDataValues(db.db, { path: m.files[1]!.path }, { actor: 'bench', onProgress: (p) => { if (p.phase !== last) { marks.push([p.phase, (performance.now() - t0) / 1000]); last = p.phase; } } });
  marks.push(['end', (performance.now() - t0) / 1000]);
  console.log(r.counts.inserted, marks, r.counts.inserted / marks.at(-1)![1]);
  const one = { ...m, files: m.files.slice(1, 2) };
  const raw = await rawCopyServer(db, one);
  console.log(raw, raw.values / raw.seconds);
  await db.close();
  console.log((await import('node:fs')).readFileSync(c.dataDir + '/../server.log', 'utf8').split('\n').filter(l=>l.includes('duration')).map(l=>l.slice(0,300)).join('\n'));
} finally { await c.stop(); }
