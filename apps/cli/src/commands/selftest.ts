/**
 * `skippy-train selftest [--json]` – runs the shipped controls through the real pipeline and checks them:
 * the positive control (planted momentum edge) must end GO with DSR ≥ 0.95, the negative control (same
 * market, no edge) must end NO-GO, and the leakage canary must flag a feature that peeks one bar ahead
 * while leaving a causal feature alone. Exit 0 when every control passes, 1 when one fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfigOrThrow } from '@skippy/core';
import { syntheticBars } from '@skippy/core/data';
import { logReturn } from '@skippy/core/features';
import { tripleBarrierLabels } from '@skippy/core/labels';
import { fitLogistic, predictLogistic } from '@skippy/core/models';
import { fitOnTrain, leakageCanary, purgedKFold } from '@skippy/core/eval';
import { runExperiment } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { loadRunInputs } from '@skippy/io/artifacts';
import type { CliContext, Command } from '../framework.ts';
import { mlModelFactories } from '@skippy/ml';

const POSITIVE = 'config/examples/positive-control.yml';
const NEGATIVE = 'config/examples/negative-control.yml';
const DSR_MIN = 0.95;

export interface ControlResult {
  name: string;
  expected: string;
  got: string;
  passed: boolean;
  figures: Record<string, number | string | boolean | null>;
}

/**
 * The repository root holding the shipped control configs: the working directory or one of its parents
 * (where `config/training.yml` is looked for), else the checkout this CLI runs from.
 */
export function controlsRoot(cwd = process.cwd()): string {
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, POSITIVE))) return d;
    if (dirname(d) === d) break;
  }
  return resolve(import.meta.dirname, '../../../..');
}

async function runControl(ctx: CliContext, root: string, rel: string): Promise<RunReport> {
  const path = join(root, rel);
  const { config } = loadConfigOrThrow(readFileSync(path, 'utf8'), rel);
  if (!ctx.json) ctx.log(`${config.name}…`);
  // the same path as `skippy-train run`: io loads the inputs (null for a synthetic source), core runs them
  const inputs = await loadRunInputs(config, ctx.dataDir);
  const { report } = await runExperiment(config, inputs, {
    now: () => performance.timeOrigin + performance.now(), runId: `selftest-${config.name}`, models: mlModelFactories(),
    yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
  });
  return report;
}

function runFigures(r: RunReport): ControlResult['figures'] {
  const h = r.headline;
  return { verdict: r.verdict.decision, sharpe: h.sharpe, dsr: h.dsr, pbo: h.pbo, trades: h.trades };
}

/** Out-of-fold accuracy of a one-feature logistic model under the purged K-fold, NaN feature rows skipped. */
function oofAccuracy(x: Float64Array, y: Int8Array, splits: ReturnType<typeof purgedKFold>): number {
  let hit = 0, tot = 0;
  for (const s of splits) {
    const model = fitOnTrain(s, (rows) => fitLogistic(x, y, rows.filter((i) => Number.isFinite(x[i])), { p: 1, l2: 1 }));
    const test = s.test.filter((i) => Number.isFinite(x[i]));
    const pr = predictLogistic(model, x, test);
    for (let q = 0; q < test.length; q++) { tot++; if ((pr[q] > 0.5 ? 1 : -1) === y[test[q]]) hit++; }
  }
  return tot ? hit / tot : NaN;
}

/**
 * The leakage canary on a small synthetic market (5 days of 1-minute BTC bars, no edge): triple-barrier
 * labels with a 5-bar vertical barrier; the canary checks the purged split on those label intervals and
 * gives the tolerance (3 standard errors at the effective sample size). Then two one-feature logistic
 * models under the same purged split: the causal 1-bar log return ln(c_t/c_{t−1}) must stay at chance,
 * the same return one bar ahead ln(c_{t+1}/c_t) – a feature that peeks – must beat chance by more than
 * the tolerance: a leak the canary catches.
 */
export function canaryControl(seed = 11): ControlResult {
  const bars = syntheticBars({ symbols: ['BTC'], days: 5, seed, intervalMs: 60_000 }).BTC;
  const [labels] = tripleBarrierLabels(bars, { horizons: [5] });
  const n = labels.t0.length;
  const y = Int8Array.from(labels.ret, (r) => (r > 0 ? 1 : -1));
  const ret1 = logReturn(bars.close, 1);
  const causal = Float64Array.from(labels.t0Idx, (t) => ret1[t]);
  const peek = Float64Array.from(labels.t0Idx, (t) => (t + 1 < ret1.length ? ret1[t + 1] : NaN));
  const embargoPct = 0.01, purgePct = 0.01, nSplits = 5;
  const canary = leakageCanary(labels.t0, labels.t1, { seed, nSplits, embargoPct, purgePct });
  const splits = purgedKFold(labels.t0, labels.t1, { nSplits, embargoPct, purgePct });
  const causalAccuracy = oofAccuracy(causal, y, splits);
  const peekAccuracy = oofAccuracy(peek, y, splits);
  const peekFlagged = peekAccuracy - 0.5 > canary.tolerance;
  const causalFlagged = Math.abs(causalAccuracy - 0.5) > canary.tolerance;
  const passed = canary.passed && peekFlagged && !causalFlagged;
  return {
    name: 'leakage-canary',
    expected: 'peeking feature flagged, causal feature not, purged split honest',
    got: `peeking feature ${peekFlagged ? 'flagged' : 'NOT flagged'}, causal feature ${causalFlagged ? 'flagged' : 'not flagged'}, purged split ${canary.passed ? 'honest' : 'LEAKS'}`,
    passed,
    figures: {
      samples: n, effective_samples: canary.effectiveSamples, tolerance: canary.tolerance,
      peek_accuracy: peekAccuracy, peek_flagged: peekFlagged, causal_accuracy: causalAccuracy, causal_flagged: causalFlagged,
      canary_passed: canary.passed, shuffled_label_accuracy: canary.shuffledLabels.purgedAccuracy,
      shuffled_kfold_1nn_accuracy: canary.overlapLeak.shuffledKFoldAccuracy, purged_1nn_accuracy: canary.overlapLeak.purgedKFoldAccuracy,
    },
  };
}

const f = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');

function line(c: ControlResult): string {
  const g = c.figures;
  const figs = c.name === 'leakage-canary'
    ? `peek accuracy ${f(g.peek_accuracy, 3)}, causal accuracy ${f(g.causal_accuracy, 3)} (chance 0.5 ± ${f(g.tolerance, 3)}, ${g.samples} samples, effective ${f(g.effective_samples, 0)}); shuffled labels ${f(g.shuffled_label_accuracy, 3)}, 1-NN shuffled K-fold ${f(g.shuffled_kfold_1nn_accuracy, 3)} vs purged ${f(g.purged_1nn_accuracy, 3)}`
    : `verdict ${g.verdict}, Sharpe ${f(g.sharpe, 2)}, DSR ${f(g.dsr, 3)}, PBO ${pct(g.pbo)}, trades ${g.trades}`;
  return `${c.passed ? 'PASS' : 'FAIL'}  ${c.name.padEnd(16)} expected ${c.expected}; got ${c.got} — ${figs}`;
}

export const selftestCommand: Command = {
  name: 'selftest',
  summary: 'run the shipped positive/negative controls and the leakage canary; exit 1 when one fails',
  usage: 'selftest [--json]',
  details: `Checks the product end to end on controls with a known answer (about 10 s):
  positive-control  ${POSITIVE} – a synthetic market with a planted, learnable momentum edge, through
                    the same pipeline as \`skippy-train run\`: must end GO with DSR ≥ ${DSR_MIN};
  negative-control  ${NEGATIVE} – the same market without the edge: must end NO-GO;
  leakage-canary    on 5 days of synthetic 1-minute bars with 5-bar triple-barrier labels: the canary's purged
                    split must pass, a feature that peeks one bar ahead (the next bar's return) must beat chance
                    by more than the canary's tolerance under the purged split, a causal one (the last bar's
                    return) must not.
The configs are read from the repository root (the working directory or a parent holding config/examples,
else this checkout). Exit 0 when every control passes, 1 when one fails (a product failure).
JSON: {"passed","controls":[{"name","expected","got","passed","figures"}]}; figures: verdict, sharpe, dsr, pbo,
trades (runs) or samples, effective_samples, tolerance, peek_accuracy, peek_flagged, causal_accuracy, causal_flagged,
canary_passed, shuffled_label_accuracy, shuffled_kfold_1nn_accuracy, purged_1nn_accuracy (canary).`,
  options: {},
  async run(ctx) {
    const root = controlsRoot();
    const controls: ControlResult[] = [];
    const pos = await runControl(ctx, root, POSITIVE);
    const pf = runFigures(pos);
    const posOk = pos.verdict.decision === 'go' && typeof pf.dsr === 'number' && pf.dsr >= DSR_MIN;
    controls.push({ name: 'positive-control', expected: `go, DSR ≥ ${DSR_MIN}`, got: `${pos.verdict.decision}, DSR ${f(pf.dsr, 3)}`, passed: posOk, figures: pf });
    const neg = await runControl(ctx, root, NEGATIVE);
    const nf = runFigures(neg);
    controls.push({ name: 'negative-control', expected: 'no-go', got: neg.verdict.decision, passed: neg.verdict.decision === 'no-go', figures: nf });
    if (!ctx.json) ctx.log('leakage-canary…');
    controls.push(canaryControl());
    const passed = controls.every((c) => c.passed);
    // a failed control is a product failure: the normal output, then exit 1
    return {
      exitCode: passed ? 0 : 1,
      json: { passed, controls },
      text: [...controls.map(line), passed ? `selftest passed (${controls.length} controls)` : `selftest FAILED: ${controls.filter((c) => !c.passed).map((c) => c.name).join(', ')}`].join('\n'),
    };
  },
};
