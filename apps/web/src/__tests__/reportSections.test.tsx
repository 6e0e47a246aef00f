import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { defaultConfig } from '@skippy/core/config';
import { syntheticMarket } from '@skippy/core/data';
import { runExperiment } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { Headline } from '../report/Headline.tsx';
import { EquitySection } from '../report/EquitySection.tsx';
import { TcaSection } from '../report/TcaSection.tsx';
import { RiskHeatSection } from '../report/RiskHeatSection.tsx';
import { OverfittingSectionView } from '../report/OverfittingSection.tsx';
import { LabelsSectionView } from '../report/LabelsSection.tsx';
import { FoldsSectionView } from '../report/FoldsSection.tsx';

async function realReport(): Promise<RunReport> {
  const config = defaultConfig();
  config.data.synthetic.days = 1;
  const m = syntheticMarket({ symbols: config.data.symbols, days: 1, seed: 42, book: true });
  let clock = 0;
  const { report } = await runExperiment(config, {
    source: 'synthetic', bars: m.bars, snapshots: m.book, events: m.bookEvents, funding: m.funding, openInterest: m.openInterest, sentiment: m.sentiment,
  }, { now: () => (clock += 1) });
  // what the browser receives: JSON (NaN already mapped to null by the report builder)
  return JSON.parse(JSON.stringify(report)) as RunReport;
}

const wrap = (node: ReactNode) => renderToString(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('report sections render a real RunReport (1 synthetic day through runExperiment)', async () => {
  const report = await realReport();

  it('Headline states the verdict, its reasons and what was tested in words', () => {
    const t = text(wrap(<Headline report={report} />));
    expect(t).toMatch(/Verdict (GO|NO-GO|INCONCLUSIVE)/);
    for (const r of report.verdict.reasons) expect(t).toContain(r.message);
    expect(t).toContain('BTC and ETH 1m bars');
    expect(t).toContain('5-fold purged K-fold cross-validation');
    expect(t).toContain('fees 1 bp maker / 5 bp taker');
  });

  it('sections are headed exactly as the spec names them', () => {
    const html = [
      wrap(<EquitySection cacheKey="t" ts={report.equity?.ts} equity={report.equity?.equity} live={false} initialCash={100_000} />),
      wrap(<TcaSection tca={report.tca} />),
      wrap(<RiskHeatSection cacheKey="t" risk={report.risk} />),
      wrap(<OverfittingSectionView cacheKey="t" data={report.overfitting} />),
      wrap(<LabelsSectionView labels={report.labels} />),
      wrap(<FoldsSectionView folds={report.folds} />),
    ].join('');
    for (const h of ['Equity curve', 'Transaction costs', 'Risk heat map', 'Backtest overfitting', 'Labels', 'Folds']) {
      expect(html).toMatch(new RegExp(`<h2 id="[a-z]+">${h}</h2>`));
    }
  });

  it('TCA shows costs in bp and the inflation comparison; folds show purged/embargoed counts', () => {
    const tca = text(wrap(<TcaSection tca={report.tca} />));
    if (report.tca && report.tca.summary.orders > 0) {
      expect(tca).toMatch(/\d+\.\d bp/);
      expect(tca).toContain('Costs by order size and side');
    }
    if (report.tca?.inflation) expect(tca).toContain('Backtest inflation');
    const folds = text(wrap(<FoldsSectionView folds={report.folds} />));
    for (const f of report.folds!.folds) expect(folds).toContain(`#${f.index + 1}`);
    expect(folds).toContain('Purged');
    expect(folds).toContain('Embargoed');
  });
});
