import { useCallback, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { configToYaml, defaultConfig, parseConfigText, validateConfig, type ExperimentConfig } from '@skippy/core/config';
import { ErrorState, Loading } from '@skippy/ui';
import { ConfigFormContext } from '../form/context.ts';
import { CvSection, DataSection, ExecutionSection, FeaturesSection, LabelsSection, RiskSection, TrainerSection } from '../form/sections.tsx';
import { NumberField, TextInput } from '../form/fields.tsx';
import { describeConfig } from '../lib/describe.ts';
import { buildSearchSpace } from '../form/searchSpace.ts';
import type { SearchEntry } from '../form/searchSpace.ts';
import { StudyPanel } from '../form/studyPanel.tsx';
import { errorMessage, trpc } from '../trpc.ts';

function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const copy: Record<string, unknown> = { ...obj };
  let cur = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur[keys[i]];
    const child = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
    cur[keys[i]] = child;
    cur = child;
  }
  cur[keys[keys.length - 1]] = value;
  return copy;
}

/** New experiment: the whole config as forms, validated live by the shared schema, plus YAML in/out. */
export function NewExperimentPage() {
  const cfgQuery = useQuery(trpc.config.get.queryOptions());
  // "Run on this dataset" (the Data page) opens the form with the data section pointed at a stored dataset
  const prefill = (useLocation().state as { prefill?: Record<string, unknown>; prefillLabel?: string } | null) ?? null;
  if (cfgQuery.isPending) return <div className="page"><Loading>Loading the current configuration…</Loading></div>;
  // When the server cannot be reached the form still works from the schema defaults.
  const base = cfgQuery.data?.config ?? defaultConfig();
  const initial = prefill?.prefill ? mergeDeep(base as unknown as Record<string, unknown>, prefill.prefill) as unknown as ExperimentConfig : base;
  return <ExperimentForm key={prefill?.prefillLabel ?? 'config'} initial={initial} initialHash={cfgQuery.data?.hash ?? null} loadError={cfgQuery.error ? errorMessage(cfgQuery.error) : null} dataNote={prefill?.prefillLabel ?? null} />;
}

/** mergeDeep(a, b) – b's values over a's, objects merged key by key (arrays replaced). */
function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && cur !== null && typeof cur === 'object' && !Array.isArray(cur)
      ? mergeDeep(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function ExperimentForm({ initial, initialHash, loadError, dataNote = null }: { initial: ExperimentConfig; initialHash: string | null; loadError: string | null; dataNote?: string | null }) {
  // the hot-reloaded config/training.yml (ConfigStatus keeps this query fresh from config.onChange)
  const fileState = useQuery(trpc.config.get.queryOptions()).data;
  const [baseHash, setBaseHash] = useState(initialHash);
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Record<string, unknown>>(() => structuredClone(initial) as unknown as Record<string, unknown>);
  const [revision, setRevision] = useState(0);
  const [yamlOpen, setYamlOpen] = useState(false);
  const [yamlText, setYamlText] = useState('');
  const [yamlError, setYamlError] = useState<string[] | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const result = useMemo(() => validateConfig(draft), [draft]);
  const issues = result.ok ? [] : result.issues;
  const set = useCallback((path: string, value: unknown) => setDraft((d) => setPath(d, path, value)), []);
  // the search-space editor: fields marked as searched, checked on the current config
  const [entries, setEntries] = useState<Record<string, SearchEntry>>({});
  const setEntry = useCallback((path: string, entry: SearchEntry | null) => setEntries((e) => {
    const next = { ...e };
    if (entry) next[path] = entry; else delete next[path];
    return next;
  }), []);
  const built = useMemo(() => (result.ok ? buildSearchSpace(result.config, entries) : { space: {}, issue: null }), [result, entries]);
  const search = useMemo(() => ({ entries, setEntry, issue: built.issue }), [entries, setEntry, built.issue]);
  const ctx = useMemo(() => ({ draft, set, issues, search }), [draft, set, issues, search]);

  const start = useMutation(trpc.runs.start.mutationOptions({
    onSuccess: (data) => navigate(`/runs/${encodeURIComponent(data.id)}`),
  }));

  const loadText = (text: string) => {
    const r = parseConfigText(text, 'YAML');
    if (!r.ok) { setYamlError(r.issues.map((i) => i.text)); return; }
    setYamlError(null);
    setDraft(structuredClone(r.config) as unknown as Record<string, unknown>);
    setRevision((n) => n + 1);
  };

  const exportYaml = () => {
    const text = configToYaml((result.ok ? result.config : draft) as ExperimentConfig);
    setYamlText(text);
    setYamlOpen(true);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
    const a = document.createElement('a');
    a.href = url; a.download = `${String(draft.name ?? 'experiment')}.yml`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const openYaml = () => {
    setYamlText(configToYaml((result.ok ? result.config : draft) as ExperimentConfig));
    setYamlError(null);
    setYamlOpen((o) => !o);
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>New experiment</h1>
          <p className="page-sub">Set up the data, features, labels, validation, costs and risk of a run. Every value is checked against the same schema the server and the CLI use.</p>
        </div>
      </div>
      {fileState && baseHash && fileState.hash !== baseHash && (
        <div className="valid-summary row" role="status" data-testid="config-file-changed" style={{ justifyContent: 'space-between' }}>
          <span>config/training.yml changed on disk (now <code>{fileState.hash.slice(0, 10)}</code>).</span>
          <span className="row">
            <button type="button" className="sk-btn sk-btn-small" onClick={() => { setDraft(structuredClone(fileState.config) as unknown as Record<string, unknown>); setRevision((n) => n + 1); setBaseHash(fileState.hash); }}>Load it into the form</button>
            <button type="button" className="sk-btn sk-btn-small" onClick={() => setBaseHash(fileState.hash)}>Keep my edits</button>
          </span>
        </div>
      )}
      {fileState?.error && (
        <div className="issues-summary" role="alert" data-testid="config-file-invalid">
          <strong>config/training.yml on disk is invalid</strong> — the server keeps the last good version. Fix:
          <ul>{fileState.error.issues.map((i) => <li key={i.text}><code>{i.path || '(root)'}</code> {i.message}</li>)}</ul>
        </div>
      )}
      {dataNote && (
        <div className="valid-summary" role="status" data-testid="prefill-dataset">
          Running on the stored dataset <b>{dataNote}</b>: data source <code>store</code>, the L2 order-book tier off (a bar file has no book). Review the rest and start the run.
        </div>
      )}
      {loadError && <ErrorState title="Could not load the server's configuration" message={`${loadError}. The form starts from the built-in defaults.`} />}
      <ConfigFormContext.Provider value={ctx}>
        <div className="form-layout" key={revision}>
          <form className="form-main" aria-label="Experiment configuration" onSubmit={(e) => { e.preventDefault(); if (result.ok) start.mutate({ config: result.config }); }}>
            <fieldset className="sk-card form-section">
              <legend>Experiment</legend>
              <div className="form-grid">
                <TextInput path="name" label="Name" />
                <NumberField path="seed" label="Master seed" step={1} help="Same config + seed → same bytes" />
              </div>
            </fieldset>
            <DataSection />
            <FeaturesSection />
            <LabelsSection />
            <TrainerSection />
            <CvSection />
            <ExecutionSection />
            <RiskSection />
          </form>
          <aside className="form-side" aria-label="Run summary">
            <div className="sk-card" style={{ display: 'grid', gap: 10 }}>
              {result.ok ? (
                <div className="valid-summary" role="status" data-testid="config-valid">Configuration is valid · hash <code>{result.hash.slice(0, 12)}</code></div>
              ) : (
                <div className="issues-summary" role="alert" data-testid="config-issues">
                  <strong>{issues.length} problem{issues.length === 1 ? '' : 's'} to fix</strong>
                  <ul>{issues.map((i) => <li key={i.text}><code>{i.path || '(root)'}</code> {i.message}</li>)}</ul>
                </div>
              )}
              <button type="button" className="sk-btn sk-btn-primary sk-btn-big" disabled={!result.ok || start.isPending}
                onClick={() => { if (!result.ok) return; performance.mark('skippy:start-run'); start.mutate({ config: result.config }); }}>
                {start.isPending ? 'Starting…' : 'Start run'}
              </button>
              {start.error && <ErrorState title="The server refused the run" message={errorMessage(start.error)} />}
              <div className="row">
                <button type="button" className="sk-btn sk-btn-small" onClick={openYaml} aria-expanded={yamlOpen}>{yamlOpen ? 'Hide YAML' : 'Show YAML'}</button>
                <button type="button" className="sk-btn sk-btn-small" onClick={exportYaml}>Export YAML</button>
                <button type="button" className="sk-btn sk-btn-small" onClick={() => fileRef.current?.click()}>Import file…</button>
                <input ref={fileRef} type="file" accept=".yml,.yaml,.json,text/yaml" hidden aria-label="Import a YAML config file"
                  onChange={async (e) => { const f = e.target.files?.[0]; if (f) { const t = await f.text(); setYamlText(t); setYamlOpen(true); loadText(t); } e.target.value = ''; }} />
              </div>
            </div>
            {Object.keys(entries).length > 0 && <StudyPanel config={result.ok ? result.config : null} space={built.space} issue={built.issue} params={Object.keys(entries).length} />}
            {yamlOpen && (
              <div className="sk-card" style={{ display: 'grid', gap: 8 }}>
                <label htmlFor="yaml-box" style={{ fontWeight: 600 }}>Configuration as YAML</label>
                <textarea id="yaml-box" className="yaml-box" spellCheck={false} value={yamlText} onChange={(e) => setYamlText(e.target.value)} />
                {yamlError && <div className="issues-summary" role="alert"><ul>{yamlError.map((t) => <li key={t}>{t}</li>)}</ul></div>}
                <button type="button" className="sk-btn" onClick={() => loadText(yamlText)}>Apply YAML to the form</button>
              </div>
            )}
            {result.ok && (
              <div className="sk-card">
                <h3>What this run tests</h3>
                <ul className="summary-list" data-testid="config-summary">
                  {describeConfig(result.config).map((s) => <li key={s.topic}><strong>{s.topic}:</strong> {s.text}</li>)}
                </ul>
              </div>
            )}
          </aside>
        </div>
      </ConfigFormContext.Provider>
    </div>
  );
}
