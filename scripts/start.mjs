#!/usr/bin/env node
// `npm start`: builds the web app when apps/web/dist is missing or older than its sources, then
// starts the workbench server (Express + tRPC, synthetic data, SQLite under .skippy/) and prints
// its 127.0.0.1 URL. Extra arguments go to the server: `npm start -- --port 8080 --workers 2`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'apps', 'web', 'dist', 'index.html');
const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'packages/ui/src', 'packages/core/src'];

/** Newest modification time (ms) under a file or folder, skipping tests and node_modules. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === '__tests__' || name === 'dist') continue;
    m = Math.max(m, newest(join(path, name)));
  }
  return m;
}

function webIsStale() {
  if (!existsSync(dist)) return 'missing';
  const built = statSync(dist).mtimeMs;
  const changed = Math.max(...sources.map((s) => newest(join(root, s))));
  return changed > built ? 'older than its sources' : null;
}

const stale = webIsStale();
if (stale) {
  process.stderr.write(`web app build ${stale}: npm run build -w @skippy/web …\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '-w', '@skippy/web'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write('web app build failed (see above); starting the server with its API only (/trpc, /healthz)\n');
  }
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps', 'server', 'src', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const forward = (sig) => () => server.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
