import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const artifacts = resolve(import.meta.dirname, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** shot(page, name) – a full-page screenshot kept as a test artifact (e2e/artifacts/<name>.png). */
export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Records every main-thread long task (Long Tasks API) from the first script on. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longTasksUnsupported = String(e); }
  // Long Animation Frames (Chromium): which scripts made a frame long, to explain any long task found.
  window.__longFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.duration <= 50) continue;
        window.__longFrames.push({ start: e.startTime, duration: e.duration, scripts: (e.scripts || []).map((s) =>
          \`\${Math.round(s.duration)} ms \${s.invokerType}:\${s.invoker} \${(s.sourceURL || '').split('/').pop()} \${s.sourceFunctionName || ''}\`) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { window.__longFramesUnsupported = String(e); }
`;

export interface LongTask { start: number; duration: number }

export interface LongFrame { start: number; duration: number; scripts: string[] }

/** Long animation frames (> 50 ms) with the scripts that ran in them: the attribution of a long task. */
export async function longFrames(page: Page): Promise<LongFrame[]> {
  return page.evaluate(() => ((window as unknown as { __longFrames?: LongFrame[] }).__longFrames ?? []).slice());
}

export async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks.slice());
}

/** Fill a form field found by its accessible name and wait for the schema to re-validate. */
export async function setField(page: Page, label: string | RegExp, value: string): Promise<void> {
  const input = page.getByLabel(label, { exact: typeof label === 'string' });
  await input.fill(value);
}

/** Equity points shown on a run report (0 before the first point). */
export async function equityPoints(page: Page): Promise<number> {
  const text = await page.getByTestId('equity-points').textContent({ timeout: 1000 }).catch(() => null);
  return text ? Number(text.replace(/,/g, '')) : 0;
}
