import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { experimentSchema, type ExperimentConfig } from './schema.ts';
import { canonicalJson } from '../util/canonicalJson.ts';
import { sha256Hex } from '../util/sha256.ts';
import { describeValue, UserInputError } from '../util/errors.ts';

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

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return { found: true, value: cur };
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
  let schema: unknown = experimentSchema;
  for (const p of path) {
    const s = unwrap(schema);
    const shape = (s as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (!shape || typeof p !== 'string' || !(p in shape)) return null;
    schema = shape[p];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : null;
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { type?: string; innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 10 && s?.def; i++) {
    const t = s.def.type;
    if (t === 'default' || t === 'prefault' || t === 'optional' || t === 'nullable' || t === 'catch' || t === 'readonly') s = s.def.innerType as typeof s;
    else if (t === 'pipe') s = s.def.in as typeof s;
    else break;
  }
  return s;
}

/** validateConfig(value) checks a parsed object against the schema and fills defaults. */
export function validateConfig(value: unknown): ConfigResult {
  const input = value === null || value === undefined ? {} : value;
  const parsed = experimentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error, input) };
  return { ok: true, config: parsed.data, hash: configHash(parsed.data) };
}

/** parseConfigText(yamlOrJson) parses YAML (JSON is YAML) then validates. */
export function parseConfigText(text: string, source = 'config'): ConfigResult {
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

/** setConfigValue(input, 'labels.pt', 2) – returns a deep copy with one dotted path replaced (for HPO and forms). */
export function setConfigValue<T>(input: T, path: string, value: unknown): T {
  const copy = structuredClone(input) as Record<string, unknown>;
  const keys = path.split('.');
  let cur: Record<string, unknown> = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur[keys[i]];
    if (next === null || typeof next !== 'object') cur[keys[i]] = {};
    cur = cur[keys[i]] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
  return copy as T;
}
