import type { LabelSet } from './types.ts';

const BARRIER = ['sl', 'vb', 'pt'] as const;

/**
 * labelsToCsv(sets) – `horizon,t0,t1,t0_idx,t1_idx,barrier,ret,label,trgt` (+ `side,meta` when the sets
 * carry a side), rows grouped by horizon in the given order, then by t0. t0/t1 epoch ms, barrier pt|sl|vb.
 */
export function labelsToCsv(sets: LabelSet[]): string {
  const withSide = sets.some((s) => s.side);
  const lines: string[] = [`horizon,t0,t1,t0_idx,t1_idx,barrier,ret,label,trgt${withSide ? ',side,meta' : ''}`];
  for (const s of sets) {
    for (let i = 0; i < s.t0Idx.length; i++) {
      let line = `${s.horizon},${s.t0[i]},${s.t1[i]},${s.t0Idx[i]},${s.t1Idx[i]},${BARRIER[s.barrier[i] + 1]},${s.ret[i]},${s.label[i]},${s.trgt[i]}`;
      if (withSide) line += `,${s.side ? s.side[i] : ''},${s.meta ? s.meta[i] : ''}`;
      lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
