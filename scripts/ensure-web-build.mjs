#!/usr/bin/env node
/**
 * `npm start` runs this first: build the web app (vite) when web/dist is missing or older than
 * any file under web/src, web/index.html or web/vite.config.ts. Quiet when the build is current.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

if (!existsSync(join(web, 'src'))) process.exit(0);
const sources = Math.max(newestMtime(join(web, 'src')), newestMtime(join(web, 'index.html')), newestMtime(join(web, 'vite.config.ts')));
const built = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
if (built >= sources) process.exit(0);

process.stdout.write(existsSync(builtIndex) ? 'Web app sources changed; rebuilding… / 网页应用有更新，正在重新构建…\n' : 'Building the web app… / 正在构建网页应用…\n');
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
