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
import { ProtocolSectionView } from '../report/ProtocolSection.tsx';
import { MetaSectionView } from '../report/MetaSection.tsx';
import { GATES, gateName } from '../report/VerdictCard.tsx';

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
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/**
 * A version-1-shaped report (stored before the walk-forward protocol): no protocol, baselines, realism,
 * costs or meta; no haltedShare/oosStart/oosBars; the old five checks without failed/summary; an
 * overfitting section without undefinedOos/positiveShare/interpretation; no walkforward stage.
 */
function v1Report(r: RunReport): RunReport {
  const old = JSON.parse(JSON.stringify(r)) as Record<string, unknown> & RunReport;
  for (const k of ['protocol', 'baselines', 'realism', 'costs', 'meta']) delete (old as Record<string, unknown>)[k];
  const h = old.headline as unknown as Record<string, unknown>;
  for (const k of ['haltedShare', 'oosStart', 'oosBars']) delete h[k];
  if (old.overfitting) for (const k of ['undefinedOos', 'positiveShare', 'interpretation']) delete (old.overfitting as unknown as Record<string, unknown>)[k];
  old.stages = old.stages.filter((s) => s.stage !== 'walkforward');
  old.warnings = [];
  old.verdict = {
    decision: 'no-go',
    reasons: [
      { check: 'dsr', passed: false, value: 0.12, threshold: 0.95, message: 'DSR 0.12 < 0.95: the Sharpe is not significant after deflating for the trials explored' },
      { check: 'pbo', passed: true, value: 0.3, threshold: 0.5, message: 'PBO 30.0 % ≤ 50 %: the in-sample best variant usually holds up out of sample' },
      { check: 'costs', passed: false, value: -1.5, threshold: 0, message: 'Sharpe -1.50 ≤ 0 after fees, slippage and funding: costs eat the edge' },
      { check: 'drawdown', passed: true, value: 0.01, threshold: 0.2, message: 'max drawdown 1.0 % ≤ 20 %' },
      { check: 'trades', passed: false, value: 12, threshold: 30, message: 'only 12 trades (< 30): too few to judge' },
    ],
  };
  (old as unknown as { version: number }).version = 1;
  return old;
}

describe('report sections render a real RunReport (1 synthetic day through runExperiment)', async () => {
  const report = await realReport();

  it('is a version-2 report with every new section', () => {
    expect(report.version).toBe(2);
    expect(report.protocol?.windows.length).toBeGreaterThan(0);
    expect(report.baselines?.map((b) => b.name)).toEqual(['buy_and_hold', 'primary_rule', 'random_entry']);
    expect(report.realism).toBeTruthy();
    expect(report.costs).toBeTruthy();
    expect(report.headline.oosBars).toBeGreaterThan(0);
  });

  it('Headline states the verdict, its summary, every gate in words with value/threshold/result, and the warnings', () => {
    const html = wrap(<Headline report={report} />);
    const t = text(html);
    expect(t).toMatch(/Verdict (GO|NO-GO|INCONCLUSIVE)/);
    expect(t).toContain(report.verdict.summary!);
    expect(html).toContain('data-testid="gates-table"');
    for (const r of report.verdict.reasons) {
      expect(t).toContain(r.message);
      expect(t).toContain(GATES[r.check].name);
    }
    expect(report.verdict.reasons.map((r) => r.check)).toEqual(['sharpe_vs_baseline', 'drawdown_vs_baseline', 'is_oos_consistency', 'execution_realism', 'dsr', 'pbo', 'min_trades']);
    const failed = report.verdict.reasons.filter((r) => r.passed === false);
    expect((t.match(/✗ failed/g) ?? []).length).toBe(failed.length);
    if (failed.length) expect(t).toContain(`Failed: ${failed.map((r) => gateName(r.check)).join(' · ')}`);
    expect((t.match(/✓ passed/g) ?? []).length).toBe(report.verdict.reasons.filter((r) => r.passed === true).length);
    for (const w of report.warnings) expect(t).toContain(w);
    expect(t).toContain('BTC and ETH 1m bars');
    expect(t).toContain('5-fold purged K-fold cross-validation');
    expect(t).toContain('fees 1 bp maker / 5 bp taker');
  });

  it('Headline says which bars are out of sample and puts the baselines beside the strategy', () => {
    const html = wrap(<Headline report={report} />);
    const t = text(html);
    expect(t).toMatch(/Out-of-sample: \d{4}-\d\d-\d\d \d\d:\d\d UTC → end, [\d,]+ bars; flat before the first fit/);
    expect(t).toContain(`${report.headline.oosBars!.toLocaleString('en-US')} bars`);
    expect(html).toContain('data-testid="baselines-table"');
    for (const b of report.baselines!) expect(t).toContain(b.label);
    expect(t).toContain('median, 5–95 % range');
    for (const m of ['Sharpe (annualised)', 'Total return', 'Max drawdown', 'Trades', 'Exposure', 'Win rate']) expect(t).toContain(m);
    if (report.headline.haltedShare != null) expect(t).toMatch(/Risk halts blocked new entries on \d+\.\d% of them/);
  });

  it('sections are headed exactly as the spec names them', () => {
    const html = [
      wrap(<EquitySection cacheKey="t" ts={report.equity?.ts} equity={report.equity?.equity} live={false} initialCash={100_000} />),
      wrap(<ProtocolSectionView protocol={report.protocol} />),
      wrap(<TcaSection tca={report.tca} realism={report.realism} costs={report.costs} oosBars={report.headline.oosBars} />),
      wrap(<RiskHeatSection cacheKey="t" risk={report.risk} />),
      wrap(<OverfittingSectionView cacheKey="t" data={report.overfitting} />),
      wrap(<LabelsSectionView labels={report.labels} />),
      wrap(<FoldsSectionView folds={report.folds} />),
    ].join('');
    for (const h of ['Equity curve', 'Protocol', 'Transaction costs', 'Risk heat map', 'Backtest overfitting', 'Labels', 'Model scoring \\(diagnostics only\\)']) {
      expect(html).toMatch(new RegExp(`<h2 id="[a-z]+">${h}</h2>`));
    }
  });

  it('Protocol lists every walk-forward window with sizes, purge, calibration and IS/OOS Sharpe', () => {
    const html = wrap(<ProtocolSectionView protocol={report.protocol} />);
    const t = text(html);
    const p = report.protocol!;
    expect((html.match(/<tr/g) ?? []).length).toBe(1 + p.windows.length);
    for (const w of p.windows) expect(t).toContain(`#${w.index + 1}`);
    for (const c of ['Test start → end (UTC)', 'Train', 'Purged', 'Calibration a / b', 'IS Sharpe', 'OOS Sharpe', 'AUC']) expect(t).toContain(c);
    expect(t).toContain(p.sizing);
    expect(t).toContain(p.calibration);
    expect(t).toContain(p.sampleWeights);
    for (const n of p.notes) expect(t).toContain(n);
    expect(t).toContain(`flat on the first ${p.flatBars.toLocaleString('en-US')} bars`);
  });

  it('Protocol shows the Kelly inputs when the windows have them', () => {
    const p = structuredClone(report.protocol!);
    p.windows[0].kelly = { p: 0.55, b: 1.2, fraction: 0.125, trades: 40 };
    const t = text(wrap(<ProtocolSectionView protocol={p} />));
    expect(t).toContain('Kelly p');
    expect(t).toContain('55.0%');
    expect(t).toContain('1.200');
    expect(t).toContain('12.5%');
    expect(text(wrap(<ProtocolSectionView protocol={report.protocol} />))).not.toContain('Kelly p');
  });

  it('Transaction costs compare naive, frictionless, no-halts and realistic with absolute differences', () => {
    const t = text(wrap(<TcaSection tca={report.tca} realism={report.realism} costs={report.costs} oosBars={report.headline.oosBars} />));
    for (const c of ['Naive', 'Frictionless', 'No halts', 'Realistic', 'Realistic − naive']) expect(t).toContain(c);
    expect(t).toContain('Inflation reduction');
    expect(t).toMatch(/Halted bars: consecutive losses/);
    expect(t).toContain(`Costs applied: ${report.costs!.applied.map((c) => c.replace(/_/g, ' ')).join(', ')}`);
    // Sharpe difference is absolute: realistic − naive, not a relative %
    const r = report.realism!;
    const d = r.realistic.sharpe! - r.naive.sharpe!;
    expect(t).toContain(`${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`);
    expect(t).toMatch(/[+−]\d+\.\d\d pp/);
    expect(t).not.toContain('Relative difference');
  });

  it('Transaction costs name the components that were not applied, with reasons', () => {
    const costs = { applied: ['fees', 'slippage'], missing: [{ component: 'funding', reason: 'no funding data for ETH' }] };
    const t = text(wrap(<TcaSection tca={report.tca} realism={report.realism} costs={costs} />));
    expect(t).toContain('Not applied: funding (no funding data for ETH)');
  });

  it('Backtest overfitting shows the interpretation, undefined OOS combinations and the positive share', () => {
    const o = report.overfitting!;
    const t = text(wrap(<OverfittingSectionView cacheKey="t" data={o} />));
    expect(t).toContain(o.interpretation!);
    expect(t).toContain('Undefined OOS Sharpe');
    expect(t).toContain('Variants with OOS Sharpe > 0');
  });

  it('Meta-labelling compares precision/recall/F1 with the primary alone', () => {
    const meta = { primary: 'MA(50) rule', bets: 200, taken: 80, primaryAlone: { precision: 0.5, recall: 1, f1: 0.667 }, withMeta: { precision: 0.6, recall: 0.48, f1: 0.533 } };
    const t = text(wrap(<MetaSectionView meta={meta} />));
    expect(t).toContain('Meta-labelling');
    expect(t).toContain('MA(50) rule alone');
    expect(t).toContain('60.0%');
    expect(t).toContain('+10.0 pp');
    expect(t).toContain('−52.0 pp');
    expect(t).toContain('40.0% of the primary bets');
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

describe('a version-1 report (stored before the walk-forward protocol) still renders', async () => {
  const report = v1Report(await realReport());

  it('Headline shows the old checks, says the report is old, and shows no baselines', () => {
    const html = wrap(<Headline report={report} />);
    const t = text(html);
    expect(t).toContain('Verdict NO-GO');
    expect(t).toContain('2 of 5 checks passed');
    for (const r of report.verdict.reasons) expect(t).toContain(r.message);
    expect(t).toContain('Failed: Deflated Sharpe ratio · Sharpe after costs · Enough trades');
    expect(t).toContain('Older report (version 1)');
    expect(html).not.toContain('baselines-table');
    expect(t).toContain('Out-of-fold accuracy');
  });

  it('Protocol, Transaction costs, Overfitting and Folds render without the new fields', () => {
    expect(text(wrap(<ProtocolSectionView protocol={report.protocol} />))).toContain('No walk-forward protocol in this report');
    const tca = text(wrap(<TcaSection tca={report.tca} realism={report.realism} costs={report.costs} oosBars={report.headline.oosBars} />));
    expect(tca).toContain('Transaction costs');
    expect(tca).not.toContain('Inflation reduction');
    const over = text(wrap(<OverfittingSectionView cacheKey="v1" data={report.overfitting} />));
    expect(over).toContain('Backtest overfitting');
    expect(over).not.toContain('Reading:');
    expect(over).not.toContain('Undefined OOS Sharpe');
    expect(text(wrap(<FoldsSectionView folds={report.folds} diagnosticsOnly={false} />))).toContain('Folds');
  });

  it('a v1 TCA inflation block renders as frictionless vs with costs with absolute differences', () => {
    const tca = structuredClone(report.tca!);
    tca.inflation = { costed: { sharpe: 1.2, totalReturn: 0.05, maxDrawdown: 0.03 }, frictionless: { sharpe: 2, totalReturn: 0.08, maxDrawdown: 0.02 }, relative: { sharpe: 0.4, totalReturn: 0.375, maxDrawdown: -0.5 } };
    const t = text(wrap(<TcaSection tca={tca} />));
    expect(t).toContain('Backtest inflation');
    expect(t).toContain('−0.80');
    expect(t).toContain('−3.00 pp');
    expect(t).toContain('+1.00 pp');
  });
});
