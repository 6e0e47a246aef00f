import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { QcReport } from '@skippy/core/qc';
import { EmptyState, ErrorState, Loading, fmtDate, fmtInt } from '@skippy/ui';
import { errorMessage, trpc, trpcDirect } from '../trpc.ts';
import { QcFindings } from '../data/QcFindings.tsx';
import { CcxtPanel } from '../data/CcxtPanel.tsx';
import { DUPLICATE_RULE_LABEL, type DuplicateRule, type FileIngestAnswer, type RunTarget } from '../data/types.ts';

/** Largest file the page uploads (the server's bound: datasets.ingest). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
const RUNNABLE = new Set(['1s', '1m', '5m', '15m', '1h']);
type Tab = 'upload' | 'shared' | 'ccxt';

/** The file's bytes as base64 (FileReader: off the main thread's critical path, no giant string concatenation). */
function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => { const s = String(r.result); resolve(s.slice(s.indexOf(',') + 1)); };
    r.onerror = () => reject(new Error(`${file.name}: could not be read`));
    r.readAsDataURL(file);
  });
}

/** The New experiment form, pre-filled to run on one stored dataset (tier 2 off: a bar file carries no order book). */
export function useRunOn() {
  const navigate = useNavigate();
  return (t: RunTarget) => navigate('/', {
    state: { prefill: { data: { source: 'store', dataset: t.dataset, symbols: [t.symbol], bar_interval: t.interval }, features: { microstructure: { enabled: false } } }, prefillLabel: `${t.dataset} · ${t.symbol} ${t.interval}` },
  });
}

/** Data: add market data (a file, a shared dataset, an exchange with its cost first), read its QC findings, run on it. */
export function DataPage() {
  const qc = useQueryClient();
  const runOn = useRunOn();
  const [tab, setTab] = useState<Tab>('upload');
  const [rule, setRule] = useState<DuplicateRule>('precision');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sharedId, setSharedId] = useState<string>('');
  const [result, setResult] = useState<{ title: string; qc: QcReport; stored: FileIngestAnswer['ingest'] | null; target: RunTarget } | null>(null);

  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const shared = useQuery(trpc.datasets.shared.queryOptions());
  const stored = (datasets.data ?? []).filter((d) => d.source === 'store');
  const refresh = () => qc.invalidateQueries(trpc.datasets.list.pathFilter());

  const showIngest = (a: FileIngestAnswer) => {
    setResult({ title: `QC findings · ${a.name}`, qc: a.qc, stored: a.ingest, target: { dataset: a.ingest.dataset, symbol: a.ingest.symbol, interval: a.ingest.interval } });
    void refresh();
  };
  const upload = useMutation({
    mutationFn: async (f: File) => trpcDirect.datasets.ingest.mutate({ kind: 'upload', name: f.name, contentBase64: await fileBase64(f), duplicates: rule }) as Promise<FileIngestAnswer>,
    onSuccess: showIngest,
  });
  const ingestShared = useMutation(trpc.datasets.ingest.mutationOptions({ onSuccess: (a) => showIngest(a as FileIngestAnswer) }));
  const check = useMutation({
    mutationFn: async (t: RunTarget) => ({ t, qc: await qc.fetchQuery(trpc.datasets.qc.queryOptions({ source: 'store', symbol: t.symbol, interval: t.interval as '1m', dataset: t.dataset })) as QcReport }),
    onSuccess: ({ t, qc: report }) => setResult({ title: `QC findings · ${t.dataset} ${t.symbol} ${t.interval}`, qc: report, stored: null, target: t }),
  });

  const pickFile = (f: File | null) => {
    setFile(null); setFileError(null);
    if (!f) return;
    if (f.size > MAX_UPLOAD_BYTES) { setFileError(`${f.name}: ${fmtInt(f.size)} bytes; expected at most 16 MB`); return; }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.(csv|json|jsonl|parquet)(\.gz)?$/i.test(f.name)) { setFileError(`${f.name}: expected a bar file named like BTC_USDT-1h.csv (.csv, .json, .jsonl or .parquet, optionally .gz; letters, digits, . _ -)`); return; }
    setFile(f);
  };
  const busy = upload.isPending || ingestShared.isPending;
  const error = upload.error ?? ingestShared.error ?? check.error;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Data</h1>
          <p className="page-sub">Bring in real market data — a file, a shared dataset or an exchange — see what its quality check finds, then run an experiment on it. Each source is kept as its own dataset.</p>
        </div>
      </div>

      <section className="sk-card data-add" aria-labelledby="add-title">
        <header className="sk-section-header"><div><h2 id="add-title">Add data</h2></div></header>
        <div className="data-tabs" role="tablist" aria-label="Where the data comes from">
          {([['upload', 'Upload a file'], ['shared', 'Shared dataset'], ['ccxt', 'Exchange (ccxt)']] as const).map(([k, label]) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={`data-tab${tab === k ? ' is-active' : ''}`} onClick={() => setTab(k)}>{label}</button>
          ))}
        </div>
        {tab !== 'ccxt' && (
          <div className="field data-rule">
            <label htmlFor="dup-rule">When a bar time appears more than once</label>
            <select id="dup-rule" value={rule} onChange={(e) => setRule(e.target.value as DuplicateRule)}>
              {(Object.keys(DUPLICATE_RULE_LABEL) as DuplicateRule[]).map((r) => <option key={r} value={r}>{DUPLICATE_RULE_LABEL[r]}</option>)}
            </select>
          </div>
        )}
        {tab === 'upload' && (
          <div className="data-panel" role="tabpanel" aria-label="Upload a file">
            <p className="field-help">OHLCV as CSV (exchange exports such as CryptoDataDownload's, with base and quote volume, newest-first rows, mixed epoch units), JSON or Parquet, plain or gzip, up to 16 MB. Symbol and interval come from the name (<code>BTC_USDT-1h.csv</code>) or the file.</p>
            <div className="row">
              <input type="file" aria-label="Bar file to ingest" accept=".csv,.json,.jsonl,.parquet,.gz" data-testid="data-file" onChange={(e) => pickFile(e.target.files?.[0] ?? null)} />
              <button type="button" className="sk-btn sk-btn-primary" disabled={!file || busy} onClick={() => file && upload.mutate(file)}>
                {upload.isPending ? 'Ingesting…' : 'Ingest file'}
              </button>
            </div>
            {fileError && <div className="field-error" role="alert">{fileError}</div>}
          </div>
        )}
        {tab === 'shared' && (
          <div className="data-panel" role="tabpanel" aria-label="Shared dataset">
            {shared.isPending ? <Loading>Looking for shared data…</Loading> : shared.error ? <ErrorState message={errorMessage(shared.error)} /> : shared.data.length === 0 ? (
              <EmptyState title="No shared data folder">Put real market data in <code>../shared/data</code> (or set <code>SKIPPY_SHARED_DATA</code>) and reload.</EmptyState>
            ) : (
              <>
                <div className="field">
                  <label htmlFor="shared-file">Shared file</label>
                  <select id="shared-file" value={sharedId} onChange={(e) => setSharedId(e.target.value)}>
                    <option value="">Choose a file…</option>
                    {shared.data.map((f) => <option key={f.id} value={f.id}>{f.symbol} {f.interval} · {f.file} — {f.title} ({fmtInt(Math.round(f.bytes / 1024))} kB)</option>)}
                  </select>
                </div>
                <div className="row">
                  <button type="button" className="sk-btn sk-btn-primary" disabled={!sharedId || busy} onClick={() => ingestShared.mutate({ kind: 'shared', id: sharedId, duplicates: rule })}>
                    {ingestShared.isPending ? 'Ingesting…' : 'Ingest shared file'}
                  </button>
                </div>
              </>
            )}
          </div>
        )}
        {tab === 'ccxt' && <CcxtPanel onStored={(a) => {
          void refresh();
          // the QC findings of what was fetched (the first series that received bars)
          const it = a.report.items.find((i) => i.added > 0);
          if (it) check.mutate({ dataset: a.report.source, symbol: it.symbol, interval: it.interval });
        }} />}
        {error && <ErrorState title="Could not ingest" message={errorMessage(error)} />}
      </section>

      {result && (
        <>
          <QcFindings qc={result.qc} title={result.title} stored={result.stored} />
          <div className="row data-next">
            {RUNNABLE.has(result.target.interval)
              ? <button type="button" className="sk-btn sk-btn-primary sk-btn-big" onClick={() => runOn(result.target)} data-testid="run-on-dataset">Run on this dataset</button>
              : <span className="unit">Runs take bars of 1s, 1m, 5m, 15m or 1h; this dataset is {result.target.interval}.</span>}
            <span className="unit">Opens New experiment with <code>data.source: store</code>, <code>data.dataset: {result.target.dataset}</code>, {result.target.symbol}, {result.target.interval}.</span>
          </div>
        </>
      )}

      <section className="sk-card" aria-labelledby="stored-title">
        <header className="sk-section-header"><div><h2 id="stored-title">Stored datasets</h2><p className="sk-section-desc">What runs with <code>data.source: store</code> can read.</p></div></header>
        {datasets.isPending ? <Loading>Loading datasets…</Loading> : datasets.error ? <ErrorState message={errorMessage(datasets.error)} /> : stored.length === 0 ? (
          <EmptyState title="Nothing ingested yet">Add a file, a shared dataset or an exchange above.</EmptyState>
        ) : (
          <div className="sk-table-wrap">
            <table className="sk-table" data-testid="stored-datasets">
              <thead><tr><th scope="col">Dataset</th><th scope="col">Symbol</th><th scope="col">Interval</th><th scope="col" className="num">Bars</th><th scope="col">Span (UTC)</th><th scope="col">Actions</th></tr></thead>
              <tbody>
                {stored.map((d) => {
                  const t = { dataset: d.dataset ?? '', symbol: d.symbol, interval: d.interval };
                  return (
                    <tr key={d.id}>
                      <td><code>{d.dataset}</code></td><td>{d.symbol}</td><td>{d.interval}</td><td className="num">{fmtInt(d.rows)}</td>
                      <td>{fmtDate(d.start)} → {fmtDate(d.end)}</td>
                      <td>
                        <div className="row" style={{ flexWrap: 'nowrap' }}>
                          <button type="button" className="sk-btn sk-btn-small" disabled={check.isPending} onClick={() => check.mutate(t)} aria-label={`QC of ${d.dataset} ${d.symbol} ${d.interval}`}>QC</button>
                          {RUNNABLE.has(d.interval) && <button type="button" className="sk-btn sk-btn-small" onClick={() => runOn(t)} aria-label={`Run on ${d.dataset} ${d.symbol} ${d.interval}`}>Run on it</button>}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
