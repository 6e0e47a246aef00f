/**
 * Dotted config key paths (`models.primary.l2`), resolved only through keys an object owns.
 *
 * A user string never indexes an object it did not come from: `__proto__`, `constructor` and
 * `prototype` are refused outright, every segment must look like a schema key, and every walk uses
 * Object.hasOwn on plain objects, so `models.__proto__.hasOwnProperty` or `labels.toString.x` can
 * neither read nor write Object.prototype (or any built-in reached through it).
 */

/** Keys that reach a prototype when used as a property name. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest dotted path accepted (the schema's deepest path is far shorter). */
export const MAX_KEY_PATH_LENGTH = 200;

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** isForbiddenKey(k) – true for `__proto__`, `constructor`, `prototype`. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/**
 * splitKeyPath('models.primary.l2') → ['models', 'primary', 'l2']; null when the path is empty, too
 * long, has an empty or non-identifier segment, or names a forbidden key.
 */
export function splitKeyPath(path: string): string[] | null {
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_KEY_PATH_LENGTH) return null;
  const keys = path.split('.');
  for (const k of keys) if (!SEGMENT.test(k) || FORBIDDEN_KEYS.has(k)) return null;
  return keys;
}

/** isPlainRecord(v) – an object literal (prototype Object.prototype or null), not an array or class instance. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** ownValueAt(root, keys) – the value at `keys` following own properties of plain objects only. */
export function ownValueAt(root: unknown, keys: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const k of keys) {
    if (typeof k === 'number' && Array.isArray(cur)) {
      if (!Number.isInteger(k) || k < 0 || k >= cur.length) return { found: false };
      cur = cur[k];
      continue;
    }
    if (typeof k !== 'string' || FORBIDDEN_KEYS.has(k) || !isPlainRecord(cur) || !Object.hasOwn(cur, k)) return { found: false };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

/**
 * withOwnValue(input, keys, value, {create}) – a deep copy of `input` with the value at `keys`
 * replaced. Intermediate keys must be own properties holding plain objects; with `create` a missing
 * intermediate becomes a new empty object instead. Returns null when the path cannot be followed
 * (or a key is forbidden); the input is never modified.
 */
export function withOwnValue<T>(input: T, keys: readonly string[], value: unknown, options: { create?: boolean } = {}): T | null {
  if (keys.length === 0 || keys.some((k) => FORBIDDEN_KEYS.has(k))) return null;
  const copy = structuredClone(input) as unknown;
  if (!isPlainRecord(copy)) return null;
  let cur: Record<string, unknown> = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    const next = Object.hasOwn(cur, k) ? cur[k] : undefined;
    if (isPlainRecord(next)) { cur = next; continue; }
    if (!options.create) return null;
    const fresh: Record<string, unknown> = {};
    Object.defineProperty(cur, k, { value: fresh, enumerable: true, writable: true, configurable: true });
    cur = fresh;
  }
  Object.defineProperty(cur, keys[keys.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy as T;
}

/** A zod schema seen structurally (zod v4's `def`), enough to walk object shapes. */
interface SchemaNode {
  def?: { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; options?: unknown[] };
  shape?: Record<string, unknown>;
}

function unwrapSchema(schema: unknown): SchemaNode | undefined {
  let s = schema as SchemaNode | undefined;
  for (let i = 0; i < 16 && s?.def; i++) {
    const t = s.def.type;
    if (t === 'default' || t === 'prefault' || t === 'optional' || t === 'nullable' || t === 'catch' || t === 'readonly') s = s.def.innerType as SchemaNode;
    else if (t === 'pipe') s = s.def.in as SchemaNode;
    else break;
  }
  return s;
}

/**
 * schemaHasKeyPath(schema, keys) – true when `keys` names a setting declared by the zod schema: each
 * key an own key of an object schema's shape (through defaults, optionals, pipes and the options of
 * unions). Never consults a value, so nothing a user sent can extend what resolves.
 */
export function schemaHasKeyPath(schema: unknown, keys: readonly string[]): boolean {
  if (keys.length === 0) return true;
  const [k, ...rest] = keys;
  if (FORBIDDEN_KEYS.has(k)) return false;
  const s = unwrapSchema(schema);
  const type = s?.def?.type;
  if (type === 'union' && Array.isArray(s?.def?.options)) return s.def.options.some((o) => schemaHasKeyPath(o, keys));
  if (type !== 'object') return false;
  const shape = s?.def?.shape ?? s?.shape;
  if (!shape || !Object.hasOwn(shape, k)) return false;
  return schemaHasKeyPath(shape[k], rest);
}

/** schemaKeysAt(schema, keys) – the own keys of the object schema at `keys` (for "expected one of"), or null. */
export function schemaKeysAt(schema: unknown, keys: readonly PropertyKey[]): string[] | null {
  let s = unwrapSchema(schema);
  for (const k of keys) {
    const shape = s?.def?.type === 'object' ? (s.def.shape ?? s.shape) : undefined;
    if (!shape || typeof k !== 'string' || FORBIDDEN_KEYS.has(k) || !Object.hasOwn(shape, k)) return null;
    s = unwrapSchema(shape[k]);
  }
  const shape = s?.def?.type === 'object' ? (s.def.shape ?? s.shape) : undefined;
  return shape ? Object.keys(shape) : null;
}
