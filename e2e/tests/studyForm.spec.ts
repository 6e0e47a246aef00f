/**
 * A study started from the New experiment form: mark the profit-take multiplier as searched, see a bad
 * range refused at the field, start a 3-trial study on a small synthetic config, land on the study and
 * watch its trials stream in until all three are complete (each a real run in the server's pool);
 * a bad study name is answered by the server with one line. Screenshots 17a-search-space.png and
 * 17b-study-from-form.png.
 */
import { expect, test } from '@playwright/test';
import { setField, shot } from './helpers.ts';

test('marks a field as searched, starts a study from the form and watches its trials complete', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'New experiment' })).toBeVisible();
  await setField(page, 'Name', 'e2e-form');
  await setField(page, 'Synthetic days', '1');
  await setField(page, 'Splits', '3');
  await expect(page.getByTestId('config-valid')).toBeVisible();
  await expect(page.getByTestId('study-panel')).toHaveCount(0);

  await page.getByTestId('search-labels.pt').click();
  const editor = page.getByTestId('search-editor-labels.pt');
  await expect(editor).toBeVisible();
  await editor.getByLabel('low', { exact: true }).fill('3');
  await editor.getByLabel('high', { exact: true }).fill('1');
  await expect(editor.getByRole('alert')).toHaveText('space.labels.pt: expected low < high (an empty or inverted range), got "low 3, high 1"');
  await expect(page.getByTestId('start-study')).toBeDisabled();
  await editor.getByLabel('low', { exact: true }).fill('0.5');
  await editor.getByLabel('high', { exact: true }).fill('2');
  await expect(editor.getByRole('alert')).toHaveCount(0);

  const panel = page.getByTestId('study-panel');
  await panel.getByLabel('Study name').fill('bad name!');
  await panel.getByLabel('Trials').fill('3');
  await page.getByTestId('start-study').click();
  await expect(panel.getByRole('alert').last()).toContainText('name: expected a study name of letters, digits, . _ : @ -');
  await panel.getByLabel('Study name').fill('e2e-form-study');
  await shot(page, '17a-search-space');
  await page.getByTestId('start-study').click();

  await expect(page).toHaveURL(/\/studies\/e2e-form-study$/);
  await expect(page.getByRole('heading', { name: 'Study e2e-form-study' })).toBeVisible();
  await expect(page.getByTestId('study-job')).toContainText('3 trials, 1 in flight');
  await expect(page.getByTestId('study-trial-count')).toContainText('3', { timeout: 90_000 });
  await expect(page.getByTestId('study-job')).toContainText('done', { timeout: 90_000 });
  await expect(page.getByTestId('study-best-value')).not.toContainText('–');
  await shot(page, '17b-study-from-form');
});
