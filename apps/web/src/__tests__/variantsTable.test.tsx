import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { validateConfig } from '@skippy/core/config';
import { runExperiment, syntheticInputs } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { OverfittingSectionView } from '../report/OverfittingSection.tsx';

const wrap = (node: ReactNode) => renderToString(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('OverfittingSectionView({variants}) with a real ablation run (1 synthetic day)', async () => {
  const r = validateConfig({ data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 }, hpo: { ablation: { enabled: true, feature_sets: ['price', 'price+microstructure'] } } });
  if (!r.ok) throw new Error(r.issues[0].text);
  const { report } = await runExperiment(r.config, syntheticInputs(r.config), { now: () => 0 });
  const json = JSON.parse(JSON.stringify(report)) as RunReport;

  it('shows the variants table (one row per variant, base marked) and the ablation lift', () => {
    const html = wrap(<OverfittingSectionView cacheKey="v" data={json.overfitting} variants={json.variants} />);
    expect(html).toContain('data-testid="variants-table"');
    const t = text(html);
    expect(t).toContain('Variants explored: ablation of 2 feature sets');
    expect(t).toContain('price+microstructure (base)');
    expect(t).toContain('features = price');
    expect(t).toMatch(/Ablation lift — microstructure: (walk-forward out-of-sample|out-of-fold) Sharpe [+-]\d\.\d{3} per bar/);
    expect((html.match(/<tr/g) ?? []).length).toBe(1 + json.variants!.rows.length);
  });

  it('renders nothing extra when the run explored no variants', () => {
    expect(wrap(<OverfittingSectionView cacheKey="v" data={json.overfitting} />)).not.toContain('variants-table');
  });
});
