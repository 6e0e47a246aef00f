import { UserInputError } from '../util/errors.ts';

/**
 * parseSideCsv(text, barTs, source) – a side per bar for meta-labelling from a CSV with a header:
 * `ts,side` (ts epoch ms, must equal the bars' ts row by row) or a single `side` column (one row per
 * bar). side ∈ {−1, 0, 1} (0 = no position). Anything that does not line up with the bars is a
 * UserInputError naming `source:line`.
 */
export function parseSideCsv(text: string, barTs: Float64Array, source: string): Int8Array {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new UserInputError(source, 'expected a CSV with a header `ts,side` or `side`', 'an empty file');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const sideCol = header.indexOf('side');
  const tsCol = header.findIndex((h) => h === 'ts' || h === 'timestamp' || h === 't0');
  if (sideCol < 0) throw new UserInputError(`${source}:1`, 'expected a header with a `side` column', lines[0]);
  const n = barTs.length;
  if (lines.length - 1 !== n) throw new UserInputError(source, `expected one side per bar (${n} rows)`, lines.length - 1, 'the side file does not line up with the bars');
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    const raw = (cells[sideCol] ?? '').trim();
    const v = Number(raw);
    if (raw === '' || !(v === -1 || v === 0 || v === 1)) throw new UserInputError(`${source}:${i + 2}`, 'side: expected -1, 0 or 1', raw);
    if (tsCol >= 0) {
      const t = Number((cells[tsCol] ?? '').trim());
      if (t !== barTs[i]) throw new UserInputError(`${source}:${i + 2}`, `ts: expected ${barTs[i]} (bar ${i + 1} of the input) so the side lines up with the bars`, (cells[tsCol] ?? '').trim());
    }
    out[i] = v;
  }
  return out;
}
