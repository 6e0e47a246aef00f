import { readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import { parseLabelsCsv, purgedKFold, walkForward, combinatorialPurgedCv, leakageCanary } from '@skippy/core/eval';
import type { CvSplit } from '@skippy/core/eval';
import type { Command } from '../framework.ts';
import { getChoice, getNumber, requireString } from '../args.ts';

const SCHEMES = ['purged-kfold', 'walk-forward', 'cpcv'] as const;

/** Most CPCV splits the command enumerates (C(12, 6) = 924; C(20, 10) = 184 756 is already slow). */
const MAX_CPCV_SPLITS = 10_000;

/** C(n, k) as a float (exact below 2^53). */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

function readText(path: string, flag: string): string {
  try { return readFileSync(path, 'utf8'); } catch { throw new UserInputError(flag, 'expected a readable file', path); }
}

const foldJson = (s: CvSplit) => ({
  test: Array.from(s.test), train: Array.from(s.train),
  purged: s.purged, embargoed: s.embargoed, purged_margin: s.purgedMargin, window: s.window,
});

export const cvCommand: Command = {
  name: 'cv',
  summary: 'purged/embargoed cross-validation splits of a labels file (and the leakage canary)',
  usage: 'cv --labels labels.csv [--horizon 20] --scheme purged-kfold|walk-forward|cpcv [--splits 5] [--embargo-pct 0.02] [--purge-pct 0.05] [--groups 6 --test-groups 2] [--canary --seed 7] [--json]',
  details: `Input: the labels CSV of \`skippy-train labels\` (horizon,t0,t1,t0_idx,t1_idx,...). t0/t1 are epoch ms or ISO dates
(t0_idx/t1_idx bar indices are used when t0/t1 are absent). Rows of the chosen horizon are sorted by t0; positions
index that order (0-based). Each sample's label interval [t0, t1] is CLOSED.
Purged K-fold (AFML ch. 7): contiguous test blocks, the first n mod k one larger; for a block with window
[T0 = min t0, T1 = max t1] a training sample is kept only if t1 < T0 or t0 > T1. Then the ⌊n·embargo_pct⌋
samples right after the block (embargo) and the ⌊n·purge_pct⌋ samples right before it (margin) leave training.
Each removed sample is counted once: "purged" (overlap) first, then "embargoed", then "purged_margin".
Walk-forward: training precedes each test window (rolling/expanding from config evaluation.walk_forward), so
the embargo has nothing to remove. CPCV (AFML ch. 12): N groups, k test groups, C(N,k) splits, φ = k/N·C(N,k)
paths; "path_split"[p][g] is the split whose test predictions fill group g of path p.
--canary adds the leakage canary: synthetic returns on your intervals; shuffled labels must stay at chance and a
1-nearest-neighbour learner must not beat chance (within 3 standard errors at the effective sample size) under
the purged split, while a shuffled K-fold shows the leak. Defaults come from config evaluation.*.
JSON: {"n_samples","scheme","horizon","folds":[{"test":[...],"train":[...],"purged","embargoed","purged_margin","window"}],
"n_paths"?,"path_split"?,"canary"?}`,
  options: {
    labels: { type: 'string', arg: 'PATH', description: 'labels CSV (horizon,t0,t1,t0_idx,t1_idx,...)' },
    horizon: { type: 'string', arg: 'BARS', description: 'label horizon to use (required when the file holds several)' },
    scheme: { type: 'string', arg: 'NAME', description: 'purged-kfold | walk-forward | cpcv (default from config evaluation.method)' },
    splits: { type: 'string', arg: 'K', description: 'folds (K-fold) or test windows (walk-forward)' },
    'embargo-pct': { type: 'string', arg: 'F', description: 'embargo after each test block, share of n' },
    'purge-pct': { type: 'string', arg: 'F', description: 'safety margin before each test block, share of n' },
    groups: { type: 'string', arg: 'N', description: 'CPCV groups' },
    'test-groups': { type: 'string', arg: 'K', description: 'CPCV test groups per split' },
    canary: { type: 'boolean', description: 'also run the leakage canary on these intervals' },
    seed: { type: 'string', arg: 'N', description: 'seed of the canary (default config models.seed)' },
  },
  run(ctx) {
    const { config } = ctx.config();
    const ev = config.evaluation;
    const path = requireString(ctx, 'labels', 'a labels CSV path');
    const horizon = getNumber(ctx, 'horizon', { min: 1, integer: true });
    const labels = parseLabelsCsv(readText(path, '--labels'), path, horizon);
    const methodDefault = ev.method === 'walk_forward' ? 'walk-forward' : ev.method === 'cpcv' ? 'cpcv' : 'purged-kfold';
    const scheme = getChoice(ctx, 'scheme', SCHEMES, methodDefault)!;
    const nSplits = getNumber(ctx, 'splits', { min: 1, integer: true }) ?? ev.n_splits;
    if (scheme !== 'cpcv' && nSplits > labels.t0.length) throw new UserInputError('--splits', `expected at most one split per label (${labels.t0.length} labels)`, nSplits);
    const embargoPct = getNumber(ctx, 'embargo-pct', { min: 0, max: 0.99 }) ?? ev.embargo_pct;
    const purgePct = getNumber(ctx, 'purge-pct', { min: 0, max: 0.99 }) ?? ev.purge_pct;
    const { t0, t1 } = labels;
    let folds: CvSplit[];
    let extra: Record<string, unknown> = {};
    if (scheme === 'purged-kfold') folds = purgedKFold(t0, t1, { nSplits, embargoPct, purgePct });
    else if (scheme === 'walk-forward') folds = walkForward(t0, t1, { nSplits, embargoPct, purgePct, window: ev.walk_forward.window, trainPct: ev.walk_forward.train_pct });
    else {
      const groups = getNumber(ctx, 'groups', { min: 2, integer: true }) ?? ev.cpcv.groups;
      const testGroups = getNumber(ctx, 'test-groups', { min: 1, integer: true }) ?? ev.cpcv.test_groups;
      if (testGroups >= groups) throw new UserInputError('--test-groups', `expected fewer test groups than --groups (${groups})`, testGroups);
      if (groups > t0.length) throw new UserInputError('--groups', `expected at most one group per label (${t0.length} labels)`, groups);
      const nSplitsCpcv = binomial(groups, testGroups);
      if (nSplitsCpcv > MAX_CPCV_SPLITS) throw new UserInputError('--groups', `expected at most ${MAX_CPCV_SPLITS} CPCV splits: C(${groups}, ${testGroups}) = ${nSplitsCpcv > 1e15 ? nSplitsCpcv.toExponential(2) : nSplitsCpcv}`, groups);
      const cv = combinatorialPurgedCv(t0, t1, { groups, testGroups, embargoPct, purgePct });
      folds = cv.splits;
      const N = groups;
      extra = { n_paths: cv.nPaths, groups, test_groups: testGroups, path_split: Array.from({ length: cv.nPaths }, (_, p) => Array.from(cv.pathSplit.subarray(p * N, (p + 1) * N))) };
    }
    let canary = null;
    if (ctx.values.canary === true) {
      const seed = getNumber(ctx, 'seed', { integer: true }) ?? config.models.seed;
      canary = leakageCanary(t0, t1, { seed, nSplits: Math.max(2, nSplits), embargoPct, purgePct });
    }
    const json = { n_samples: t0.length, scheme, horizon: labels.horizon, folds: folds.map(foldJson), ...extra, ...(canary ? { canary } : {}) };
    const text = [
      `${t0.length} samples${labels.horizon !== null ? ` (horizon ${labels.horizon})` : ''}, ${scheme}, ${folds.length} splits`,
      ...folds.map((f, i) => `  split ${i}: test ${f.test.length}, train ${f.train.length}, purged ${f.purged}, embargoed ${f.embargoed}, margin ${f.purgedMargin}`),
      ...(canary ? [
        `canary: shuffled-label accuracy ${canary.shuffledLabels.purgedAccuracy.toFixed(3)} (chance ± ${canary.tolerance.toFixed(3)})`,
        `        1-NN accuracy: shuffled K-fold ${canary.overlapLeak.shuffledKFoldAccuracy.toFixed(3)}, unpurged K-fold ${canary.overlapLeak.unpurgedKFoldAccuracy.toFixed(3)}, purged ${canary.overlapLeak.purgedKFoldAccuracy.toFixed(3)} → ${canary.passed ? 'PASSED' : 'FAILED'}`,
      ] : []),
    ].join('\n');
    return { json, text };
  },
};
