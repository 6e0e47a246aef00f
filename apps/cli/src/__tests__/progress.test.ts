import { afterEach, describe, expect, it } from 'vitest';
import { makeContext } from '../framework.ts';
import { statsCommand } from '../commands/stats.ts';

const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
const cols = Object.getOwnPropertyDescriptor(process.stderr, 'columns');
afterEach(() => {
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty); else delete (process.stderr as { isTTY?: boolean }).isTTY;
  if (cols) Object.defineProperty(process.stderr, 'columns', cols); else delete (process.stderr as { columns?: number }).columns;
});

/** The bar's writes to stderr while `f` runs, on a pretend terminal `columns` wide. */
function drawn(columns: number, f: (p: ReturnType<ReturnType<typeof makeContext>['progress']>) => void): string[] {
  Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
  Object.defineProperty(process.stderr, 'columns', { value: columns, configurable: true });
  const ctx = makeContext(statsCommand, {}, []);
  const out: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((c: string) => { out.push(String(c)); return true; }) as typeof process.stderr.write;
  try { f(ctx.progress('run', 100)); } finally { process.stderr.write = write; }
  return out;
}

describe('ctx.progress(label, total).update(done, detail)', () => {
  it('redraws when only the detail changes (a long stage shows which fold it is on) and clears the rest of the line', () => {
    const w = drawn(200, (p) => { p.update(24, 'cv: cv started'); p.update(24, 'cv: cv started'); p.update(24, 'cv: fold 1/5 (model scoring)'); p.update(27, 'cv: fold 1/5 (model scoring)'); p.finish(); });
    expect(w).toEqual([
      `\rrun [${'#'.repeat(7)}${'.'.repeat(23)}] 24% cv: cv started\x1b[K`,
      `\rrun [${'#'.repeat(7)}${'.'.repeat(23)}] 24% cv: fold 1/5 (model scoring)\x1b[K`,
      `\rrun [${'#'.repeat(8)}${'.'.repeat(22)}] 27% cv: fold 1/5 (model scoring)\x1b[K`,
      '\n',
    ]);
  });
  it('cuts the line to the terminal width so it never wraps', () => {
    const [line] = drawn(50, (p) => p.update(50, 'walkforward: walk-forward window 3/12 training a long model'));
    expect(line.replace('\r', '').replace('\x1b[K', '').length).toBe(49);
    expect(line).toContain('…');
  });
});
