/**
 * The Studies page: a Branin study made by the CLI (`skippy-train hpo:optuna --home <the server's
 * home>`), plus a study with conditional/log/categorical parameters, intermediate values and pruned
 * trials and a two-objective study written through @skippy/io/studies; open /studies, open a study,
 * check every chart renders, sort and filter the trials table, and keep a screenshot (16-studies.png).
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { artifacts, shot } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const root = resolve(import.meta.dirname, '..', '..');
const home = process.env.SKIPPY_E2E_HOME!;

/** Writes two studies with core's engine into <home>/skippy.db (runs under tsx, from the repo root). */
const SEED = `
import { openDatabase } from '@skippy/io/db';
import { openStudyStorage } from '@skippy/io/studies';
import { localTrialQueue, openStudy, runTrials, TrialPrunedError } from '@skippy/core/hpo';
const db = openDatabase(process.env.SEED_DB);
const storage = openStudyStorage(db);
let clock = Date.now() - 3_600_000;
const now = () => (clock += 7_000);
const space = {
  'models.primary.kind': { type: 'categorical', choices: ['logistic', 'gbdt'] },
  'models.primary.l2': { type: 'float', low: 1e-4, high: 10, log: true, step: null },
  'labels.horizon': { type: 'int', low: 5, high: 60, log: false, step: 5 },
};
const s = openStudy(storage, { name: 'e2e-run-sharpe', directions: ['maximize'], space, sampler: { kind: 'tpe', nStartupTrials: 6 }, pruner: { kind: 'median', nStartupTrials: 4, nWarmupSteps: 1 }, seed: 7, objective: 'run:oos_sharpe_after_costs' }, { now: now() });
await runTrials(localTrialQueue(s, { nTrials: 24, now }), async (t) => {
  const l2 = Math.log10(Number(t.params['models.primary.l2']));
  const h = Number(t.params['labels.horizon']);
  const base = 1.2 - 0.15 * (l2 + 1) ** 2 - ((h - 30) / 40) ** 2 + (t.params['models.primary.kind'] === 'gbdt' ? 0.25 : 0);
  if (t.number === 9) throw new Error('run failed: no out-of-sample trades');
  let v = 0;
  for (let step = 0; step < 5; step++) {
    v = base * (0.5 + 0.1 * step) + 0.05 * Math.sin(t.number + step);
    await t.reportOrPrune(step, v);
  }
  await t.setRunId('r-e2e-' + t.number);
  return v;
});
const p = openStudy(storage, { name: 'e2e-sharpe-vs-turnover', directions: ['maximize', 'minimize'], space: { 'risk.target_vol': { type: 'float', low: 0.05, high: 0.5, log: false, step: null }, 'execution.rebalance': { type: 'int', low: 1, high: 20, log: false, step: 1 } }, sampler: { kind: 'random' }, pruner: { kind: 'none' }, seed: 3, objective: 'run:sharpe,turnover' }, { now: now() });
await runTrials(localTrialQueue(p, { nTrials: 30, now }), (t) => {
  const v = Number(t.params['risk.target_vol']), r = Number(t.params['execution.rebalance']);
  return [Math.sqrt(v) * 2 - 0.02 * r + 0.1 * Math.sin(t.number), v * 40 / r + 0.2 * Math.cos(t.number)];
});
db.close();
`;

test.beforeAll(() => {
  execFileSync('npx', ['skippy-train', 'hpo:optuna', '--objective', 'bench:branin', '--trials', '12', '--home', home], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SEED], { cwd: root, stdio: 'pipe', env: { ...process.env, SEED_DB: join(home, 'skippy.db') } });
});

test('lists the studies and opens one: history, importance, parallel coordinates, contour, slices, intermediate values, trials', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Studies' }).click();
  await expect(page.getByRole('heading', { name: 'Studies', exact: true })).toBeVisible();
  const table = page.getByTestId('studies-table');
  for (const name of ['bench-branin', 'e2e-run-sharpe', 'e2e-sharpe-vs-turnover']) await expect(table.getByRole('link', { name })).toBeVisible();
  await expect(table.getByRole('row', { name: /bench-branin/ })).toContainText('bench:branin');
  await expect(table.getByRole('row', { name: /bench-branin/ })).toContainText('12');
  await shot(page, '16a-studies-list');

  await table.getByRole('link', { name: 'e2e-run-sharpe' }).click();
  await expect(page).toHaveURL(/\/studies\/e2e-run-sharpe$/);
  await expect(page.getByRole('heading', { name: 'Study e2e-run-sharpe' })).toBeVisible();
  await expect(page.getByTestId('study-trial-count')).toContainText('24');
  for (const id of ['study-history-chart', 'study-importance-chart', 'study-parallel-chart', 'study-contour-chart', 'study-intermediate-chart']) {
    await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
  }
  await expect(page.getByTestId('study-slice-chart')).toHaveCount(3);
  await expect(page.getByTestId('study-slice-chart').first().locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('study-pareto')).toHaveCount(0);

  // the trials table: a run link, sorting by value, filtering by state
  const trials = page.getByTestId('study-trials');
  await expect(trials.getByRole('link', { name: 'r-e2e-0' })).toHaveAttribute('href', '/runs/r-e2e-0');
  await expect(trials.locator('[data-state="failed"]')).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Show complete trials' }).uncheck();
  await expect(trials.locator('tbody [data-state="complete"]')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show complete trials' }).check();
  await trials.getByRole('button', { name: 'Sort by Value' }).click();
  await expect(trials.locator('th[aria-sort="descending"]')).toContainText('Value');
  await page.waitForTimeout(400);
  await shot(page, '16-studies');

  // contour axes can be switched
  await page.getByLabel('Contour x parameter').selectOption('models.primary.kind');
  await expect(page.getByTestId('study-contour-chart').locator('canvas').first()).toBeVisible();
  await page.getByTestId('study-contour').screenshot({ path: join(artifacts, '16b-studies-contour.png') });
});

test('a two-objective study shows its Pareto front; an unknown study says so', async ({ page }) => {
  await page.goto('/studies/e2e-sharpe-vs-turnover');
  await expect(page.getByTestId('study-pareto-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('study-history-chart').locator('canvas').first()).toBeVisible();
  await page.getByTestId('study-pareto').screenshot({ path: join(artifacts, '16c-studies-pareto.png') });
  await page.goto('/studies/no-such-study');
  await expect(page.getByRole('alert')).toContainText('study "no-such-study" not found');
});
