/**
 * Paper: sessions trading a finished run's frozen model forward on a replayed or live feed, through the
 * backtest's own engine (no order ever leaves the server). The list starts a session (the run report's
 * "Paper trade" button opens it with the run filled in); a session shows positions, orders and fills as
 * they happen, live equity and drawdown, TCA so far, risk halts and feed health, with pause / resume / stop.
 * Live: the session's SSE events (paper.onEvent) trigger a refetch. A live session's feed health shows the bar feed,
 * each symbol's order-book and trade streams (last message, lag, chain breaks / reconnects, trades per minute) and
 * whether every closed bar agrees with the trades seen in its interval (mismatching bars listed and flagged).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Chart, EmptyState, ErrorState, Loading, MetricCard, Section, SortableTable, StatusBadge, fmtDateTime, fmtMoney, fmtMs, fmtNumber, fmtPct } from '@skippy/ui';
import type { RouterOutputs } from '@skippy/server/router';
import { errorMessage, trpc } from '../trpc.ts';

export type PaperSessionView = RouterOutputs['paper']['get'];
type View = PaperSessionView;
type Row = RouterOutputs['paper']['list'][number];

export function PaperPage() {
  const { id } = useParams();
  return id ? <SessionPage id={id} /> : <PaperListPage />;
}

function PaperListPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [runId, setRunId] = useState(params.get('run') ?? '');
  const [feed, setFeed] = useState<'replay' | 'live'>('replay');
  const [speed, setSpeed] = useState('100');
  const list = useQuery({ ...trpc.paper.list.queryOptions(), refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 2000 : false) });
  const start = useMutation(trpc.paper.start.mutationOptions({ onSuccess: (v) => navigate(`/paper/${encodeURIComponent(v.id)}`) }));
  const submit = (e: FormEvent) => { e.preventDefault(); start.mutate({ runId: runId.trim(), feed, speed: speed === 'max' ? 'max' : Number(speed) }); };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Paper trading</h1>
          <p className="page-sub">A finished run&apos;s frozen model (its last walk-forward window: weights, calibration, sizing) trades forward one closed bar at a time through the backtest&apos;s own simulator and risk engine. Nothing is retrained and no order reaches an exchange.</p>
        </div>
      </div>
      <form className="sk-card row" onSubmit={submit} aria-label="Start a paper session" style={{ alignItems: 'flex-end', gap: 12, flexWrap: 'wrap' }}>
        <label className="field">Run id<input name="runId" value={runId} onChange={(e) => setRunId(e.target.value)} placeholder="r…" required /></label>
        <label className="field">Feed<select name="feed" value={feed} onChange={(e) => setFeed(e.target.value as 'replay' | 'live')}><option value="replay">Replay the run&apos;s bars</option><option value="live">Live exchange (public websocket: bars, books, trades)</option></select></label>
        {feed === 'replay' && <label className="field">Speed<select name="speed" value={speed} onChange={(e) => setSpeed(e.target.value)}>{['1', '10', '100', '1000', 'max'].map((s) => <option key={s} value={s}>{s === 'max' ? 'as fast as possible' : `${s}×`}</option>)}</select></label>}
        <button type="submit" className="sk-btn sk-btn-primary" disabled={start.isPending || !runId.trim()}>Start paper session</button>
      </form>
      {start.error && <ErrorState title="Could not start the session" message={errorMessage(start.error)} />}
      {list.isPending ? <Loading>Loading sessions…</Loading> : list.error ? <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
        <EmptyState title="No paper sessions yet">Open a finished run and press <b>Paper trade</b>, or enter its id above.</EmptyState>
      ) : (
        <section className="sk-card">
          <SortableTable<Row> caption="Paper sessions" rows={list.data} rowKey={(r) => r.id} testId="paper-sessions" initialSort={{ key: 'created', dir: 'desc' }} columns={[
            { key: 'id', label: 'Session', render: (r) => <Link to={`/paper/${encodeURIComponent(r.id)}`}>{r.id}</Link>, sortValue: (r) => r.id },
            { key: 'run', label: 'Run', render: (r) => <Link to={`/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</Link>, sortValue: (r) => r.runId },
            { key: 'feed', label: 'Feed', render: (r) => `${r.feed}${r.feed === 'replay' ? ` ${r.speed === 0 ? 'max' : `${r.speed}×`}` : ''}` },
            { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} />, sortValue: (r) => r.status },
            { key: 'created', label: 'Started', render: (r) => fmtDateTime(r.createdAt), sortValue: (r) => r.createdAt },
            { key: 'updated', label: 'Last update', render: (r) => fmtDateTime(r.updatedAt), sortValue: (r) => r.updatedAt },
          ]} />
        </section>
      )}
    </div>
  );
}

function SessionPage({ id }: { id: string }) {
  const qc = useQueryClient();
  const q = useQuery({ ...trpc.paper.get.queryOptions({ id }), refetchInterval: (x) => (x.state.data?.status === 'running' ? 1000 : false) });
  const refresh = () => qc.invalidateQueries(trpc.paper.get.queryFilter({ id }));
  useSubscription(trpc.paper.onEvent.subscriptionOptions({ id }, { enabled: q.data?.status === 'running', onData: (e) => { if (e.kind !== 'step') void refresh(); } }));
  const pause = useMutation(trpc.paper.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.paper.resume.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.paper.stop.mutationOptions({ onSuccess: refresh }));
  const error = pause.error ?? resume.error ?? stop.error;
  if (q.isPending) return <div className="page"><Loading>Loading paper session {id}…</Loading></div>;
  if (q.error) return <div className="page"><p><Link to="/paper">← All paper sessions</Link></p><ErrorState title="Could not open this paper session" message={errorMessage(q.error)} onRetry={() => void q.refetch()} /></div>;
  const v = q.data;
  return (
    <div className="page">
      <p style={{ margin: 0 }}><Link to="/paper">← All paper sessions</Link></p>
      <div className="page-head">
        <div>
          <div className="row"><h1>Paper session</h1><StatusBadge status={v.status} testId="paper-status" /></div>
          <p className="page-sub">Session <code>{v.id}</code> · run <Link to={`/runs/${encodeURIComponent(v.runId)}`}>{v.runId}</Link> · config <code>{v.configHash.slice(0, 12)}</code> · {v.symbols.join(', ')} {v.interval} · {v.feed} feed{v.feed === 'replay' ? ` at ${v.speed === 'max' ? 'max speed' : `${v.speed}×`}` : ''}</p>
        </div>
        <div className="row">
          {v.status === 'running' && <button type="button" className="sk-btn" onClick={() => pause.mutate({ id })} disabled={pause.isPending}>Pause</button>}
          {v.status === 'paused' && <button type="button" className="sk-btn sk-btn-primary" onClick={() => resume.mutate({ id })} disabled={resume.isPending}>Resume</button>}
          {(v.status === 'running' || v.status === 'paused') && <button type="button" className="sk-btn sk-btn-danger" onClick={() => stop.mutate({ id })} disabled={stop.isPending}>Stop</button>}
        </div>
      </div>
      {error && <ErrorState message={errorMessage(error)} />}
      {v.status === 'failed' && <ErrorState title="The session failed" message={v.error ?? 'No error message was stored.'} />}
      <PaperSessionBody v={v} />
    </div>
  );
}

/** PaperSessionBody(v) – every section of one session (headline, equity, positions, feed health, fills, orders, TCA, halts). */
export function PaperSessionBody({ v }: { v: View }) {
  return (
    <>
      <Headline v={v} />
      <EquitySection v={v} />
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <PositionsSection v={v} />
        <HealthSection v={v} />
      </div>
      <FillsSection v={v} />
      <OrdersSection v={v} />
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <TcaSection v={v} />
        <HaltsSection v={v} />
      </div>
    </>
  );
}

/** The headline's cards are wider than the default grid's (128 px): an equity such as $1,000,012.34 fits whole. */
const HEADLINE_COLUMNS = { gridTemplateColumns: 'repeat(auto-fill, minmax(172px, 1fr))' } as const;

function Headline({ v }: { v: View }) {
  const s = v.summary, tc = v.health.tradeChecks;
  const dd = v.equity.drawdown.length ? v.equity.drawdown[v.equity.drawdown.length - 1] : 0;
  return (
    <dl className="sk-metric-grid" style={HEADLINE_COLUMNS} aria-label="Session headline">
      <MetricCard label="Equity" value={fmtMoney(s.equity, 2)} hint={`from ${fmtMoney(s.initialCash)}`} tone={s.equity >= s.initialCash ? 'good' : 'bad'} testId="paper-equity" title={fmtMoney(s.equity, 2)} />
      <MetricCard label="Return" value={fmtPct(s.totalReturn)} />
      <MetricCard label="Drawdown now" value={fmtPct(dd)} hint={`max ${fmtPct(s.maxDrawdown)}`} />
      <MetricCard label="Bars" value={fmtNumber(s.bars, 0)} hint={s.lastTs ? `last ${fmtDateTime(s.lastTs)}` : 'none yet'} testId="paper-bars" />
      <MetricCard label="Fills / trades" value={`${s.fills} / ${s.trades}`} testId="paper-fills" />
      <MetricCard label="Fees + slippage" value={fmtMoney(s.fees + s.slippage, 2)} hint={`funding ${fmtMoney(s.funding, 2)}`} />
      <MetricCard label="Risk halts" value={String(s.halts.length)} tone={s.halts.length ? 'warn' : 'neutral'} />
      {v.health.parity && <MetricCard label="Fill mismatches vs backtest" value={String(v.health.parity.fillMismatches)} tone={v.health.parity.fillMismatches === 0 ? 'good' : 'bad'} hint="the same bars re-run as one backtest" testId="paper-parity" />}
      {tc && <MetricCard label="Bars vs trades" value={tc.mismatches === 0 ? 'agree' : `${tc.mismatches} differ`} tone={tc.mismatches === 0 ? (tc.ok > 0 ? 'good' : 'neutral') : 'bad'} hint={`${tc.ok} checked bars agree, ${tc.incomplete} incomplete`} testId="paper-trade-check" />}
    </dl>
  );
}

function EquitySection({ v }: { v: View }) {
  const ts = v.equity.ts;
  const option = {
    animation: false, grid: [{ left: 64, right: 16, top: 16, height: 170 }, { left: 64, right: 16, top: 210, height: 70 }],
    tooltip: { trigger: 'axis' }, axisPointer: { link: [{ xAxisIndex: 'all' }] },
    xAxis: [{ type: 'time', gridIndex: 0, axisLabel: { show: false } }, { type: 'time', gridIndex: 1 }],
    yAxis: [{ type: 'value', gridIndex: 0, scale: true, name: 'equity' }, { type: 'value', gridIndex: 1, name: 'drawdown', inverse: true, splitNumber: 2, axisLabel: { formatter: (x: number) => `${(x * 100).toFixed(3)}%` } }],
    series: [
      { name: 'Equity', type: 'line', showSymbol: false, xAxisIndex: 0, yAxisIndex: 0, data: ts.map((t, k) => [t, v.equity.equity[k]]) },
      { name: 'Drawdown', type: 'line', showSymbol: false, xAxisIndex: 1, yAxisIndex: 1, areaStyle: {}, data: ts.map((t, k) => [t, v.equity.drawdown[k]]) },
    ],
  };
  return (
    <Section title="Equity and drawdown" id="paper-equity-chart" description="Marked at every bar's close; drawdown from the running peak.">
      {ts.length === 0 ? <EmptyState title="No bars yet">The first bar appears once the feed delivers it.</EmptyState> : <Chart option={option} ariaLabel={`Paper equity over ${ts.length} bars and its drawdown`} height={300} notMerge testId="paper-equity-chart" />}
    </Section>
  );
}

function PositionsSection({ v }: { v: View }) {
  const rows = Object.entries(v.summary.positions).map(([symbol, qty]) => ({ symbol, qty }));
  return (
    <Section title="Positions" id="paper-positions">
      <SortableTable caption={v.summary.lastTs ? `After the bar of ${fmtDateTime(v.summary.lastTs)}` : 'Before the first bar'} rows={rows} rowKey={(r) => r.symbol} testId="paper-positions" columns={[
        { key: 'symbol', label: 'Symbol', render: (r) => r.symbol },
        { key: 'qty', label: 'Quantity', align: 'right', render: (r) => fmtNumber(r.qty, 6), sortValue: (r) => r.qty },
        { key: 'side', label: 'Side', render: (r) => (r.qty > 0 ? 'long' : r.qty < 0 ? 'short' : 'flat') },
      ]} />
    </Section>
  );
}

function HealthSection({ v }: { v: View }) {
  const h = v.health;
  const ws = Boolean(h.books || h.trades);
  const desc = v.feed === 'replay' ? 'Stored bars of the run, replayed.'
    : ws ? 'Closed klines, order books and trades from the exchange\u2019s public websocket (REST back-fills; no credentials).' : 'Closed bars polled from the exchange\u2019s public API (no credentials).';
  return (
    <Section title="Feed health" id="paper-feed" description={desc}>
      <dl className="kv" data-testid="paper-feed-health">
        <dt>Last message</dt><dd>{h.lastMessageAt ? fmtDateTime(h.lastMessageAt) : '—'}</dd>
        <dt>Lag</dt><dd>{h.lagMs === null ? '—' : fmtMs(h.lagMs)}</dd>
        <dt>Gaps</dt><dd>{h.gaps}</dd>
        <dt>Reconnects / errors</dt><dd>{h.reconnects} / {h.errors}</dd>
        <dt>Back-fills</dt><dd>{h.backfills}</dd>
        <dt>Last event</dt><dd>{h.lastEvent ?? '—'}</dd>
        {h.parity && <><dt>Parity with the backtest</dt><dd>{h.parity.fillMismatches === 0 ? 'every fill agrees' : `${h.parity.fillMismatches} fills differ`}; equity {fmtMoney(h.parity.paperEquity, 2)} vs {fmtMoney(h.parity.backtestEquity, 2)}{h.parity.flags.length ? ` (${h.parity.flags.join('; ')})` : ''}</dd></>}
      </dl>
      {ws && <p className="muted" style={{ fontSize: 12, margin: '8px 0' }}>Streams since the feed last (re)started; lag = now − the exchange time of the last message.</p>}
      {h.books && (
        <SortableTable caption="Order-book streams" rows={h.books} rowKey={(r) => r.symbol} testId="paper-book-health" columns={[
          { key: 'symbol', label: 'Symbol', render: (r) => r.symbol },
          { key: 'states', label: 'Updates', align: 'right', render: (r) => fmtNumber(r.states, 0), sortValue: (r) => r.states },
          { key: 'last', label: 'Last update', render: (r) => (r.lastTs === null ? '—' : fmtDateTime(r.lastTs)) },
          { key: 'lag', label: 'Lag', align: 'right', render: (r) => fmtMs(r.lagMs) },
          { key: 'breaks', label: 'Chain breaks / reconnects', align: 'right', render: (r) => `${r.chainBreaks} / ${r.reconnects}` },
        ]} />
      )}
      {h.trades && (
        <SortableTable caption="Trade streams" rows={h.trades} rowKey={(r) => r.symbol} testId="paper-trade-health" columns={[
          { key: 'symbol', label: 'Symbol', render: (r) => r.symbol },
          { key: 'received', label: 'Trades', align: 'right', render: (r) => fmtNumber(r.received, 0), sortValue: (r) => r.received },
          { key: 'rate', label: 'Per minute', align: 'right', render: (r) => fmtNumber(r.perMinute, 0), sortValue: (r) => r.perMinute },
          { key: 'last', label: 'Last trade', render: (r) => (r.lastTradeTs === null ? '—' : fmtDateTime(r.lastTradeTs)) },
          { key: 'lag', label: 'Lag', align: 'right', render: (r) => fmtMs(r.lagMs) },
          { key: 'missing', label: 'Ids missing / repeated', align: 'right', render: (r) => `${r.missingIds} / ${r.duplicates}` },
          { key: 'backfill', label: 'Back-filled / requests', align: 'right', render: (r) => `${fmtNumber(r.backfilled, 0)} / ${fmtNumber(r.backfillRequests, 0)}`, sortValue: (r) => r.backfilled },
        ]} />
      )}
      {h.tradeChecks && <TradeChecks tc={h.tradeChecks} />}
    </Section>
  );
}

/** Closed bars against the trades of their interval: the counts, and each mismatching bar with what differs. */
function TradeChecks({ tc }: { tc: NonNullable<View['health']['tradeChecks']> }) {
  return (
    <div data-testid="paper-trade-checks" style={{ marginTop: 8 }}>
      <p style={{ margin: '4px 0' }}>
        <b>Bars vs trades:</b> {tc.ok} agree, <span style={tc.mismatches ? { color: 'var(--bad)', fontWeight: 600 } : undefined}>{tc.mismatches} differ</span>, {tc.incomplete} incomplete (neither the stream nor the REST back-fill covered the whole bar: the first bars, a back-fill that gave up or a gap still open at the bar's settle time).
        {' '}Open, high, low, close = the first, highest, lowest, last trade; volume = their sum; trade ids consecutive.
      </p>
      {tc.error && <p role="alert" style={{ color: 'var(--warn)', margin: '4px 0' }}>Trade stream stopped: {tc.error}</p>}
      {tc.recent.length > 0 && (
        <ul role="alert" aria-label="Bars that disagree with their trades" style={{ color: 'var(--bad)', margin: '4px 0', paddingLeft: 18 }}>
          {tc.recent.slice().reverse().map((c) => <li key={`${c.symbol}-${c.ts}`}>{`${c.symbol} bar of ${fmtDateTime(c.ts)}: ${c.reasons.join('; ')}`}</li>)}
        </ul>
      )}
    </div>
  );
}

function FillsSection({ v }: { v: View }) {
  return (
    <Section title="Fills" id="paper-fills" description="Every fill as it happens (newest first; the last 500).">
      <SortableTable caption={`${fmtNumber(v.summary.fills, 0)} fills in all, ${fmtNumber(v.fills.length, 0)} listed`} rows={v.fills} rowKey={(f, k) => `${f.orderId}-${k}`} pageSize={20} testId="paper-fills-table" initialSort={{ key: 'ts', dir: 'desc' }} emptyText="No fills yet." columns={[
        { key: 'ts', label: 'Time', render: (f) => fmtDateTime(f.ts), sortValue: (f) => f.ts },
        { key: 'symbol', label: 'Symbol', render: (f) => f.symbol },
        { key: 'side', label: 'Side', render: (f) => (f.side > 0 ? 'buy' : 'sell') },
        { key: 'qty', label: 'Quantity', align: 'right', render: (f) => fmtNumber(f.qty, 6), sortValue: (f) => f.qty },
        { key: 'price', label: 'Price', align: 'right', render: (f) => fmtNumber(f.price, 4), sortValue: (f) => f.price },
        { key: 'fee', label: 'Fee', align: 'right', render: (f) => fmtMoney(f.fee, 4), sortValue: (f) => f.fee },
        { key: 'slip', label: 'Slippage', align: 'right', render: (f) => fmtMoney(f.slippage, 4), sortValue: (f) => f.slippage },
      ]} />
    </Section>
  );
}

function OrdersSection({ v }: { v: View }) {
  return (
    <Section title="Orders" id="paper-orders" description="Orders decided at a bar's close, filled from the next bar's open plus latency.">
      <SortableTable caption={`${fmtNumber(v.summary.orders, 0)} orders in all, ${fmtNumber(v.orders.length, 0)} listed`} rows={v.orders} rowKey={(o) => String(o.id)} pageSize={20} testId="paper-orders-table" initialSort={{ key: 'id', dir: 'desc' }} emptyText="No orders yet." columns={[
        { key: 'id', label: '#', align: 'right', render: (o) => o.id, sortValue: (o) => o.id },
        { key: 'ts', label: 'Decided', render: (o) => fmtDateTime(o.decisionTs), sortValue: (o) => o.decisionTs },
        { key: 'symbol', label: 'Symbol', render: (o) => o.symbol },
        { key: 'kind', label: 'Kind', render: (o) => `${o.kind} ${o.side > 0 ? 'buy' : 'sell'}` },
        { key: 'qty', label: 'Qty (filled)', align: 'right', render: (o) => `${fmtNumber(o.qty, 6)} (${fmtNumber(o.filledQty, 6)})` },
        { key: 'status', label: 'Status', render: (o) => o.status },
        { key: 'lat', label: 'Latency', align: 'right', render: (o) => fmtMs(o.latencyMs), sortValue: (o) => o.latencyMs },
      ]} />
    </Section>
  );
}

function TcaSection({ v }: { v: View }) {
  const t = v.tca;
  return (
    <Section title="Transaction costs so far" id="paper-tca" description="The backtest's TCA over the session's orders.">
      <dl className="kv" data-testid="paper-tca">
        <dt>Orders</dt><dd>{t.orders ?? '—'}</dd>
        <dt>Filled notional</dt><dd>{fmtMoney(t.filledNotional, 2)}</dd>
        <dt>Slippage</dt><dd>{t.slippageBp === null ? '—' : `${fmtNumber(t.slippageBp, 2)} bp`}</dd>
        <dt>Implementation shortfall</dt><dd>{t.shortfallBp === null ? '—' : `${fmtNumber(t.shortfallBp, 2)} bp`}</dd>
        <dt>Fees</dt><dd>{fmtMoney(t.fees, 4)}</dd>
        <dt>Fill rate</dt><dd>{fmtPct(t.fillRate)}</dd>
        <dt>Mean latency</dt><dd>{fmtMs(t.meanLatencyMs)}</dd>
      </dl>
    </Section>
  );
}

function HaltsSection({ v }: { v: View }) {
  return (
    <Section title="Risk halts" id="paper-halts" description="Daily loss limit and consecutive-loss pauses, as in the backtest.">
      {v.halts.length === 0 ? <p className="muted">No halts.</p> : (
        <ul data-testid="paper-halts">{v.halts.map((h, k) => <li key={k}>{fmtDateTime(h.ts)} → {fmtDateTime(h.until)}: <b>{h.reason}</b> — {h.detail}</li>)}</ul>
      )}
    </Section>
  );
}
