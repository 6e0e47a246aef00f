import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, Loading, Section, fmtDateTime } from '@skippy/ui';
import { errorMessage, trpc } from '../trpc.ts';

const f2 = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : '–');
const pct = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : '–');
const day = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Strategy benchmark versions (`skippy-train bench:run --days N --version V`): the config evaluated on the
 * most recent N days of a data snapshot, side by side, with the run-to-run noise measured over seeds and
 * whether each version's difference from the previous one is larger than that noise.
 */
export function StrategyBenchmarks() {
  const q = useQuery(trpc.reports.strategyBenchmarks.queryOptions());
  const versions = q.data ?? [];
  return (
    <Section id="cmp-strategy" title="Strategy benchmark versions" testId="compare-strategy"
      description="Each version is the config evaluated out of sample on the most recent days of one data snapshot (identified by its content hash), with the config hash and the code commit, so re-running it on the same snapshot reproduces it. A difference counts only when it is larger than the run-to-run noise measured over seeds.">
      {q.isPending ? <Loading>Loading strategy benchmarks…</Loading> : q.error ? <ErrorState message={errorMessage(q.error)} /> : versions.length === 0 ? (
        <EmptyState title="No strategy benchmark stored">Record one with <code>npx skippy-train bench:run --days 7 --version 1.1 --seeds 3</code>.</EmptyState>
      ) : (
        <div className="sk-table-wrap">
          <table className="sk-table">
            <caption>Out-of-sample figures per version (newest last)</caption>
            <thead><tr>
              <th scope="col">Version</th><th scope="col">Window (UTC)</th><th scope="col" className="num">Sharpe</th><th scope="col" className="num">Noise (σ over seeds)</th>
              <th scope="col" className="num">Return</th><th scope="col" className="num">Max DD</th><th scope="col" className="num">Trades</th><th scope="col">Verdict</th>
              <th scope="col">Versus the previous version</th><th scope="col">Identity</th>
            </tr></thead>
            <tbody>
              {[...versions].sort((a, b) => a.createdAt - b.createdAt).map((v) => {
                const r = v.record, m = r.metrics;
                const c = r.comparison;
                return (
                  <tr key={v.version}>
                    <th scope="row"><b>{v.version}</b><div className="unit">{fmtDateTime(v.createdAt)}</div></th>
                    <td>{day(r.window.start)} → {day(r.window.end)}<div className="unit">last {r.days} day(s), {r.window.oos_bars.toLocaleString('en-US')} bars</div></td>
                    <td className="num">{f2(m.sharpe)}</td>
                    <td className="num">{r.noise.sharpe_std === null ? <span className="unit">not measured</span> : `±${f2(r.noise.sharpe_std)} (${r.noise.seeds} seeds)`}</td>
                    <td className="num">{pct(m.totalReturn)}</td>
                    <td className="num">{pct(m.maxDrawdown)}</td>
                    <td className="num">{typeof m.trades === 'number' ? m.trades : '–'}</td>
                    <td>{r.verdict}</td>
                    <td>{c ? <span className={c.exceeds_noise === true ? ((c.sharpe_delta ?? 0) > 0 ? 'pos' : 'neg') : ''}>{c.statement}</span> : <span className="unit">first version</span>}</td>
                    <td><span className="unit">data <code>{r.data.hash.slice(0, 10)}</code> · config <code>{r.config_hash.slice(0, 10)}</code> · code <code>{r.code.commit ? r.code.commit.slice(0, 10) : 'n/a'}</code>{r.code.dirty ? ' (uncommitted changes)' : ''}{r.reproduced ? ' · reproduced exactly' : ''}</span></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
