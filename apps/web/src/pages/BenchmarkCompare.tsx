import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, Loading, Section, fmtDateTime, fmtNumber } from '@skippy/ui';
import { errorMessage, trpc } from '../trpc.ts';

/** Benchmark versions (`skippy-train bench` results stored by the server) side by side: median ms per kernel, change vs the first version. */
export function BenchmarkCompare() {
  const q = useQuery(trpc.reports.benchmarks.queryOptions());
  const [picked, setPicked] = useState<string[]>([]);
  const versions = q.data ?? [];
  const chosen = useMemo(() => (picked.length ? versions.filter((v) => picked.includes(v.version)) : versions.slice(0, 3)), [versions, picked]);
  const names = useMemo(() => [...new Set(chosen.flatMap((v) => v.results.map((r) => r.name)))].sort(), [chosen]);
  const toggle = (v: string) => setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : [...p, v]));

  return (
    <Section id="cmp-bench" title="Benchmark versions" testId="compare-bench"
      description="Kernel timings recorded by `skippy-train bench` for each benchmark version: median milliseconds, and the change against the first version shown (negative = faster).">
      {q.isPending ? <Loading>Loading benchmark versions…</Loading> : q.error ? <ErrorState message={errorMessage(q.error)} /> : versions.length === 0 ? (
        <EmptyState title="No benchmark versions stored">Record one with <code>npx skippy-train bench --record --version v1</code> (from the repository root; it writes to the workbench database).</EmptyState>
      ) : (
        <>
          <div className="compare-pick" role="group" aria-label="Benchmark versions">
            {versions.map((v) => (
              <label key={`${v.version}-${v.createdAt}`}>
                <input type="checkbox" checked={chosen.includes(v)} onChange={() => toggle(v.version)} aria-label={`Benchmark version ${v.version}`} />
                <span><b>{v.version}</b> <span className="unit">{fmtDateTime(v.createdAt)}</span></span>
              </label>
            ))}
          </div>
          <div className="sk-table-wrap">
            <table className="sk-table">
              <caption>Median time per kernel</caption>
              <thead><tr><th scope="col">Kernel</th><th scope="col" className="num">Target</th>{chosen.map((v) => <th key={v.version} scope="col" className="num">{v.version}</th>)}</tr></thead>
              <tbody>
                {names.map((name) => {
                  const cells = chosen.map((v) => v.results.find((r) => r.name === name));
                  const base = cells[0]?.median_ms;
                  const target = cells.find((c) => c?.targetMs)?.targetMs;
                  return (
                    <tr key={name}>
                      <th scope="row"><code>{name}</code></th>
                      <td className="num">{target ? `< ${fmtNumber(target, 0)} ms` : '–'}</td>
                      {cells.map((c, i) => {
                        const d = c && base ? c.median_ms / base - 1 : null;
                        return (
                          <td key={i} className={`num${target && c && c.median_ms > target ? ' neg' : ''}`}>
                            {c ? `${fmtNumber(c.median_ms, c.median_ms < 10 ? 2 : 1)} ms` : '–'}
                            {i > 0 && d !== null && <div className={`unit ${d < 0 ? 'pos' : d > 0 ? 'neg' : ''}`}>{d > 0 ? '+' : d < 0 ? '−' : '±'}{Math.abs(d * 100).toFixed(1)}%</div>}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}
