// Runs the Playwright e2e suite against Debian's Chromium (installed on demand).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const specs = existsSync('e2e/tests') ? readdirSync('e2e/tests').filter((f) => f.endsWith('.spec.ts')) : [];
if (specs.length === 0) {
  console.log('e2e: no browser specs yet (e2e/tests/*.spec.ts)');
  process.exit(0);
}
const ensure = spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
if (ensure.status !== 0) process.exit(ensure.status ?? 1);
const run = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
