/**
 * The search-space editor's model: fields of the New experiment form marked as searched, each a range
 * (numbers: low, high, log, step – as typed) or a list of choices (selects), turned into the
 * `hpo.space`-style search space studies.start takes (config path → {type, low, high, log, step} or
 * {choices}). buildSearchSpace checks it with core's validateRunSpace on the current config and places
 * each problem at its field.
 */
import { isUserInputError } from '@skippy/core/util';
import type { ExperimentConfig } from '@skippy/core/config';
import { validateRunSpace } from '@skippy/core/hpo';
import type { ParamValue } from '@skippy/core/hpo';

export interface RangeEntry {
  kind: 'range';
  /** int for integer fields (step 1 inputs), float otherwise. */
  type: 'float' | 'int';
  /** As typed. */
  low: string;
  high: string;
  log: boolean;
  /** As typed; empty = continuous (float) or 1 (int). */
  step: string;
}

export interface ChoicesEntry { kind: 'choices'; choices: ParamValue[] }

export type SearchEntry = RangeEntry | ChoicesEntry;

/** The space as studies.start takes it. */
export type SpaceInput = Record<string, { type: 'float' | 'int'; low: number; high: number; log?: boolean; step?: number | null } | { choices: ParamValue[] }>;

export interface SpaceIssue {
  /** The config path of the searched field. */
  path: string;
  /** The whole line (`space.labels.pt.low: expected …`). */
  text: string;
}

const num = (text: string): number | string => {
  const t = text.trim();
  const n = t === '' ? NaN : Number(t);
  return Number.isFinite(n) ? n : text;
};

/** defaultRange(value, type) – a first range around the field's current value: [v/2, 2v] (or [0, 1] at 0), ints rounded and kept two apart. */
export function defaultRange(value: unknown, type: 'float' | 'int'): RangeEntry {
  const v = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  let low = v === 0 ? 0 : Math.min(v / 2, v * 2), high = v === 0 ? 1 : Math.max(v / 2, v * 2);
  if (type === 'int') { low = Math.floor(low); high = Math.max(Math.ceil(high), low + 2); }
  return { kind: 'range', type, low: String(low), high: String(high), log: false, step: '' };
}

/** toSpaceInput(entries) – the entries as a studies.start space (numbers parsed; text that is not a number left as typed for the validator to name). */
export function toSpaceInput(entries: Readonly<Record<string, SearchEntry>>): SpaceInput {
  const out: Record<string, unknown> = {};
  for (const [path, e] of Object.entries(entries)) {
    if (e.kind === 'choices') { out[path] = { choices: [...e.choices] }; continue; }
    const step = e.step.trim() === '' ? null : num(e.step);
    out[path] = { type: e.type, low: num(e.low), high: num(e.high), ...(e.log ? { log: true } : {}), ...(step !== null ? { step } : {}) };
  }
  return out as SpaceInput;
}

/**
 * buildSearchSpace(config, entries) – the space and, when it is not valid on this config, the first
 * problem at its field (as the server would answer it). No entries: an empty space and no issue.
 */
export function buildSearchSpace(config: ExperimentConfig, entries: Readonly<Record<string, SearchEntry>>): { space: SpaceInput; issue: SpaceIssue | null } {
  const space = toSpaceInput(entries);
  if (Object.keys(space).length === 0) return { space, issue: null };
  try {
    validateRunSpace(config, space, 'space');
    return { space, issue: null };
  } catch (e) {
    if (!isUserInputError(e)) throw e;
    // the field is `space.<path>` or `space.<path>.<key>`: the longest searched path it starts with
    const field = e.field.replace(/^space[. ]/, '');
    const path = Object.keys(entries).filter((p) => field === p || field.startsWith(`${p}.`) || field.startsWith(`${p} `)).sort((a, b) => b.length - a.length)[0] ?? '';
    return { space, issue: { path, text: e.message } };
  }
}
