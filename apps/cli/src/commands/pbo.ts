import { readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import { parseMatrixCsv, cscvPbo } from '@skippy/core/eval';
import { writeFileAtomic } from '@skippy/io';
import type { Command } from '../framework.ts';
import { getNumber, getOutputFile, requireString } from '../args.ts';

export const pboCommand: Command = {
  name: 'pbo',
  summary: 'probability of backtest overfitting (CSCV) of a T×N matrix of strategy returns',
  usage: 'pbo --input matrix.csv [--partitions 16] [--out per_combination.csv] [--json]',
  details: `Input: CSV with a header row of strategy names and one row of per-period returns per period (an optional
first date/time/ts column is skipped). The first T mod S rows are dropped, the rest cut into S contiguous blocks.
For every choice of S/2 in-sample blocks (combo_id = index in itertools.combinations(range(S), S/2) order) the
complement is out-of-sample. Metric: per-column Sharpe = mean / sample std (ddof 1), not annualised.
n* = first column with the best IS Sharpe; ω̄ = OOS rank of n* (1 = worst … N = best, ties averaged) / (N+1);
logit λ = ln(ω̄/(1−ω̄)). PBO = share of combinations with λ ≤ 0 (a tie at exactly 0 counts as overfit).
prob_oos_loss = share where n*'s OOS Sharpe < 0. degradation = OLS of OOS on IS Sharpe of n* (slope, intercept, r).
--out writes combo_id,is_blocks (space-separated),best_is (strategy name),oos_rank,w_bar,logit,is_sharpe,oos_sharpe.
JSON: {"pbo","prob_oos_loss","n_combinations","partitions","rows_used","block_size","n_strategies","logit":{mean,std,q05,q25,median,q75,q95,min,max},"degradation":{slope,intercept,r},"selected":{name: count}}`,
  options: {
    input: { type: 'string', arg: 'PATH', description: 'matrix CSV: header of strategy names, one row per period' },
    partitions: { type: 'string', arg: 'S', description: 'even number of blocks S (default config evaluation.cscv_partitions)' },
    out: { type: 'string', arg: 'PATH', description: 'write the per-combination CSV here' },
  },
  run(ctx) {
    const { config } = ctx.config();
    const path = requireString(ctx, 'input', 'a matrix CSV path');
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch { throw new UserInputError('--input', 'expected a readable file', path); }
    const table = parseMatrixCsv(text, path);
    const S = getNumber(ctx, 'partitions', { min: 2, integer: true }) ?? config.evaluation.cscv_partitions;
    const T = table.rows, N = table.names.length;
    const m = new Float64Array(T * N);
    for (let j = 0; j < N; j++) { const c = table.columns[j]; for (let t = 0; t < T; t++) m[t * N + j] = c[t]; }
    const r = cscvPbo(m, T, N, { partitions: S });
    // column names come from the user's file: counted in a Map, never used as keys of a plain object
    const counts = new Map<string, number>();
    for (const b of r.bestIs) if (b >= 0) counts.set(table.names[b], (counts.get(table.names[b]) ?? 0) + 1);
    const selected = Object.fromEntries(counts);
    const out = getOutputFile(ctx, 'out');
    if (out) {
      const half = S / 2;
      const rows = ['combo_id,is_blocks,best_is,oos_rank,w_bar,logit,is_sharpe,oos_sharpe'];
      for (let c = 0; c < r.nCombinations; c++) {
        const blocks = Array.from(r.isBlocks.subarray(c * half, (c + 1) * half)).join(' ');
        rows.push(`${c},${blocks},${csvCell(r.bestIs[c] >= 0 ? table.names[r.bestIs[c]] : '')},${r.oosRank[c]},${r.wBar[c]},${r.logits[c]},${r.isSharpe[c]},${r.oosSharpe[c]}`);
      }
      writeFileAtomic(out, `${rows.join('\n')}\n`);
      ctx.log(`wrote ${r.nCombinations} combinations to ${out}`);
    }
    const json = {
      pbo: r.pbo, prob_oos_loss: r.probOosLoss, n_combinations: r.nCombinations, partitions: r.partitions,
      rows_used: r.rowsUsed, block_size: r.blockSize, n_strategies: N, logit: r.logit, degradation: r.degradation, selected,
    };
    const text2 = [
      `PBO ${(100 * r.pbo).toFixed(1)}% over ${r.nCombinations} combinations (S = ${S}, ${r.rowsUsed} rows × ${N} strategies)`,
      `P(OOS loss) ${(100 * r.probOosLoss).toFixed(1)}%, logit mean ${r.logit.mean.toFixed(3)}, median ${r.logit.median.toFixed(3)}`,
      `degradation: OOS = ${r.degradation.intercept.toFixed(4)} + ${r.degradation.slope.toFixed(4)}·IS (r = ${r.degradation.r.toFixed(3)})`,
    ].join('\n');
    return { json, text: text2 };
  },
};

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
