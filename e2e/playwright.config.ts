/**
 * Playwright e2e for Skippy Workbench, run by `node scripts/e2e.mjs` (npm run test:e2e).
 * Starts the real server (serving the built web app) on a free 127.0.0.1 port with a fresh
 * temporary data directory and SQLite file, and drives Debian's Chromium (/usr/bin/chromium;
 * `npx playwright install` cannot download browsers here). Screenshots go to e2e/artifacts/.
 */
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

// Chosen once in the runner process; test workers inherit the environment.
if (!process.env.SKIPPY_E2E_PORT) {
  process.env.SKIPPY_E2E_PORT = execFileSync(process.execPath, ['-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]).toString().trim();
}
if (!process.env.SKIPPY_E2E_HOME) process.env.SKIPPY_E2E_HOME = mkdtempSync(join(tmpdir(), 'skippy-e2e-'));
// the server watches its own copy of the experiment config, never the repository's file
// (copied once, by the runner process: test workers inherit SKIPPY_E2E_CONFIG_READY)
if (!process.env.SKIPPY_E2E_CONFIG_READY) {
  copyFileSync(join(root, 'config', 'training.yml'), join(process.env.SKIPPY_E2E_HOME, 'training.yml'));
  process.env.SKIPPY_E2E_CONFIG_READY = '1';
}
const port = Number(process.env.SKIPPY_E2E_PORT);
const home = process.env.SKIPPY_E2E_HOME;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  // A failed test is retried (and reported as flaky) so one scheduler or GC spike on a shared 2-core machine
  // does not hide the other results – except workbench.spec.ts (retries: 0), whose long-task check (strict
  // 50 ms) must pass the first time: a retry must never be what makes it green.
  retries: 2,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.SKIPPY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // build the web app into the temp home (never racing another build of apps/web/dist) and serve that copy
    command: `npm run build -w @skippy/web --silent -- --outDir ${JSON.stringify(join(home, 'web'))} --emptyOutDir && node --import tsx apps/server/src/main.ts --web-dist ${JSON.stringify(join(home, 'web'))}`,
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      SKIPPY_PORT: String(port),
      SKIPPY_HOST: '127.0.0.1',
      SKIPPY_HOME: home,
      SKIPPY_DATA_DIR: join(home, 'data'),
      SKIPPY_CONFIG: join(home, 'training.yml'),
      SKIPPY_WORKERS: '1',
    },
  },
});
