import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorState, fmtDateTime, fmtInt } from '@skippy/ui';
import { errorMessage, trpc } from '../trpc.ts';
import type { CcxtAnswer } from './types.ts';

const EXCHANGES = ['binance', 'bybit', 'okx', 'kraken', 'coinbase'] as const;
const INTERVALS = ['1m', '5m', '15m', '1h'] as const;
/** The server's cap on OHLCV calls per browser-started fetch. */
const MAX_CALLS = 500;

/**
 * An exchange through ccxt, cost first: the budget preview (how many requests, how many bars, which ranges are
 * missing from this exchange's own dataset) before anything is downloaded; then the fetch, capped at the previewed calls.
 */
/** `onStored(answer)`: after a fetch (the page refreshes its list and shows the QC of what was stored). */
export function CcxtPanel({ onStored }: { onStored: (answer: CcxtAnswer) => void }) {
  const qc = useQueryClient();
  const [exchange, setExchange] = useState<(typeof EXCHANGES)[number]>('binance');
  const [symbols, setSymbols] = useState('BTC');
  const [iv, setIv] = useState<(typeof INTERVALS)[number]>('1h');
  const [days, setDays] = useState(7);
  const [preview, setPreview] = useState<CcxtAnswer | null>(null);
  const input = { exchange, symbols: symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean), intervals: [iv], days };
  const plan = useMutation({
    mutationFn: async () => (await qc.fetchQuery({ ...trpc.datasets.ccxtPreview.queryOptions(input), staleTime: 0 })) as CcxtAnswer,
    onSuccess: setPreview,
  });
  const fetchBars = useMutation(trpc.datasets.ccxtIngest.mutationOptions({ onSuccess: (a) => { setPreview(null); onStored(a as CcxtAnswer); } }));
  const calls = preview?.report.plannedCalls ?? 0;
  const done = fetchBars.data as CcxtAnswer | undefined;
  const error = plan.error ?? fetchBars.error;

  return (
    <div className="data-panel" role="tabpanel" aria-label="Exchange (ccxt)">
      <div className="form-grid data-ccxt-grid">
        <div className="field"><label htmlFor="ccxt-ex">Exchange</label>
          <select id="ccxt-ex" value={exchange} onChange={(e) => { setExchange(e.target.value as typeof exchange); setPreview(null); }}>{EXCHANGES.map((x) => <option key={x}>{x}</option>)}</select></div>
        <div className="field"><label htmlFor="ccxt-sym">Symbols (against USDT)</label>
          <input id="ccxt-sym" value={symbols} onChange={(e) => { setSymbols(e.target.value); setPreview(null); }} placeholder="BTC,ETH" /></div>
        <div className="field"><label htmlFor="ccxt-iv">Interval</label>
          <select id="ccxt-iv" value={iv} onChange={(e) => { setIv(e.target.value as typeof iv); setPreview(null); }}>{INTERVALS.map((x) => <option key={x}>{x}</option>)}</select></div>
        <div className="field"><label htmlFor="ccxt-days">Days back</label>
          <input id="ccxt-days" type="number" min={1} max={3650} value={days} onChange={(e) => { setDays(Number(e.target.value)); setPreview(null); }} /></div>
      </div>
      <div className="row">
        <button type="button" className="sk-btn" disabled={plan.isPending} onClick={() => plan.mutate()}>{plan.isPending ? 'Pricing…' : 'Preview cost'}</button>
        {preview && calls > 0 && (
          <button type="button" className="sk-btn sk-btn-primary" disabled={fetchBars.isPending || calls > MAX_CALLS}
            onClick={() => fetchBars.mutate({ ...input, maxCalls: Math.min(calls, MAX_CALLS) })}>
            {fetchBars.isPending ? 'Fetching…' : `Fetch ${fmtInt(calls)} request${calls === 1 ? '' : 's'}`}
          </button>
        )}
      </div>
      {preview && (
        <div className="data-budget" data-testid="ccxt-budget">
          <p><b>{fmtInt(calls)} request{calls === 1 ? '' : 's'}</b> for <b>{fmtInt(preview.report.items.reduce((s, i) => s + i.missingBars, 0))} missing bars</b> of {fmtDateTime(preview.report.since)} → {fmtDateTime(preview.report.until)}
            {calls > 0 ? ' (+1 market-list request); nothing has been downloaded yet.' : ' — this exchange\'s dataset already holds every bar.'}
            {calls > MAX_CALLS ? ` More than the ${MAX_CALLS} a browser fetch may make: use fewer days, or skippy-train ingest --source ccxt.` : ''}</p>
          <ul className="summary-list">
            {preview.report.items.map((it, k) => {
              const m = preview.missing[k];
              return (
                <li key={`${it.symbol}-${it.interval}`}>{it.market} {it.interval}: {fmtInt(it.missingBars)} bars missing → {fmtInt(it.plannedCalls)} request{it.plannedCalls === 1 ? '' : 's'}
                  {m && m.ranges.length > 0 && <span className="unit"> · missing {m.ranges.slice(0, 3).map(([a, b]) => `${fmtDateTime(a)} → ${fmtDateTime(b)}`).join('; ')}{m.rangeCount > 3 ? ` and ${m.rangeCount - 3} more` : ''}</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {done && <p className="valid-summary">{done.report.source}: {fmtInt(done.report.calls)} request(s), {fmtInt(done.report.items.reduce((s, i) => s + i.added, 0))} new bars stored{done.report.budgetExhausted ? ` — stopped at the budget; ${done.report.skippedCalls} request(s) left` : ''}.</p>}
      {error && <ErrorState title="The exchange request failed" message={errorMessage(error)} />}
    </div>
  );
}
