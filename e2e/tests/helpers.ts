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

/**
 * Init script: records, inside the page, the first moment a prepared equity curve (data-drawn-points > 0)
 * is on screen while the run's progress card is still shown (the run is live). Observed with a
 * MutationObserver, so a short run cannot slip between two polls of the test.
 */
export const LIVE_CHART_OBSERVER = `
  window.__liveChart = null;
  new MutationObserver((_, obs) => {
    if (window.__liveChart || !document.querySelector('[data-testid="run-progress"]')) return;
    const box = document.querySelector('[data-testid="equity-section"] [data-drawn-points]');
    const drawn = box ? Number(box.getAttribute('data-drawn-points')) : 0;
    if (drawn > 0 && document.querySelector('[data-testid="equity-chart"]')) {
      window.__liveChart = { at: performance.now(), drawn, points: Number((document.querySelector('[data-testid="equity-points"]')?.textContent || '0').replace(/,/g, '')) };
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn-points', 'data-testid'] });
`;

export interface LiveChart { at: number; drawn: number; points: number }

/** When (performance.now) a prepared equity curve was first on screen while the run was live; null if never. */
export async function liveChart(page: Page): Promise<LiveChart | null> {
  return page.evaluate(() => (window as unknown as { __liveChart: LiveChart | null }).__liveChart);
}

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
