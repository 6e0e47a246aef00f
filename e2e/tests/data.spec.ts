/**
 * Real data in the browser: ingest a file (a CryptoDataDownload-style hourly CSV made in the test's temp dir,
 * so this always runs; the shared 1h export too when ../shared/data is present) → its QC findings (duplicates
 * and how the rule resolved them, gaps, mixed time units) → the ccxt budget preview (nothing downloaded) →
 * "Run on this dataset" → the run's report (Data QC of the file's bars) → Export HTML → the Runs page verdict column.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifacts, shot } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;
const T0 = Date.UTC(2021, 0, 1);
const N = 1500;
const GAP = [700, 701, 702]; // three missing hours → one gap of 3 bars
const DUP_FROM = 1000, DUPS = 24; // these hours appear twice: a seconds row rounded to 2 decimals beside the ms row

/**
 * Fixture_BTCUSDT_1h.csv: URL line, `unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount`, newest
 * first, a seeded random walk (prices with 3–4 decimals), 1,500 hours minus 3 (the gap) plus 24 rounded twins.
 */
function fixtureCsv(): string {
  let s = 12345, price = 29_000;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: string[] = [];
  for (let i = 0; i < N; i++) {
    const open = price;
    const close = Math.round(open * (1 + (rnd() - 0.5) * 0.02) * 1e4) / 1e4;
    const high = Math.round(Math.max(open, close) * (1 + rnd() * 0.004) * 1e4) / 1e4;
    const low = Math.round(Math.min(open, close) * (1 - rnd() * 0.004) * 1e4) / 1e4;
    const vol = Math.round((50 + rnd() * 100) * 1e6) / 1e6;
    price = close;
    if (GAP.includes(i)) continue;
    const t = T0 + i * HOUR;
    const iso = new Date(t).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${t},${iso},BTC/USDT,${open},${high},${low},${close},${vol},${Math.round(vol * close * 1e4) / 1e4},${1000 + i}`);
    if (i >= DUP_FROM && i < DUP_FROM + DUPS) {
      const r2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
      const h = new Date(t).getUTCHours();
      const date = `${iso.slice(0, 10)} ${String(h % 12 === 0 ? 12 : h % 12).padStart(2, '0')}-${h < 12 ? 'AM' : 'PM'}`;
      rows.push(`${t / 1000}.0,${date},BTC/USDT,${r2(open)},${r2(high)},${r2(low)},${r2(close)},${r2(vol)},${r2(vol * close)},`);
    }
  }
  return `https://www.CryptoDataDownload.com\nunix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount\n${rows.reverse().join('\n')}\n`;
}

const root = resolve(import.meta.dirname, '..', '..');
/** A failed run with a long error, as the runs list holds after a refused data requirement (written into the server's database). */
const SEED_FAILED = `
import { openDatabase } from '@skippy/io/db';
const db = openDatabase(process.env.SEED_DB);
const t = Date.now() - 60_000;
db.putConfig('e2e-failed-config', 'name: a-failed-run-with-a-rather-long-name', t);
db.insertRun({ id: 'r-e2e-failed-0001', name: 'a-failed-run-with-a-rather-long-name', status: 'failed', createdAt: t, startedAt: t + 10, finishedAt: t + 2500, configHash: 'e2e-failed-config',
  error: 'features.microstructure: the microstructure tier needs an L2 order book for BTC and ETH (for spread %, depth imbalance, order-flow imbalance and multi-level order-flow imbalance), which the data directory does not hold', rerunOf: null });
db.close();
`;

let dir: string, fixture: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-e2e-data-'));
  fixture = join(dir, 'Fixture_BTCUSDT_1h.csv');
  writeFileSync(fixture, fixtureCsv());
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('Data page: the exchange budget preview prices the request before anything is downloaded', async ({ page }) => {
  await page.goto('/data');
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Exchange (ccxt)' }).click();
  await page.getByLabel('Symbols (against USDT)').fill('BTC,ETH');
  await page.getByLabel('Interval').selectOption('1h');
  await page.getByLabel('Days back').fill('7');
  await page.getByRole('button', { name: 'Preview cost' }).click();
  const budget = page.getByTestId('ccxt-budget');
  // 7 days of 1 h bars = 168 per symbol, 1 request each; nothing of binance is stored yet
  await expect(budget).toContainText('2 requests for 336 missing bars');
  await expect(budget).toContainText('BTC/USDT 1h: 168 bars missing → 1 request');
  await expect(budget).toContainText('nothing has been downloaded yet');
  await expect(page.getByRole('button', { name: 'Fetch 2 requests' })).toBeVisible();
  await shot(page, '19a-data-ccxt-budget');
});

test('Data page: a shared dataset (the 1h export) shows its 2,649 duplicate hours, 8 gaps and mixed units', async ({ page }) => {
  await page.goto('/data');
  await page.getByRole('tab', { name: 'Shared dataset' }).click();
  const select = page.getByLabel('Shared file');
  await expect(select.or(page.getByText('No shared data folder'))).toBeVisible();
  const hasShared = await select.isVisible();
  test.skip(!hasShared, 'skipped: ../shared/data is absent (set SKIPPY_SHARED_DATA to the folder of real market data)');
  await select.selectOption('binance-spot-btc-eth-1h-2017-2021/Binance_BTCUSDT_1h.csv.gz');
  await page.getByRole('button', { name: 'Ingest shared file' }).click();
  const qc = page.getByTestId('qc-findings');
  await expect(qc).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('qc-duplicates')).toContainText('2,649 bar times appear more than once (1,207 identical); 1,442 disagree on OHLC');
  await expect(page.getByTestId('qc-duplicates')).toContainText('Resolved by rule precision');
  await expect(qc).toContainText('28,584 rows in epoch seconds');
  await expect(qc).toContainText('stored as file:Binance_BTCUSDT_1h');
  await expect(qc.getByText('Bars stored')).toBeVisible();
  await shot(page, '19b-data-shared-qc');
});

test('a broken file → one clear line in the page naming the file, row and value; a wrong name is refused before upload', async ({ page }) => {
  const bad = join(dir, 'ETH_USDT-1h.csv');
  writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\n2024-01-01T01:00:00Z,1,2,0.5,oops,1\n');
  await page.goto('/data');
  await page.getByTestId('data-file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Ingest file' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not ingest' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  const line = (await alert.locator('.sk-error-body').textContent()) ?? '';
  expect(line.split('\n')).toHaveLength(1);
  expect(line).toMatch(/ETH_USDT-1h\.csv.*oops/);
  await shot(page, '19c-data-error', false);
  const exe = join(dir, 'prices.exe');
  writeFileSync(exe, 'x');
  await page.getByTestId('data-file').setInputFiles(exe);
  await expect(page.getByRole('alert').filter({ hasText: 'prices.exe: expected a bar file' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ingest file' })).toBeDisabled();
});

test('ingest a file → QC → run on it → report with its Data QC → export HTML → verdict on the Runs page', async ({ page }) => {
  await page.goto('/data');
  await page.getByTestId('data-file').setInputFiles(fixture);
  await page.getByRole('button', { name: 'Ingest file' }).click();
  const qc = page.getByTestId('qc-findings');
  await expect(qc).toBeVisible({ timeout: 60_000 });
  await expect(qc).toContainText('QC findings · Fixture_BTCUSDT_1h.csv');
  // 1,500 − 3 gap hours + 24 twins = 1,521 rows read; 1,497 stored
  await expect(qc).toContainText('1,521 rows read, newest first');
  await expect(page.getByTestId('qc-duplicates')).toContainText('24 bar times appear more than once');
  await expect(page.getByTestId('qc-duplicates')).toContainText('24 rows dropped');
  await expect(qc).toContainText('1 (3 bars missing)');
  await expect(qc).toContainText('24 rows in epoch seconds and 1,497 in milliseconds');
  await expect(page.getByTestId('stored-datasets')).toContainText('file:Fixture_BTCUSDT_1h');
  await shot(page, '19-data-ingest-qc');

  await page.getByTestId('run-on-dataset').click();
  await expect(page.getByRole('heading', { name: 'New experiment' })).toBeVisible();
  await expect(page.getByTestId('prefill-dataset')).toContainText('file:Fixture_BTCUSDT_1h · BTC 1h');
  await page.getByLabel('Name', { exact: true }).fill('on-fixture-file');
  await expect(page.getByTestId('config-valid')).toBeVisible();
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/\/runs\/[^/]+$/);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(page.getByTestId('headline')).toContainText('BTC 1h bars (stored dataset file:Fixture_BTCUSDT_1h) from 2021-01-01 to 2021-03-04 (1,497 BTC bars)');
  await shot(page, '20-report-on-file', false);
  const dataQc = page.getByTestId('dataqc-section');
  await dataQc.scrollIntoViewIfNeeded();
  // the run's own QC of the bars it used: the stored (de-duplicated) series with its one 3-bar gap
  await expect(dataQc).toContainText('The bars this run used (store, 1h)');
  await expect(dataQc.getByRole('row', { name: /BTC/ })).toContainText('1,497');
  await dataQc.screenshot({ path: join(artifacts, '20b-report-dataqc.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const html = readFileSync(await download.path(), 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('on-fixture-file');
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/i);

  // the case: a failed run (long error) listed beside a finished one must not push the actions off-screen
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SEED_FAILED], { cwd: root, stdio: 'pipe', env: { ...process.env, SEED_DB: join(process.env.SKIPPY_E2E_HOME!, 'skippy.db') } });
  await page.goto('/runs');
  await expect(page.locator('[data-testid="run-row"][data-status="failed"]')).toBeVisible();
  const row = page.locator('[data-testid="run-row"]', { hasText: 'on-fixture-file' });
  const verdict = row.getByTestId('run-verdict');
  await expect(verdict).toBeVisible();
  await expect(verdict).toHaveAttribute('data-verdict', /^(go|no-go|inconclusive)$/);
  const wrap = page.locator('.sk-table-wrap').first();
  const fit = await wrap.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  console.log(`[e2e figure] runs table with a failed run: ${fit.scroll} px in a ${fit.client} px container`);
  expect(fit.scroll, `runs table ${fit.scroll} px in a ${fit.client} px container`).toBeLessThanOrEqual(fit.client);
  for (const r of await page.getByTestId('run-row').all()) await expect(r.getByRole('button', { name: /^Delete / })).toBeInViewport({ ratio: 1 });
  await shot(page, '21-runs-verdict');
});
