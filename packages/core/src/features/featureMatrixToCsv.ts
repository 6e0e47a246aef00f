import type { FeatureMatrix } from './computeFeatures.ts';

/**
 * featureMatrixToCsv(matrix) – `ts,<names…>` then one line per bar; numbers in JavaScript's shortest
 * round-trip form, NaN as an empty cell.
 */
export function featureMatrixToCsv(matrix: FeatureMatrix): string {
  const { ts, names, columns } = matrix;
  const lines: string[] = new Array(ts.length + 1);
  lines[0] = ['ts', ...names].join(',');
  const k = columns.length;
  for (let i = 0; i < ts.length; i++) {
    let line = String(ts[i]);
    for (let c = 0; c < k; c++) {
      const v = columns[c][i];
      line += v === v ? `,${v}` : ',';
    }
    lines[i + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}
