/**
 * Property-based fuzzing (bounded runs): the config schema, YAML import and the CSV readers answer any
 * input with a value or a user-input error — never another exception, never a hang — and never touch
 * Object.prototype.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfigText, validateConfig } from '../index.ts';
import { isUserInputError } from '../../util/errors.ts';
import { parseLabelsCsv, parseMatrixCsv } from '../../eval/csv.ts';
import { parseBarsText } from '../../data/index.ts';
import { parseSideCsv } from '../../labels/parseSideCsv.ts';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 10_000 };
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const KEYS = ['__proto__', 'constructor', 'prototype', 'hpo', 'space', 'enabled', 'models', 'labels', 'pt', 'data', 'name', 'evaluation', 'n_splits', 'toString', 'models.primary.l2', 'models.__proto__.x'];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 }));
const doc = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.double(), fc.integer(), fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
})).object;

function userErrorsOnly(f: () => unknown): void {
  try { f(); } catch (e) { if (!isUserInputError(e)) throw e; }
}

describe('fuzz', () => {
  it('validateConfig(any object) returns ok or issues', () => {
    fc.assert(fc.property(doc, (value) => {
      const r = validateConfig(value);
      expect(typeof r.ok).toBe('boolean');
      // through JSON.parse too: "__proto__" becomes an own key
      validateConfig(JSON.parse(JSON.stringify(value)) as unknown);
    }), RUNS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
  });

  it('hpo.space with any path and values returns ok or issues', () => {
    fc.assert(fc.property(fc.dictionary(fc.oneof(key, fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }).map((a) => a.join('.'))), fc.array(fc.oneof(fc.double(), fc.string({ maxLength: 5 }), fc.boolean()), { minLength: 1, maxLength: 3 }), { maxKeys: 3 }), fc.boolean(), (space, enabled) => {
      expect(typeof validateConfig({ hpo: { enabled, space } }).ok).toBe('boolean');
    }), RUNS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
  });

  it('parseConfigText(any text) returns ok or issues', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), doc.map((d) => JSON.stringify(d))), (text) => {
      expect(typeof parseConfigText(text).ok).toBe('boolean');
    }), RUNS);
  });

  const cell = fc.oneof(fc.double().map(String), fc.integer().map(String), fc.constantFrom('', 'x', '__proto__', 'constructor', 'NaN', '1e308', '-', '"1"'));
  const csv = fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 8 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
  it('parseMatrixCsv / parseLabelsCsv(any CSV) return a table or throw a UserInputError', () => {
    fc.assert(fc.property(csv, fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }), (text, horizon) => {
      userErrorsOnly(() => parseMatrixCsv(text, 'm.csv'));
      userErrorsOnly(() => parseMatrixCsv(`a,b\n${text}`, 'm.csv'));
      userErrorsOnly(() => parseLabelsCsv(`horizon,t0,t1\n${text}`, 'l.csv', horizon));
      userErrorsOnly(() => parseLabelsCsv(`t0,t1\n${text}`, 'l.csv'));
    }), RUNS);
  });

  it('parseBarsText(any CSV or JSON) returns bars or throws a UserInputError', () => {
    const json = fc.array(fc.oneof(fc.array(fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 7 }), doc), { maxLength: 6 }).map((a) => JSON.stringify(a));
    fc.assert(fc.property(fc.oneof(csv, csv.map((t) => `ts,open,high,low,close,volume\n${t}`), json), (text) => {
      userErrorsOnly(() => parseBarsText(text, { source: 'b.csv', symbol: 'BTC' }));
    }), RUNS);
  });

  it('parseSideCsv(any CSV) returns sides or throws a UserInputError', () => {
    const barTs = Float64Array.from({ length: 10 }, (_, i) => i * 60_000);
    fc.assert(fc.property(csv, (text) => {
      userErrorsOnly(() => parseSideCsv(text, barTs, 's.csv'));
      userErrorsOnly(() => parseSideCsv(`ts,side\n${text}`, barTs, 's.csv'));
    }), RUNS);
  });
});
