/**
 * A PPO run from the browser: the New experiment form's Trainer = PPO (with its hyper-parameters) → the
 * run page's "PPO training" small multiples fill live from the progress stream while the agents train →
 * the finished report shows the same section from its stored history (and offers paper trading: the run
 * wrote its frozen policy). Tiny: 1 synthetic day, 2 envs × 64 steps per update.
 */
import { expect, test } from '@playwright/test';
import { artifacts, setField, shot } from './helpers.ts';

const METRICS = ['episodic_return', 'policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'explained_variance', 'steps_per_s'];

test('starts a tiny PPO run from the form, watches its training live and reads it in the report', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'New experiment' })).toBeVisible();
  await setField(page, 'Name', 'e2e-ppo');
  await setField(page, 'Synthetic days', '1');
  await page.getByLabel('Trainer', { exact: true }).selectOption('ppo');
  await expect(page.getByLabel('Environment steps', { exact: true })).toBeVisible();
  // 6 windows × 2 symbols × (2 × 64) steps × 16 updates: long enough to be watched while it trains
  await setField(page, 'Environment steps', String(6 * 2 * 128 * 16));
  await setField(page, 'Parallel environments', '2');
  await setField(page, 'Steps per rollout', '64');
  await setField(page, 'Entropy coefficient', '0.02');
  await expect(page.getByTestId('config-valid')).toBeVisible();
  await expect(page.getByTestId('config-summary')).toContainText('A PPO policy per walk-forward window');
  await page.getByRole('group', { name: 'Trainer' }).screenshot({ path: `${artifacts}/ppo-01-form-trainer.png` });
  await shot(page, 'ppo-01-form');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/r/);

  // live: the section appears with one panel per metric and its points grow while the run trains
  const section = page.getByTestId('ppo-section');
  await expect(section).toBeVisible();
  for (const m of METRICS) await expect(page.getByTestId(`ppo-panel-${m}`)).toBeVisible();
  const latest = page.getByTestId('ppo-latest');
  await expect(latest).toBeVisible({ timeout: 45_000 });
  // while it trains: the strip says so and names the agent being trained
  await expect(latest).toContainText('training');
  await expect(latest).toContainText(/window \d+ (BTC|ETH) · step/);
  await shot(page, 'ppo-02-live');
  await section.screenshot({ path: `${artifacts}/ppo-02-live-section.png` });

  // finished: the report's stored history in the same section; the smoothing slider re-draws
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('headline')).toBeVisible();
  await expect(latest).toContainText('trained');
  await expect(latest).toContainText('window 6 ETH');
  const points = Number((await latest.locator('.unit').textContent())!.replace(/[^\d]/g, ''));
  expect(points).toBe(6 * 2 * 16); // 16 updates per agent: one point each (≤ 200)
  await page.getByRole('link', { name: 'PPO training' }).click();
  await page.getByTestId('ppo-smoothing').fill('0.9');
  await expect(section.locator('.ppo-smoothing output')).toHaveText('0.90');
  // the legend toggles a window's line in every panel, as TensorBoard's run selector
  const w1 = section.getByRole('button', { name: 'window 1 BTC' });
  await w1.click();
  await expect(w1).toHaveAttribute('aria-pressed', 'false');
  await w1.click();
  await expect(w1).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('paper-trade')).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'ppo-03-report');
  await section.screenshot({ path: `${artifacts}/ppo-04-section.png` });
});
