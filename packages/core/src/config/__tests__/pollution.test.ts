/**
 * Prototype pollution corpus: every place that takes a config key path or a user record (hpo.space,
 * ablation sets, YAML/JSON import, setConfigValue, CSV headers) refuses the payload as a user error
 * and leaves Object.prototype exactly as it was.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, setConfigValue, validateConfig, defaultConfig } from '../index.ts';
import { isUserInputError } from '../../util/errors.ts';
import { parseLabelsCsv, parseMatrixCsv } from '../../eval/csv.ts';
import { schemaHasKeyPath, splitKeyPath } from '../keyPath.ts';
import { experimentSchema } from '../schema.ts';

/** Dotted paths that reach a prototype (or a built-in through one) when walked naively. */
export const POLLUTING_PATHS = [
  'models.__proto__.hasOwnProperty', 'models.__proto__.toString', 'models.__proto__.polluted', '__proto__.polluted',
  'labels.constructor.prototype.polluted', 'constructor.prototype.polluted', 'models.primary.__proto__.polluted',
  'labels.toString.polluted', 'labels.hasOwnProperty', 'models.valueOf.x', 'evaluation.__defineGetter__',
  'models.primary.constructor.name', 'prototype.polluted', 'labels.pt.__proto__.x',
];

let snapshot: PropertyDescriptorMap;
const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
beforeAll(() => { snapshot = Object.getOwnPropertyDescriptors(Object.prototype); });
afterEach(() => {
  // Object.prototype is untouched: same own names, same values, nothing inherited by a fresh object
  expect(protoNames()).toEqual(Object.keys(snapshot).sort());
  for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(Object.prototype))) expect(d.value).toBe(snapshot[k].value);
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(String({})).toBe('[object Object]');
  expect(Object.prototype.hasOwnProperty.call({ a: 1 }, 'a')).toBe(true);
});

describe('config key paths resolve only through the schema\'s own keys', () => {
  it.each(POLLUTING_PATHS)('validateConfig refuses hpo.space path %s', (path) => {
    for (const enabled of [true, false]) {
      const r = validateConfig({ hpo: { enabled, space: { [path]: [1] } } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0].path.startsWith('hpo.space')).toBe(true);
    }
  });

  it.each(POLLUTING_PATHS)('YAML import refuses hpo.space path %s', (path) => {
    const r = parseConfigText(`hpo:\n  enabled: true\n  space:\n    ${JSON.stringify(path)}: [1, "x", true]\n`);
    expect(r.ok).toBe(false);
  });

  it.each(POLLUTING_PATHS)('setConfigValue(config, %s) throws a UserInputError', (path) => {
    let err: unknown;
    try { setConfigValue(defaultConfig(), path, 1); } catch (e) { err = e; }
    // a path that names no forbidden key but an inherited name creates an own key in a copy (harmless) or throws
    if (splitKeyPath(path) === null) expect(isUserInputError(err)).toBe(true);
  });

  it('JSON and YAML documents with __proto__ / constructor keys are refused as unknown keys', () => {
    const payloads = [
      '{"__proto__": {"polluted": 1}}',
      '{"models": {"__proto__": {"polluted": 1}}}',
      '{"constructor": {"prototype": {"polluted": 1}}}',
      '{"hpo": {"space": {"__proto__": [1]}}}',
      '{"hpo": {"space": {"constructor": [1]}}}',
      '__proto__:\n  polluted: 1\n',
      'labels:\n  constructor:\n    prototype:\n      polluted: 1\n',
      'hpo:\n  enabled: true\n  space:\n    __proto__: [1]\n',
      'hpo:\n  ablation:\n    enabled: true\n    feature_sets: ["__proto__", "constructor"]\n',
    ];
    for (const text of payloads) {
      expect(parseConfigText(text).ok, text).toBe(false);
      const parsed = JSON.parse(text.startsWith('{') ? text : '{}') as unknown;
      if (text.startsWith('{')) expect(validateConfig(parsed).ok, text).toBe(false);
    }
  });

  it('the 5 MB name and over-long paths are refused', () => {
    expect(validateConfig({ name: 'x'.repeat(5_000_000) }).ok).toBe(false);
    expect(validateConfig({ name: 'x'.repeat(200) }).ok).toBe(true);
    expect(validateConfig({ hpo: { enabled: true, space: { [`models.${'a'.repeat(300)}`]: [1] } } }).ok).toBe(false);
  });

  it('schemaHasKeyPath(schema, keys) follows declared keys only', () => {
    expect(schemaHasKeyPath(experimentSchema, ['labels', 'pt'])).toBe(true);
    expect(schemaHasKeyPath(experimentSchema, ['models', 'primary', 'l2'])).toBe(true);
    expect(schemaHasKeyPath(experimentSchema, ['labels', 'toString'])).toBe(false);
    expect(schemaHasKeyPath(experimentSchema, ['__proto__'])).toBe(false);
    expect(schemaHasKeyPath(experimentSchema, ['labels', 'constructor'])).toBe(false);
  });

  it('a valid hpo.space still validates and setConfigValue still sets', () => {
    expect(validateConfig({ hpo: { enabled: true, space: { 'models.primary.l2': [0.1, 1] } } }).ok).toBe(true);
    expect(setConfigValue(defaultConfig(), 'labels.pt', 3).labels.pt).toBe(3);
  });
});

describe('CSV headers never become prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('parseMatrixCsv refuses a column named %s', (name) => {
    expect(() => parseMatrixCsv(`a,${name}\n1,2\n3,4\n`, 'm.csv')).toThrow(/expected column names other than/);
    let err: unknown;
    try { parseMatrixCsv(`${name}\n1\n`, 'm.csv'); } catch (e) { err = e; }
    expect(isUserInputError(err)).toBe(true);
  });
  it.each(['__proto__', 'constructor'])('parseLabelsCsv refuses a column named %s', (name) => {
    expect(() => parseLabelsCsv(`t0,t1,${name}\n1,2,3\n`, 'l.csv')).toThrow(/expected column names other than/);
  });
  it('parseMatrixCsv refuses duplicate names', () => {
    expect(() => parseMatrixCsv('a,a\n1,2\n', 'm.csv')).toThrow(/distinct column names/);
  });
});
