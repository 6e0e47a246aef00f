import { createContext, useContext } from 'react';
import type { ConfigIssue } from '@skippy/core/config';
import type { SearchEntry, SpaceIssue } from './searchSpace.ts';

/** The search-space editor's state: fields marked as searched (absent: the form has no study controls). */
export interface SearchState {
  entries: Readonly<Record<string, SearchEntry>>;
  /** Marks a field as searched (an entry) or fixed again (null). */
  setEntry: (path: string, entry: SearchEntry | null) => void;
  /** The first problem of the space, at its field. */
  issue: SpaceIssue | null;
}

/** What every field of the experiment form reads and writes. */
export interface ConfigFormState {
  /** The config being edited (a plain object shaped like the schema; invalid values stay as typed). */
  draft: Record<string, unknown>;
  /** Replace the value at a dotted key path such as `labels.pt`. */
  set: (path: string, value: unknown) => void;
  /** Issues from the shared zod schema for the current draft. */
  issues: ConfigIssue[];
  /** Search-space editor (New experiment form). */
  search?: SearchState;
}

export const ConfigFormContext = createContext<ConfigFormState | null>(null);

export function useConfigForm(): ConfigFormState {
  const ctx = useContext(ConfigFormContext);
  if (!ctx) throw new Error('useConfigForm() must be used inside <ConfigFormContext.Provider>');
  return ctx;
}

/** getAt(obj, 'a.b') – the value at a dotted key path (undefined when absent). */
export function getAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** issuesAt(issues, 'labels.max_holding_periods') – issues at the path or below it (`[1]`, `.x`). */
export function issuesAt(issues: readonly ConfigIssue[], path: string): ConfigIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}[`) || i.path.startsWith(`${path}.`));
}
