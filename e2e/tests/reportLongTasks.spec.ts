/**
 * Issue 12: opening a default-size report (30 synthetic days, 16 CSCV partitions: 12,870 combinations) parses
 * no large payload on the page's main thread. reports.get sends the report without the CSCV per-combination
 * arrays (~138 kB instead of ~855 kB); the chart worker fetches, parses and reduces them (reports.overfitting).
 * The overfitting figures shown are checked against the stored report.json. Asserted: no main-thread script
 * parsing a response takes ≥ 50 ms (long-animation-frame attribution). Printed, not asserted: every long task
 * (> 50 ms) while the report opens — ECharts paints can still exceed 50 ms under load. Retries 0.
 * Screenshot: 23-report-long-tasks.png.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { artifacts, longFrames, longTasks, LONG_TASK_OBSERVER } from './helpers.ts';

test.describe.configure({ mode: 'serial', retries: 0 });

interface StoredReport { overfitting: { pbo: number; combinations: number; logits: number[]; degradation: { is: (number | null)[]; oos: (number | null)[] } } }

test('a default-size report opens without parsing its bulky part on the main thread', async ({ page, request }) => {
  test.setTimeout(240_000);
  const res = await request.post('/trpc/runs.start', { data: { config: { name: 'e2e report long tasks' } } });
  expect(res.ok(), await res.text()).toBe(true);
  const id = ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
  const input = encodeURIComponent(JSON.stringify({ id }));
  await expect.poll(async () => ((await (await request.get(`/trpc/runs.get?input=${input}`)).json()) as { result: { data: { status: string } } }).result.data.status,
    { timeout: 180_000, intervals: [1000] }).toBe('done');

  // payload sizes: the stored report, what reports.get sends, what the worker fetches
  const full = await (await request.get(`/artifacts/${encodeURIComponent(id)}/report.json`)).text();
  const summary = await (await request.get(`/trpc/reports.get?input=${input}`)).text();
  const bulk = await (await request.get(`/trpc/reports.overfitting?input=${input}`)).text();
  const stored = JSON.parse(full) as StoredReport;
  expect(stored.overfitting.combinations).toBe(12_870);
  console.log(`[e2e figure] report.json ${full.length} B; reports.get ${summary.length} B; reports.overfitting ${bulk.length} B`);
  expect(summary.length).toBeLessThan(full.length / 4);

  // open the report from the Runs list (client-side navigation, as a user does)
  await page.addInitScript(LONG_TASK_OBSERVER);
  await page.goto('/runs');
  const open = page.locator(`a[href="/runs/${encodeURIComponent(id)}"]`).first();
  await expect(open).toBeVisible();
  await page.waitForTimeout(500);
  const tStart = await page.evaluate(() => performance.now());
  await open.click();
  await expect(page.getByTestId('headline')).toBeVisible();
  const over = page.getByTestId('overfitting-section');
  await over.scrollIntoViewIfNeeded();

  // every overfitting figure as before: PBO, and the scatter's combinations and distinct points from the stored arrays
  const pairs = new Set<string>();
  let total = 0;
  stored.overfitting.degradation.is.forEach((x, i) => {
    const y = stored.overfitting.degradation.oos[i];
    if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) return;
    pairs.add(`${x} ${y}`);
    total++;
  });
  const n = (v: number) => v.toLocaleString('en-US');
  await expect(page.getByTestId('pbo-scatter-note')).toContainText(`${n(total)} combinations at ${n(pairs.size)} distinct points`);
  await expect(page.getByTestId('pbo-value')).toContainText(`${(stored.overfitting.pbo * 100).toFixed(1)}`);
  await expect(page.getByTestId('pbo-histogram')).toBeVisible();
  await expect(page.getByTestId('pbo-scatter')).toBeVisible();
  await page.waitForTimeout(1000);
  const tEnd = await page.evaluate(() => performance.now());

  const tasks = (await longTasks(page)).filter((t) => t.start >= tStart && t.start <= tEnd);
  const frames = (await longFrames(page)).filter((f) => f.start >= tStart && f.start <= tEnd);
  console.log(`[e2e figure] long tasks while opening the report: ${tasks.length ? tasks.map((t) => `${Math.round(t.duration)} ms`).join(', ') : 'none'}; attribution ${JSON.stringify(frames)}`);
  await over.screenshot({ path: join(artifacts, '23-report-long-tasks.png') });

  // for the record (after the window above: this parse is itself the long task it measures): JSON.parse on this main thread
  const parse = await page.evaluate(([a, b]) => {
    const time = (s: string) => { const ms: number[] = []; for (let k = 0; k < 7; k++) { const t0 = performance.now(); JSON.parse(s); ms.push(performance.now() - t0); } return ms.sort((x, y) => x - y)[3]; };
    return { full: time(a), summary: time(b) };
  }, [full, summary] as const);
  console.log(`[e2e figure] main-thread JSON.parse (median of 7): full report ${parse.full.toFixed(1)} ms, reports.get summary ${parse.summary.toFixed(1)} ms`);

  // the mechanism, deterministically: the window (main thread) fetched only the summary; reports.overfitting went to the
  // worker (a worker's fetches are in its own performance timeline, not the window's)
  const windowFetches = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/trpc/')).map((e) => ({ name: decodeURIComponent(new URL(e.name).pathname), bytes: (e as PerformanceResourceTiming).decodedBodySize })));
  console.log(`[e2e figure] tRPC bodies the window fetched: ${JSON.stringify(windowFetches)}`);
  expect(windowFetches.some((f) => f.name.includes('reports.get'))).toBe(true);
  expect(windowFetches.filter((f) => f.name.includes('reports.overfitting'))).toEqual([]);
  expect(windowFetches.filter((f) => f.bytes > 200_000)).toEqual([]);

  // no script on the main thread parsing a response body (Response.json / JSON.parse) takes 50 ms or more
  // (issue 12's 71 ms Response.json task). Chart painting (ECharts, in animation frames) can still make a frame
  // longer than 50 ms on a loaded machine; those tasks are printed above, not asserted here.
  const parsing = frames.flatMap((f) => f.scripts).filter((sc) => /Response\.json|JSON\.parse|resolve-promise/i.test(sc));
  expect(parsing.filter((sc) => Number.parseFloat(sc) >= 50), `response parsing on the main thread: ${JSON.stringify(parsing)}`).toEqual([]);
});
