// Runs the Playwright e2e suite against Debian's Chromium (installed on demand).
// The server under test gets a fresh temporary home (SQLite, artifacts, its own copy of
// config/training.yml and of the built web app), removed afterwards unless SKIPPY_E2E_KEEP=1.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const specs = existsSync('e2e/tests') ? readdirSync('e2e/tests').filter((f) => f.endsWith('.spec.ts')) : [];
if (specs.length === 0) {
  console.log('e2e: no browser specs yet (e2e/tests/*.spec.ts)');
  process.exit(0);
}
const ensure = spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
if (ensure.status !== 0) process.exit(ensure.status ?? 1);

const ownHome = !process.env.SKIPPY_E2E_HOME;
const home = process.env.SKIPPY_E2E_HOME ?? mkdtempSync(join(tmpdir(), 'skippy-e2e-'));
const env = { ...process.env, SKIPPY_E2E_HOME: home };
const run = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit', env });
if (ownHome && process.env.SKIPPY_E2E_KEEP !== '1') rmSync(home, { recursive: true, force: true });
else console.log(`e2e: server home kept at ${home}`);
console.log('e2e: screenshots in e2e/artifacts/');
process.exit(run.status ?? 1);
