/**
 * reportHtml(report) – one self-contained HTML file a PM can mail: inline CSS, inline SVG charts, no
 * script and no external request. Every user string is escaped. Sections: verdict and gates, the
 * headline beside the baselines, equity and drawdown, the walk-forward protocol, costs and realism,
 * overfitting, data QC, warnings and the run's identity (config hash, seed).
 */
import type { BaselineReport, Num, RunReport } from '@skippy/core/reports';

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const isNum = (x: Num | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const f = (x: Num | undefined, d = 2) => (isNum(x) ? x.toFixed(d) : '–');
const pct = (x: Num | undefined, d = 2) => (isNum(x) ? `${(x * 100).toFixed(d)} %` : '–');
const int = (x: Num | undefined) => (isNum(x) ? Math.round(x).toLocaleString('en-US') : '–');
const day = (ts: Num | undefined) => (isNum(ts) ? new Date(ts).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–');

const GATE_LABEL: Record<string, string> = {
  sharpe_vs_baseline: 'Sharpe beats the baseline', drawdown_vs_baseline: 'Drawdown below the baseline', is_oos_consistency: 'In-sample vs out-of-sample Sharpe',
  execution_realism: 'Execution realism', dsr: 'Deflated Sharpe ratio', pbo: 'Probability of backtest overfitting', min_trades: 'Enough trades',
};

/** An SVG polyline chart of (x, y) series over a shared x range. */
function svgChart(series: { xs: number[]; ys: number[]; color: string; fill?: boolean }[], opts: { width: number; height: number; marker?: number; label: string; fmtY: (y: number) => string; fmtX?: (x: number) => string }): string {
  const all = series.flatMap((s) => s.xs.map((x, i) => [x, s.ys[i]] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (all.length < 2) return '';
  const x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
  let y0 = Math.min(...all.map((p) => p[1])), y1 = Math.max(...all.map((p) => p[1]));
  if (y0 === y1) { y0 -= 1e-9; y1 += 1e-9; }
  const L = 64, R = 8, T = 8, B = 20, W = opts.width - L - R, H = opts.height - T - B;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * W, sy = (y: number) => T + (1 - (y - y0) / (y1 - y0)) * H;
  const paths = series.map((s) => {
    const pts = s.xs.map((x, i) => `${sx(x).toFixed(1)},${sy(s.ys[i]).toFixed(1)}`).join(' ');
    return s.fill ? `<polygon points="${sx(s.xs[0]).toFixed(1)},${sy(0).toFixed(1)} ${pts} ${sx(s.xs[s.xs.length - 1]).toFixed(1)},${sy(0).toFixed(1)}" fill="${s.color}" fill-opacity="0.25" stroke="none"/>`
      : `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
  }).join('');
  const marker = isNum(opts.marker) && opts.marker > x0 && opts.marker < x1
    ? `<line x1="${sx(opts.marker).toFixed(1)}" x2="${sx(opts.marker).toFixed(1)}" y1="${T}" y2="${T + H}" stroke="#888" stroke-dasharray="4 3"/><text x="${(sx(opts.marker) + 4).toFixed(1)}" y="${T + 12}" font-size="11" fill="#555">first fit</text>` : '';
  const ticks = [y0, (y0 + y1) / 2, y1].map((y) => `<text x="${L - 6}" y="${(sy(y) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${esc(opts.fmtY(y))}</text><line x1="${L}" x2="${L + W}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#eee"/>`).join('');
  const xt = [x0, x1].map((x, i) => `<text x="${sx(x).toFixed(1)}" y="${opts.height - 4}" font-size="11" text-anchor="${i ? 'end' : 'start'}" fill="#555">${esc(opts.fmtX ? opts.fmtX(x) : day(x).slice(0, 10))}</text>`).join('');
  return `<svg role="img" aria-label="${esc(opts.label)}" width="100%" viewBox="0 0 ${opts.width} ${opts.height}" xmlns="http://www.w3.org/2000/svg">${ticks}${paths}${marker}${xt}</svg>`;
}

const table = (head: string[], rows: string[][], cls = '') => `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

export function reportHtml(r: RunReport): string {
  const h = r.headline, v = r.verdict;
  const decision = v.decision === 'go' ? 'GO' : v.decision === 'no-go' ? 'NO-GO' : 'INCONCLUSIVE';
  const color = v.decision === 'go' ? '#15803d' : v.decision === 'no-go' ? '#b91c1c' : '#a16207';
  const gates = table(['Gate', 'Value', 'Threshold', 'Result', 'Why'], v.reasons.map((g) => [
    esc(GATE_LABEL[g.check] ?? g.check), g.check === 'min_trades' ? int(g.value) : f(g.value, 3), g.check === 'min_trades' ? int(g.threshold) : f(g.threshold, 3),
    g.passed === null ? 'not computable' : g.passed ? '<span class="ok">✓ passed</span>' : '<span class="bad">✗ failed</span>', esc(g.message),
  ]));
  const bl = (name: BaselineReport['name']) => r.baselines?.find((b) => b.name === name);
  const bh = bl('buy_and_hold'), rule = bl('primary_rule'), rnd = bl('random_entry');
  const cmp = r.baselines ? table(['Out of sample', 'Strategy', esc(bh?.label ?? 'Buy and hold'), esc(rule?.label ?? 'Rule alone'), 'Random entry (median)'], [
    ['Sharpe (annualised)', f(h.sharpe), f(bh?.sharpe), f(rule?.sharpe), `${f(rnd?.sharpe)} <small>(${f(rnd?.draws?.sharpe.q05)} … ${f(rnd?.draws?.sharpe.q95)})</small>`],
    ['Total return', pct(h.totalReturn), pct(bh?.totalReturn), pct(rule?.totalReturn), pct(rnd?.totalReturn)],
    ['Max drawdown', pct(h.maxDrawdown), pct(bh?.maxDrawdown), pct(rule?.maxDrawdown), pct(rnd?.maxDrawdown)],
    ['Trades', int(h.trades), int(bh?.trades), int(rule?.trades), int(rnd?.trades)],
    ['Exposure', pct(h.exposure, 1), pct(bh?.exposure, 1), pct(rule?.exposure, 1), pct(rnd?.exposure, 1)],
  ], 'num') : '';
  const eq = r.equity;
  const equityChart = eq ? svgChart([{ xs: eq.ts, ys: eq.equity, color: '#1d4ed8' }], { width: 900, height: 220, marker: h.oosStart ?? undefined, label: 'Equity curve', fmtY: (y) => y.toLocaleString('en-US', { maximumFractionDigits: 0 }) }) : '';
  const ddChart = eq ? svgChart([{ xs: eq.ts, ys: eq.drawdown, color: '#b91c1c', fill: true }], { width: 900, height: 110, label: 'Drawdown', fmtY: (y) => `${(y * 100).toFixed(2)} %` }) : '';
  const p = r.protocol;
  const protocol = p ? `<p>Equity, headline and verdict come only from walk-forward predictions (${esc(p.window)} windows). ${esc(p.sizing)}. Calibration: ${esc(p.calibration)}. Sample weights: ${esc(p.sampleWeights)}. Flat for the first ${int(p.flatBars)} bars (before the first fit). Model scoring (diagnostics only): ${esc(p.scoring)}.</p>`
    + table(['Window', 'Test window', 'Train', 'Test', 'Purged', 'IS Sharpe', 'OOS Sharpe', 'AUC'], p.windows.map((w) => [`#${w.index + 1}`, `${esc(day(w.start))} → ${esc(day(w.end))}`, int(w.trainSize), int(w.testSize), int(w.purged), f(w.isSharpe), f(w.oosSharpe), f(w.oosAuc, 3)]), 'num') : '';
  const re = r.realism;
  const realism = re ? table(['Backtest of the same signals', 'Sharpe', 'Total return', 'Max drawdown'], [
    ['Naive (close fills, no costs, no halts)', f(re.naive.sharpe), pct(re.naive.totalReturn), pct(re.naive.maxDrawdown)],
    ['No costs (same fills and risk rules)', f(re.frictionless.sharpe), pct(re.frictionless.totalReturn), pct(re.frictionless.maxDrawdown)],
    ...(re.noHalts ? [['All costs, no risk halts', f(re.noHalts.sharpe), pct(re.noHalts.totalReturn), pct(re.noHalts.maxDrawdown)]] : []),
    ['<b>Realistic (the headline)</b>', `<b>${f(re.realistic.sharpe)}</b>`, `<b>${pct(re.realistic.totalReturn)}</b>`, `<b>${pct(re.realistic.maxDrawdown)}</b>`],
  ], 'num') + `<p>Inflation removed by execution realism: ${pct(re.inflationReduction, 1)} of the naive Sharpe.${re.haltedBars ? ` Entries blocked by the daily loss limit on ${int(re.haltedBars.daily_loss_limit)} bars and by the consecutive-loss rule on ${int(re.haltedBars.consecutive_losses)} bars.` : ''}</p>` : '';
  const costs = r.costs ? `<p>Costs applied: ${esc(r.costs.applied.join(', ') || 'none')}.${r.costs.missing.length ? ` <b>Not applied:</b> ${r.costs.missing.map((m) => `${esc(m.component)} (${esc(m.reason)})`).join('; ')}.` : ''}</p>` : '';
  const o = r.overfitting;
  const over = o ? `<p>${esc(o.interpretation ?? '')}</p>` + table(['PBO', 'P(OOS loss)', 'DSR', 'PSR', 'Configurations tried', 'CSCV combinations'], [[pct(o.pbo, 1), pct(o.probOosLoss, 1), f(o.dsr, 3), f(o.psr, 3), int(o.nTrials), int(o.combinations)]], 'num') + `<p><small>${esc(o.family)}</small></p>` : '<p>CSCV was not run.</p>';
  const qc = r.dataset.qc ? table(['Symbol', 'Bars', 'Gaps', 'Duplicates', 'Outliers', 'OHLC violations', 'Time offset'], r.dataset.qc.map((q) => [esc(q.symbol), int(q.bars), int(q.gaps), int(q.duplicates), int(q.outliers), int(q.ohlcViolations), q.timeOffsetMs === null ? '–' : `${int(q.timeOffsetMs / 60000)} min`]), 'num') : '';
  const ppo = policyTrainingHtml(r);
  const warnings = r.warnings.length ? `<div class="warn"><b>Warnings</b><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.name)} — ${decision} — Skippy Workbench report</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.muted,small{color:#555}.verdict{display:flex;gap:16px;align-items:center;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:16px 0}
.badge{font-weight:700;font-size:22px;color:${color};border:2px solid ${color};border-radius:8px;padding:6px 14px;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f8fafc;font-weight:600}table.num td:not(:first-child),table.num th:not(:first-child){text-align:right}
.ok{color:#15803d;font-weight:600}.bad{color:#b91c1c;font-weight:600}.warn{background:#fef9c3;border:1px solid #fde047;border-radius:6px;padding:8px 12px;margin:12px 0}
</style></head><body>
<h1>${esc(r.name)}</h1>
<div class="muted">Run ${esc(r.runId)} · config ${esc(r.configHash.slice(0, 12))} · seed ${esc(r.seed)} · ${esc(r.dataset.symbols.join(', '))} ${esc(r.dataset.interval)} bars (${esc(r.dataset.source)}) · ${esc(day(r.dataset.start))} → ${esc(day(r.dataset.end))} · generated from the stored report (version ${esc(r.version)})</div>
<div class="verdict"><div class="badge">${decision}</div><div>${esc(v.summary ?? '')}</div></div>
${warnings}
<h2>Go / no-go gates</h2>${gates}
<h2>Out of sample, against the baselines</h2>
<p>Out-of-sample span: ${esc(day(h.oosStart))} → end, ${int(h.oosBars)} bars; the strategy is flat before its first fit. Risk halts blocked new entries on ${pct(h.haltedShare, 1)} of these bars. PSR ${f(h.psr, 3)}, DSR ${f(h.dsr, 3)}, out-of-sample AUC ${f(h.oosAuc, 3)}.</p>
${cmp}
<h2>Equity and drawdown</h2>${equityChart}${ddChart}
${ppo}<h2>Walk-forward protocol</h2>${protocol}
<h2>Costs and execution realism</h2>${costs}${realism}
<h2>Backtest overfitting</h2>${over}
<h2>Data quality</h2>${qc}
<p class="muted"><small>Skippy Workbench · every number above is computed from walk-forward out-of-sample predictions; the same config hash and seed reproduce it byte for byte.</small></p>
</body></html>
`;
}

const PPO_PANELS: [string, string][] = [['episodic_return', 'Episodic return'], ['policy_loss', 'Policy loss'], ['value_loss', 'Value loss'], ['entropy', 'Entropy'],
  ['approx_kl', 'Approximate KL'], ['clipfrac', 'Clip fraction'], ['explained_variance', 'Explained variance'], ['steps_per_s', 'Steps / s']];
const PPO_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];

/** A PPO run's training history (report.policyTraining): one small SVG chart per metric, one line per window and agent (raw bucket means). */
function policyTrainingHtml(r: RunReport): string {
  const pt = r.policyTraining;
  if (!pt || pt.series.length === 0) return '';
  const g = (y: number) => (Math.abs(y) >= 1e4 || (y !== 0 && Math.abs(y) < 1e-3) ? y.toExponential(1) : String(+y.toPrecision(3)));
  const charts = PPO_PANELS.map(([key, title]) => {
    const lines = pt.series.map((s) => {
      const col = (s as unknown as Record<string, Num[]>)[key] ?? [];
      const xs: number[] = [], ys: number[] = [];
      col.forEach((v, i) => { if (isNum(v)) { xs.push(s.step[i]); ys.push(v); } });
      return { xs, ys, color: PPO_COLORS[s.window % PPO_COLORS.length] };
    }).filter((l) => l.xs.length > 0);
    const svg = svgChart(lines, { width: 440, height: 150, label: `${title} per training step`, fmtY: g, fmtX: (x) => `step ${Math.round(x).toLocaleString('en-US')}` });
    return `<figure style="margin:0"><figcaption><b>${esc(title)}</b></figcaption>${svg || '<p class="muted"><small>no value</small></p>'}</figure>`;
  }).join('');
  const legend = pt.series.map((s) => `<span style="color:${PPO_COLORS[s.window % PPO_COLORS.length]}">■</span> window ${s.window + 1}${pt.symbols.length > 1 ? ` ${esc(pt.symbols[s.symbol] ?? '')}` : ''}`).join(' &nbsp; ');
  return `<h2>PPO training</h2><p>The agent's diagnostics per walk-forward window against its environment steps (CleanRL's names); each point is the mean of a few consecutive updates. ${legend}</p><div style="display:grid;grid-template-columns:1fr 1fr;gap:8px 16px">${charts}</div>`;
}
