/**
 * The search-space controls beside a field of the New experiment form: a "Search" switch, then for a
 * number its range (low, high, step, log) and for a select the choices to try. Writes to the form's
 * SearchState; the space's first problem is shown under the field it belongs to.
 */
import { useId } from 'react';
import { getAt, useConfigForm } from './context.ts';
import { defaultRange } from './searchSpace.ts';
import type { RangeEntry } from './searchSpace.ts';

/**
 * Settings a study may not search: those core's validateRunSpace refuses (data, hpo, bench, name), and seeds –
 * picking the luckiest seed is selection on noise, not tuning.
 */
const searchable = (path: string) => !/^(data|hpo|bench|name)(\.|$)/.test(path) && !/(^|\.)seed$/.test(path);

/** SearchSwitch(path, kind) – the toggle; null when the form has no study controls or the path cannot be searched. */
export function SearchSwitch({ path, label, kind, options }: { path: string; label: string; kind: 'float' | 'int' | 'choices'; options?: readonly string[] }) {
  const { draft, search } = useConfigForm();
  if (!search || !searchable(path)) return null;
  const on = search.entries[path] !== undefined;
  return (
    <button type="button" className={`sk-btn sk-btn-small search-switch${on ? ' sk-btn-primary' : ''}`} aria-pressed={on} data-testid={`search-${path}`}
      title={on ? 'Searched by a study – click to fix it at the value' : 'Search this setting in a study'} aria-label={`Search ${label}`}
      onClick={() => {
        if (on) { search.setEntry(path, null); return; }
        const value = getAt(draft, path);
        search.setEntry(path, kind === 'choices' ? { kind: 'choices', choices: options ? options.filter((o) => o === value || options.length <= 4) : [] } : defaultRange(value, kind));
      }}>
      {on ? 'Searched' : 'Search'}
    </button>
  );
}

/** The range or the choices of a searched field (nothing when it is not searched). */
export function SearchEditor({ path, label, options }: { path: string; label: string; options?: readonly { value: string; label: string }[] }) {
  const { search } = useConfigForm();
  const id = useId();
  const entry = search?.entries[path];
  if (!search || !entry) return null;
  const issue = search.issue?.path === path ? search.issue.text : null;
  const edit = (patch: Partial<RangeEntry>) => { if (entry.kind === 'range') search.setEntry(path, { ...entry, ...patch }); };
  return (
    <div className="search-editor" style={{ display: 'grid', gap: 4, marginTop: 6 }} data-testid={`search-editor-${path}`} role="group" aria-label={`Search range of ${label}`}>
      {entry.kind === 'range' ? (
        <div className="search-range" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
          <label htmlFor={`${id}-lo`}>low</label>
          <input id={`${id}-lo`} type="text" style={{ width: 76 }} inputMode="decimal" value={entry.low} aria-invalid={issue !== null} onChange={(e) => edit({ low: e.target.value })} />
          <label htmlFor={`${id}-hi`}>high</label>
          <input id={`${id}-hi`} type="text" style={{ width: 76 }} inputMode="decimal" value={entry.high} aria-invalid={issue !== null} onChange={(e) => edit({ high: e.target.value })} />
          <label htmlFor={`${id}-step`}>step</label>
          <input id={`${id}-step`} type="text" style={{ width: 76 }} inputMode="decimal" placeholder={entry.type === 'int' ? '1' : 'none'} value={entry.step} onChange={(e) => edit({ step: e.target.value })} />
          <span className="toggle toggle-check">
            <input id={`${id}-log`} type="checkbox" checked={entry.log} onChange={(e) => edit({ log: e.target.checked })} />
            <label htmlFor={`${id}-log`}>log</label>
          </span>
        </div>
      ) : (
        <div className="search-choices" style={{ display: 'flex', flexWrap: 'wrap', gap: 10 }}>
          {(options ?? []).map((o, i) => (
            <span key={o.value} className="toggle toggle-check">
              <input id={`${id}-${i}`} type="checkbox" checked={entry.choices.includes(o.value)}
                onChange={(e) => search.setEntry(path, { kind: 'choices', choices: (options ?? []).map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : entry.choices.includes(v))) })} />
              <label htmlFor={`${id}-${i}`}>{o.label}</label>
            </span>
          ))}
        </div>
      )}
      {issue && <div className="field-error" role="alert" data-testid="search-issue">{issue}</div>}
    </div>
  );
}
