import { CST, Lexer, parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { experimentSchema, type ExperimentConfig } from './schema.ts';
import { canonicalJson } from '../util/canonicalJson.ts';
import { sha256Hex } from '../util/sha256.ts';
import { describeValue, UserInputError } from '../util/errors.ts';
import { isForbiddenKey, ownValueAt, schemaKeysAt, splitKeyPath, withOwnValue } from './keyPath.ts';

/** One problem in a config: where, what was expected, what was received. */
export interface ConfigIssue {
  /** Key path such as `labels.max_holding_periods[1]` ("" for the root). */
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
  /** `path: message, got value` – the line a user sees. */
  text: string;
}

export type ConfigResult =
  | { ok: true; config: ExperimentConfig; hash: string }
  | { ok: false; issues: ConfigIssue[] };

/** formatPath(['labels','max_holding_periods',1]) === 'labels.max_holding_periods[1]' */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    // a record key that is itself a dotted path (hpo.space) is quoted: hpo.space["models.primary.l2"][1]
    else if (typeof p === 'string' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += `[${JSON.stringify(p)}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** The offending value at an issue's path: own properties only, never a prototype's. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  return ownValueAt(root, path);
}

function toIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = formatPath([...issue.path, key]);
        const allowed = allowedKeys(issue.path);
        const message = `unknown key${allowed ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
        issues.push({ path, message, text: `${path}: ${message}` });
      }
      continue;
    }
    const path = formatPath(issue.path);
    const at = valueAt(input, issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_type' && !at.found) message = message.startsWith('expected') ? `${message} (missing)` : 'required key is missing';
    const got = at.found ? `, got ${describeValue(at.value)}` : '';
    issues.push({ path, message, ...(at.found ? { value: at.value } : {}), text: `${path || '(root)'}: ${message}${got}` });
  }
  return issues;
}

/** Keys allowed at an object path of the schema, for "did you mean" style messages. */
function allowedKeys(path: readonly PropertyKey[]): string[] | null {
  return schemaKeysAt(experimentSchema, path);
}

/**
 * The path of the first own `__proto__`/`constructor`/`prototype` key anywhere in a user's document
 * (JSON.parse and YAML create them as own keys; zod would silently drop a `__proto__` record key).
 */
function forbiddenKeyPath(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) { const p = forbiddenKeyPath(value[i], [...path, i], depth + 1); if (p) return p; }
    return null;
  }
  for (const k of Object.keys(value)) {
    if (isForbiddenKey(k)) return [...path, k];
    const p = forbiddenKeyPath((value as Record<string, unknown>)[k], [...path, k], depth + 1);
    if (p) return p;
  }
  return null;
}

/** validateConfig(value) checks a parsed object against the schema and fills defaults. */
export function validateConfig(value: unknown): ConfigResult {
  const input = value === null || value === undefined ? {} : value;
  const bad = forbiddenKeyPath(input);
  if (bad) {
    const path = formatPath(bad);
    const message = 'unknown key (__proto__, constructor and prototype are never config keys)';
    return { ok: false, issues: [{ path, message, text: `${path}: ${message}` }] };
  }
  const parsed = experimentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error, input) };
  return { ok: true, config: parsed.data, hash: configHash(parsed.data) };
}

/** parseConfigText(yamlOrJson) parses YAML (JSON is YAML) then validates. */
/** Deepest nesting a config text may have: the schema is about 6 levels deep; the YAML parser recurses per level. */
export const MAX_CONFIG_NESTING = 64;

/**
 * yamlNestingLine(text) – the 1-based line where the text nests deeper than MAX_CONFIG_NESTING levels, or
 * null. Levels: half the indentation plus the block indicators (`-`, `?`, `:`) on the line plus the flow
 * brackets open (`[`, `{`), read from the YAML lexer (quotes and comments are not counted) without
 * recursion, stopping at the first line too deep. The parser itself would overflow the stack at about
 * 800 levels (a 2 kB text), and two such texts in a row crashed the process (V8 out of memory compiling
 * a regular expression on an exhausted stack) – so a config never reaches the parser that deep.
 */
export function yamlNestingLine(text: string): number | null {
  let line = 1, indent = 0, indicators = 0, flow = 0, lineStart = true;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'newline') { line++; indent = 0; indicators = 0; lineStart = true; continue; }
    if (type === 'space') {
      if (lineStart) indent = tok.length;
    } else {
      lineStart = false;
      if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
      else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
      else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') indicators++;
    }
    if (Math.floor(indent / 2) + indicators + flow > MAX_CONFIG_NESTING) return line;
  }
  return null;
}

export function parseConfigText(text: string, source = 'config'): ConfigResult {
  const deep = yamlNestingLine(text);
  if (deep !== null) {
    const message = `expected at most ${MAX_CONFIG_NESTING} levels of nesting (a config is about 6 deep)`;
    return { ok: false, issues: [{ path: '', message, text: `${source}:${deep}: ${message}` }] };
  }
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `:${e.linePos[0].line}` : '';
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { ok: false, issues: [{ path: '', message: `not valid YAML: ${reason}`, text: `${source}${line}: not valid YAML: ${reason}` }] };
  }
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return { ok: false, issues: [{ path: '', message: 'expected a mapping of stage → settings', value, text: `${source}: expected a mapping of stage → settings, got ${describeValue(value)}` }] };
  }
  return validateConfig(value);
}

/** loadConfigOrThrow(text) – like parseConfigText but throws a UserInputError naming the first issue. */
export function loadConfigOrThrow(text: string, source = 'config'): { config: ExperimentConfig; hash: string } {
  const r = parseConfigText(text, source);
  if (!r.ok) {
    const first = r.issues[0];
    const more = r.issues.length > 1 ? ` (+${r.issues.length - 1} more)` : '';
    throw new UserInputError(first.path || source, first.message + more, first.value);
  }
  return { config: r.config, hash: r.hash };
}

/** The default experiment (every value from the schema). */
export function defaultConfig(): ExperimentConfig {
  return experimentSchema.parse({});
}

/** configHash(config) – SHA-256 of the canonical JSON (stable key order) of a validated config. */
export function configHash(config: ExperimentConfig): string {
  return sha256Hex(canonicalJson(config));
}

/** configToYaml(config) – YAML text with keys in schema order. */
export function configToYaml(config: ExperimentConfig): string {
  return stringifyYaml(config, { lineWidth: 0 });
}

/**
 * setConfigValue(input, 'labels.pt', 2) – returns a deep copy with one dotted path replaced (for HPO
 * and forms); a missing intermediate object is created. Throws a UserInputError for a path that is not
 * a dotted list of identifiers or that names __proto__, constructor or prototype; only own keys are
 * followed, so no path reaches a prototype.
 */
export function setConfigValue<T>(input: T, path: string, value: unknown): T {
  const keys = splitKeyPath(path);
  const out = keys && withOwnValue(input, keys, value, { create: true });
  if (!out) throw new UserInputError('config path', 'expected a dotted path of config keys such as labels.pt (not __proto__, constructor or prototype)', path);
  return out;
}
