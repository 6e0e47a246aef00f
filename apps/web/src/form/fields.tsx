import { useId, useState, type ReactNode } from 'react';
import { getAt, issuesAt, useConfigForm } from './context.ts';
import { SearchEditor, SearchSwitch } from './searchEditor.tsx';

interface FieldShellProps {
  path: string;
  label: string;
  inputId: string;
  help?: ReactNode;
  children: ReactNode;
  /** Matching also issues below the path (lists). @default true */
  nested?: boolean;
}

/** Label, control, help and the schema's messages (with key path) right under the control. */
function FieldShell({ path, label, inputId, help, children }: FieldShellProps) {
  const { issues } = useConfigForm();
  const mine = issuesAt(issues, path);
  return (
    <div className={`field${mine.length ? ' field-invalid' : ''}`} data-path={path}>
      <label htmlFor={inputId}>{label}</label>
      {children}
      {help && <div className="field-help" id={`${inputId}-help`}>{help}</div>}
      {mine.map((i) => (
        <div key={i.text} className="field-error" id={`${inputId}-err`} role="alert">
          <code>{i.path}</code> {i.message}{'value' in i ? <>, got <code>{JSON.stringify(i.value)}</code></> : null}
        </div>
      ))}
    </div>
  );
}

/** A number typed as text: invalid text goes into the draft as typed, so the schema names the problem. */
function parseNumberText(text: string): unknown {
  const t = text.trim();
  if (t === '') return text;
  const n = Number(t);
  return Number.isNaN(n) ? text : n;
}

export interface NumberFieldProps {
  path: string;
  label: string;
  /** Unit shown after the input (e.g. "× ATR", "ms"). */
  unit?: string;
  /** Readable restatement of the value (e.g. fraction → "15.0 bp"). */
  show?: (value: number) => string;
  help?: ReactNode;
  step?: number | 'any';
  /** Allow an empty input meaning null (e.g. "derive from the bar interval"). */
  nullable?: boolean;
}

export function NumberField({ path, label, unit, show, help, step = 'any', nullable = false }: NumberFieldProps) {
  const { draft, set, issues } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  const [text, setText] = useState(value === null || value === undefined ? '' : String(value));
  const invalid = issuesAt(issues, path).length > 0;
  return (
    <FieldShell path={path} label={label} inputId={id} help={<>{help}{show && typeof value === 'number' && Number.isFinite(value) ? <span className="field-readable"> = {show(value)}</span> : null}</>}>
      <div className="input-unit">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          step={step}
          aria-invalid={invalid}
          aria-describedby={`${id}-help${invalid ? ` ${id}-err` : ''}`}
          onChange={(e) => {
            setText(e.target.value);
            set(path, nullable && e.target.value.trim() === '' ? null : parseNumberText(e.target.value));
          }}
        />
        {unit && <span className="unit">{unit}</span>}
        <SearchSwitch path={path} label={label} kind={step === 1 ? 'int' : 'float'} />
      </div>
      <SearchEditor path={path} label={label} />
    </FieldShell>
  );
}

export interface ListFieldProps {
  path: string;
  label: string;
  /** 'number' turns "10, 20, 50" into [10, 20, 50]; 'text' into ["BTC", "ETH"]. */
  kind: 'number' | 'text';
  unit?: string;
  help?: ReactNode;
}

/** A comma-separated list; each item is validated by the schema at its own index (`[1]`). */
export function ListField({ path, label, kind, unit, help }: ListFieldProps) {
  const { draft, set, issues } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  const [text, setText] = useState(Array.isArray(value) ? value.join(', ') : '');
  const invalid = issuesAt(issues, path).length > 0;
  return (
    <FieldShell path={path} label={label} inputId={id} help={help}>
      <div className="input-unit">
        <input
          id={id}
          type="text"
          value={text}
          aria-invalid={invalid}
          aria-describedby={`${id}-help${invalid ? ` ${id}-err` : ''}`}
          onChange={(e) => {
            setText(e.target.value);
            const items = e.target.value.split(/[,\s]+/).filter((s) => s !== '');
            set(path, kind === 'number' ? items.map(parseNumberText) : items);
          }}
        />
        {unit && <span className="unit">{unit}</span>}
      </div>
    </FieldShell>
  );
}

export interface SelectFieldProps {
  path: string;
  label: string;
  options: readonly { value: string; label: string }[];
  help?: ReactNode;
}

export function SelectField({ path, label, options, help }: SelectFieldProps) {
  const { draft, set } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  return (
    <FieldShell path={path} label={label} inputId={id} help={help}>
      <div className="input-unit">
        <select id={id} value={String(value ?? '')} style={{ flex: 1, minWidth: 0 }} onChange={(e) => set(path, e.target.value)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <SearchSwitch path={path} label={label} kind="choices" options={options.map((o) => o.value)} />
      </div>
      <SearchEditor path={path} label={label} options={options} />
    </FieldShell>
  );
}

export interface ToggleProps {
  path: string;
  label: string;
  help?: ReactNode;
  /** Visually stronger switch used for whole tiers. */
  variant?: 'switch' | 'check';
  disabled?: boolean;
}

/** A boolean as a switch (role=switch) with its visible label as the accessible name. */
export function Toggle({ path, label, help, variant = 'check', disabled = false }: ToggleProps) {
  const { draft, set, issues } = useConfigForm();
  const id = useId();
  const checked = getAt(draft, path) === true;
  const mine = issuesAt(issues, path);
  return (
    <div className={`toggle toggle-${variant}${disabled ? ' toggle-disabled' : ''}`} data-path={path}>
      <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} aria-checked={checked}
        onChange={(e) => set(path, e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {help && <span className="field-help">{help}</span>}
      {mine.map((i) => <div key={i.text} className="field-error" role="alert"><code>{i.path}</code> {i.message}</div>)}
    </div>
  );
}

/** A date (UTC day) or empty for "open"; stored as "YYYY-MM-DD" or null. */
export function DateField({ path, label, help }: { path: string; label: string; help?: ReactNode }) {
  const { draft, set } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  return (
    <FieldShell path={path} label={label} inputId={id} help={help}>
      <input id={id} type="date" value={typeof value === 'string' ? value.slice(0, 10) : ''}
        onChange={(e) => set(path, e.target.value === '' ? null : e.target.value)} />
    </FieldShell>
  );
}

/** A [min, max] pair such as the latency range. */
export function RangeField({ path, label, unit, help }: { path: string; label: string; unit?: string; help?: ReactNode }) {
  const { draft, set, issues } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  const pair = Array.isArray(value) ? value : [undefined, undefined];
  const [lo, setLo] = useState(pair[0] === undefined ? '' : String(pair[0]));
  const [hi, setHi] = useState(pair[1] === undefined ? '' : String(pair[1]));
  const invalid = issuesAt(issues, path).length > 0;
  const update = (a: string, b: string) => set(path, [parseNumberText(a), parseNumberText(b)]);
  return (
    <FieldShell path={path} label={label} inputId={id} help={help}>
      <div className="input-range">
        <input id={id} type="text" inputMode="decimal" aria-label={`${label} minimum`} aria-invalid={invalid} value={lo}
          onChange={(e) => { setLo(e.target.value); update(e.target.value, hi); }} />
        <span aria-hidden="true">to</span>
        <input type="text" inputMode="decimal" aria-label={`${label} maximum`} aria-invalid={invalid} value={hi}
          onChange={(e) => { setHi(e.target.value); update(lo, e.target.value); }} />
        {unit && <span className="unit">{unit}</span>}
      </div>
    </FieldShell>
  );
}

/** A free-text setting such as the experiment name. */
export function TextInput({ path, label, help }: { path: string; label: string; help?: ReactNode }) {
  const { draft, set, issues } = useConfigForm();
  const id = useId();
  const value = getAt(draft, path);
  const invalid = issuesAt(issues, path).length > 0;
  return (
    <FieldShell path={path} label={label} inputId={id} help={help}>
      <input id={id} type="text" value={typeof value === 'string' ? value : ''} aria-invalid={invalid} onChange={(e) => set(path, e.target.value)} />
    </FieldShell>
  );
}
