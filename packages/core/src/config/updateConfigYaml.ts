import { isMap, isNode, parseDocument, stringify } from 'yaml';
import type { ExperimentConfig } from './schema.ts';
import { configHash, configToYaml, parseConfigText } from './load.ts';

type Path = (string | number)[];

/**
 * updateConfigYaml(previousText, config) – the YAML text for `config`, written as an edit of the
 * user's file so a save from the web form keeps their comments, layout and implicit defaults:
 * - a changed value that is written in the file is replaced in place (its source range only; lists and
 *   mappings are written in flow style, e.g. `[10, 30]`); a pluggable piece whose `kind` changed is
 *   replaced as a whole mapping;
 * - a changed value the file leaves to its default is added through the YAML document model (comments
 *   are kept, spacing may be normalised);
 * - if the edit would not read back as exactly `config` (same canonical hash), or the previous text is
 *   not a valid config, the plain schema-ordered YAML of `config` is written instead — a save never
 *   writes something that means anything else.
 */
export function updateConfigYaml(previousText: string | null, config: ExperimentConfig): string {
  const fallback = () => configToYaml(config);
  if (previousText === null || previousText.trim() === '') return fallback();
  const before = parseConfigText(previousText);
  if (!before.ok) return fallback();
  const doc = parseDocument(previousText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return fallback();

  const changes: { path: Path; value: unknown }[] = [];
  collectChanges([], before.config, config, changes);
  if (changes.length === 0) return previousText;

  const reads = (text: string) => {
    const r = parseConfigText(text);
    return r.ok && r.hash === configHash(config);
  };

  // 1) values written in the file are replaced in place (their source range only)
  const splices: { start: number; end: number; text: string }[] = [];
  const missing: { path: Path; value: unknown }[] = [];
  for (const change of changes) {
    const node = doc.getIn(change.path, true);
    if (isNode(node) && node.range) splices.push({ start: node.range[0], end: node.range[1], text: flowText(change.value) });
    else missing.push(change);
  }
  let text = previousText;
  for (const s of splices.sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  if (missing.length === 0) return reads(text) ? text : fallback();

  // 2) values the file leaves to their defaults are added through the document model (comments kept)
  const edited = parseDocument(text);
  for (const { path, value } of missing) edited.setIn(path, edited.createNode(value, { flow: typeof value === 'object' && value !== null }));
  const withAdded = edited.toString({ lineWidth: 0, flowCollectionPadding: false });
  return reads(withAdded) ? withAdded : fallback();
}

function collectChanges(path: Path, prev: unknown, next: unknown, out: { path: Path; value: unknown }[]): void {
  if (sameValue(prev, next)) return;
  // Mappings of the same kind (or without one) are compared key by key; anything else is replaced whole.
  if (isObject(prev) && isObject(next) && prev.kind === next.kind) {
    for (const key of Object.keys(next)) collectChanges([...path, key], Object.hasOwn(prev, key) ? prev[key] : undefined, next[key], out);
    return;
  }
  out.push({ path, value: next });
}

function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
