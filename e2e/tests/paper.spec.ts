/**
 * Paper trading in the browser: a finished run (started over tRPC: the tiny synthetic market, bar
 * features only) → its report's "Paper trade" button → the Paper page with the run filled in → a replay
 * at max speed runs to the end: fills and orders listed, equity and drawdown charted, feed health shown,
 * and the parity card says every fill agrees with the backtest of the same bars; the equity card is not
 * clipped and no heading is repeated. A run id without a frozen model is refused with a visible one-line error.
 */
import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

test('paper trade a finished run: replay to the end with fills as they happen and parity with the backtest', async ({ page, request }) => {
  const res = await request.post('/trpc/runs.start', {
    data: { config: { name: 'paper-e2e', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const runId = ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  await page.getByTestId('paper-trade').click();
  await expect(page).toHaveURL(/\/paper\?run=/);
  await expect(page.getByLabel('Run id')).toHaveValue(runId);
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start paper session' }).click();
  await expect(page).toHaveURL(/\/paper\/p/);
  await expect(page.getByTestId('paper-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('paper-parity')).toContainText('0');
  await expect(page.getByTestId('paper-feed-health')).toContainText('every fill agrees');
  await expect(page.getByTestId('paper-equity-chart')).toBeVisible();
  const fills = page.getByTestId('paper-fills-table').locator('tbody tr');
  expect(await fills.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('paper-orders-table')).toBeVisible();
  await shot(page, '17-paper');
  // the headline's equity is shown whole (its card is wide enough), and no section heading is repeated by its table
  const equity = page.getByTestId('paper-equity').locator('.sk-metric-value');
  expect(await equity.evaluate((e) => [e.scrollWidth, e.clientWidth])).toEqual(await equity.evaluate((e) => [e.clientWidth, e.clientWidth]));
  for (const name of ['Positions', 'Fills', 'Orders']) await expect(page.locator('h2, caption').filter({ hasText: new RegExp(`^${name}$`) })).toHaveCount(1);

  // a run without a frozen model: one visible line, nothing started
  await page.goto('/paper?run=no-such-run');
  await page.getByRole('button', { name: 'Start paper session' }).click();
  await expect(page.getByText(/run no-such-run: a finished supervised run with frozen\.json/)).toBeVisible();
  await expect(page.getByTestId('paper-sessions').locator('tbody tr')).toHaveCount(1);
});
