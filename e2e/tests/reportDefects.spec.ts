/**
 * Issue 12's report defects, checked in the browser at 1,440 px on one finished run (started over tRPC:
 * 2 synthetic days, the default features): the Labels and Folds tables show their last column without
 * scrolling, the overfitting scatter counts coincident combinations and its axis names stay clear of the
 * λ = 0 label, the risk heat map gives its scale and unit, correlation alerts are few, the drawdown reads
 * the same on the headline card and the equity header, and the realism differences are absolute.
 * Section screenshots: 22-*.png.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { artifacts } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

test('report sections at 1,440 px: tables fit, scatter counts, heat-map scale, one drawdown sign', async ({ page, request }) => {
  const res = await request.post('/trpc/runs.start', { data: { config: { name: 'e2e report defects', data: { synthetic: { days: 2 } } } } });
  expect(res.ok(), await res.text()).toBe(true);
  const runId = ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(page.getByTestId('headline')).toBeVisible();

  // Labels and Folds: the last column is inside the table's box (no horizontal scrolling) at 1,440 px
  for (const id of ['labels-table', 'folds-table']) {
    const table = page.getByTestId(id);
    await table.scrollIntoViewIfNeeded();
    const fit = await table.evaluate((t) => {
      const wrap = t.parentElement!;
      const last = t.querySelector('thead th:last-child')!.getBoundingClientRect();
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, lastRight: last.right, wrapRight: wrap.getBoundingClientRect().right };
    });
    expect(fit.scroll, `${id}: no horizontal overflow`).toBeLessThanOrEqual(fit.client + 1);
    expect(fit.lastRight, `${id}: last column visible`).toBeLessThanOrEqual(fit.wrapRight + 1);
  }
  await page.getByTestId('labels-section').screenshot({ path: join(artifacts, '22-labels.png') });
  await page.getByTestId('folds-section').screenshot({ path: join(artifacts, '22-folds.png') });

  // overfitting: the scatter says how many combinations share its points; the chart is drawn
  const over = page.getByTestId('overfitting-section');
  await over.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('pbo-scatter')).toBeVisible();
  await expect(page.getByTestId('pbo-scatter-note')).toContainText(/[\d,]+ combinations at [\d,]+ distinct points/);
  await page.waitForTimeout(300);
  await over.screenshot({ path: join(artifacts, '22-overfitting.png') });

  // risk: the heat map's scale in % of equity; correlation alerts are changes, not one per bar
  const risk = page.getByTestId('risk-section');
  await risk.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('risk-scale')).toContainText(/in % of equity.*to [\d.]+ ?% \(dark red\)/);
  const alerts = await risk.getByRole('heading', { name: /Correlation alerts/ }).textContent().catch(() => null);
  if (alerts) expect(Number(/\((\d+)\)/.exec(alerts)?.[1] ?? '0'), 'correlation alerts on a 2-asset book').toBeLessThanOrEqual(10);
  await page.waitForTimeout(300);
  await risk.screenshot({ path: join(artifacts, '22-risk.png') });

  // one drawdown sign convention: the headline card and the equity header agree, both positive
  const cardText = (await page.getByTestId('headline').locator('.sk-metric', { hasText: 'Max drawdown' }).locator('.sk-metric-value').textContent())!.trim();
  const headerText = (await page.getByTestId('equity-max-drawdown').textContent())!.trim();
  expect(cardText, 'headline card drawdown').not.toMatch(/^[−-]/);
  expect(headerText, 'equity header drawdown').not.toMatch(/^[−-]/);
  await page.getByTestId('equity-stats').screenshot({ path: join(artifacts, '22-equity-stats.png') });

  // transaction costs: differences are absolute (Sharpe) and percentage points (returns, drawdowns)
  const realism = page.getByTestId('inflation-table');
  await realism.scrollIntoViewIfNeeded();
  await expect(realism).toContainText('Realistic − naive');
  const totalReturnRow = realism.locator('tr', { hasText: 'Total return' });
  await expect(totalReturnRow).toContainText(/pp/);
  await page.getByTestId('tca-section').screenshot({ path: join(artifacts, '22-tca.png') });
});
