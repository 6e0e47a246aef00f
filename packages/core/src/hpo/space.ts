/**
 * Search spaces: float (uniform / log / step), int (uniform / log / step) and categorical parameters,
 * each optionally conditional on another parameter's value (`when: {param, in}`), in declaration order
 * (a parent must be declared before its children). validateSearchSpace turns a user's mapping into a
 * SearchSpace or throws a UserInputError naming the field.
 */
import { UserInputError } from '../util/errors.ts';
import { canonicalJson } from '../util/index.ts';

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/** A parameter is active only when `param` took one of the values `in`. */
export interface ParamCondition { param: string; in: ParamValue[] }

export interface FloatParam { type: 'float'; low: number; high: number; log: boolean; step: number | null; when?: ParamCondition }
export interface IntParam { type: 'int'; low: number; high: number; log: boolean; step: number; when?: ParamCondition }
export interface CategoricalParam { type: 'categorical'; choices: ParamValue[]; when?: ParamCondition }
export type ParamSpec = FloatParam | IntParam | CategoricalParam;
/** Parameter name → spec, in sampling order. */
export type SearchSpace = Record<string, ParamSpec>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * validateSearchSpace(input, where) – `name → {type: float|int, low, high, log?, step?, when?}` or
 * `name → {choices: [...], when?}` (a bare list is read as choices). Refuses: an empty or inverted
 * range, log with a non-positive bound, log together with a step on floats, a non-positive step, a
 * categorical with fewer than two choices, a condition on an unknown or later parameter.
 */
export function validateSearchSpace(input: unknown, where = 'space'): SearchSpace {
  if (!isObj(input)) throw new UserInputError(where, 'expected a mapping of parameter name → {type, low, high, log, step} or {choices}', input);
  const out: SearchSpace = {};
  for (const [name, raw0] of Object.entries(input)) {
    const at = `${where}.${name}`;
    const raw: unknown = Array.isArray(raw0) ? { choices: raw0 } : raw0;
    if (!isObj(raw)) throw new UserInputError(at, 'expected {type: float|int, low, high} or {choices: [...]}', raw0);
    const when = raw.when === undefined ? undefined : condition(raw.when, `${at}.when`, out);
    const known = new Set(['type', 'low', 'high', 'log', 'step', 'choices', 'when']);
    const extra = Object.keys(raw).find((k) => !known.has(k));
    if (extra) throw new UserInputError(`${at}.${extra}`, 'unknown key; expected type, low, high, log, step, choices or when');
    if (raw.choices !== undefined || raw.type === 'categorical') {
      const choices = raw.choices;
      if (!Array.isArray(choices) || choices.some((c) => !(isNum(c) || typeof c === 'string' || typeof c === 'boolean'))) throw new UserInputError(`${at}.choices`, 'expected a list of numbers, strings or true/false', choices);
      if (choices.length < 2) throw new UserInputError(`${at}.choices`, 'expected at least two choices (a categorical with one choice is a constant: set it in the config)', choices);
      if (new Set(choices.map((c) => canonicalJson(c))).size !== choices.length) throw new UserInputError(`${at}.choices`, 'expected distinct choices', choices);
      out[name] = { type: 'categorical', choices: choices as ParamValue[], ...(when ? { when } : {}) };
      continue;
    }
    const type = raw.type ?? 'float';
    if (type !== 'float' && type !== 'int') throw new UserInputError(`${at}.type`, 'expected float, int or categorical', type);
    const { low, high } = raw;
    if (!isNum(low)) throw new UserInputError(`${at}.low`, 'expected a finite number', low);
    if (!isNum(high)) throw new UserInputError(`${at}.high`, 'expected a finite number', high);
    if (!(low < high)) throw new UserInputError(`${at}`, `expected low < high (an empty or inverted range)`, `low ${low}, high ${high}`);
    const log = raw.log ?? false;
    if (typeof log !== 'boolean') throw new UserInputError(`${at}.log`, 'expected true or false', log);
    if (log && low <= 0) throw new UserInputError(`${at}.low`, 'expected a positive lower bound on a log scale', low);
    const step = raw.step ?? null;
    if (step !== null && (!isNum(step) || step <= 0)) throw new UserInputError(`${at}.step`, 'expected a positive number', step);
    if (type === 'int') {
      if (!Number.isInteger(low) || !Number.isInteger(high)) throw new UserInputError(at, 'expected integer bounds for an int parameter', `low ${low}, high ${high}`);
      if (step !== null && !Number.isInteger(step)) throw new UserInputError(`${at}.step`, 'expected an integer step', step);
      if (log && step !== null && step !== 1) throw new UserInputError(`${at}.step`, 'expected no step (or 1) with log: true', step);
      const s = step ?? 1;
      const hi = low + Math.floor((high - low) / s) * s;
      if (hi <= low) throw new UserInputError(at, 'expected a range holding at least two values on the step', `low ${low}, high ${high}, step ${s}`);
      out[name] = { type: 'int', low, high: hi, log, step: s, ...(when ? { when } : {}) };
    } else {
      if (log && step !== null) throw new UserInputError(`${at}.step`, 'expected no step with log: true', step);
      let hi = high;
      if (step !== null) {
        hi = low + Math.floor((high - low) / step + 1e-9) * step;
        if (hi <= low) throw new UserInputError(at, 'expected a range holding at least two values on the step', `low ${low}, high ${high}, step ${step}`);
      }
      out[name] = { type: 'float', low, high: hi, log, step, ...(when ? { when } : {}) };
    }
  }
  if (Object.keys(out).length === 0) throw new UserInputError(where, 'expected at least one parameter');
  return out;
}

function condition(raw: unknown, at: string, earlier: SearchSpace): ParamCondition {
  if (!isObj(raw) || typeof raw.param !== 'string') throw new UserInputError(at, 'expected {param: NAME, in: [values]}', raw);
  const parent = earlier[raw.param];
  if (!parent) throw new UserInputError(`${at}.param`, `expected a parameter declared above this one (${Object.keys(earlier).join(', ') || 'none'})`, raw.param);
  const values = Array.isArray(raw.in) ? raw.in : [raw.in];
  if (values.length === 0 || values.some((v) => !(isNum(v) || typeof v === 'string' || typeof v === 'boolean'))) throw new UserInputError(`${at}.in`, 'expected a value or a list of values of the parent parameter', raw.in);
  return { param: raw.param, in: values as ParamValue[] };
}

/** isActive(spec, params) – whether a (possibly conditional) parameter is sampled given its parents' values. */
export function isActive(spec: ParamSpec, params: Params): boolean {
  if (!spec.when) return true;
  const v = params[spec.when.param];
  return v !== undefined && spec.when.in.some((c) => c === v);
}

/** searchSpaceKey(space) – canonical JSON identifying a space (a resumed study must match it). */
export const searchSpaceKey = (space: SearchSpace): string => canonicalJson(Object.entries(space));

/** Internal representation: floats/ints as numbers, categoricals as the choice index. */
export function toInternal(spec: ParamSpec, v: ParamValue): number {
  if (spec.type === 'categorical') return spec.choices.findIndex((c) => c === v);
  return v as number;
}

export function toExternal(spec: ParamSpec, x: number): ParamValue {
  if (spec.type === 'categorical') return spec.choices[x];
  if (spec.type === 'int') return Math.round(x);
  return x;
}

/** containsValue(spec, v) – a stored or enqueued value lies in the parameter's domain. */
export function containsValue(spec: ParamSpec, v: ParamValue): boolean {
  if (spec.type === 'categorical') return spec.choices.some((c) => c === v);
  if (typeof v !== 'number' || v < spec.low || v > spec.high) return false;
  return spec.type === 'float' || Number.isInteger(v);
}

/** Number of points of a finite parameter (Infinity for a continuous float). */
export function cardinality(spec: ParamSpec): number {
  if (spec.type === 'categorical') return spec.choices.length;
  if (spec.type === 'int') return Math.floor((spec.high - spec.low) / spec.step) + 1;
  return spec.step === null ? Infinity : Math.round((spec.high - spec.low) / spec.step) + 1;
}
