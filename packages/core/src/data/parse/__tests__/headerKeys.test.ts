/**
 * Issue 13 re-probe: an extra bar-file column named `constructor` or `__proto__` was looked up in the alias
 * table by its name and came back as `Object` / `Object.prototype` (columns "function Object() {…}" and
 * "[object Object]"). The header now only reaches the aliases' own keys, and those three names are refused.
 */
import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../parseBarsCsv.ts';

const csv = (extra: string) => `ts,open,high,low,close,volume,${extra}\n${Array.from({ length: 5 }, (_, i) => `${i * 60_000},1,2,0.5,1.5,10,${i}`).join('\n')}\n`;

describe('bar CSV extra-column names', () => {
  it.each(['__proto__', 'constructor', 'Constructor', 'prototype'])('%s is refused with the file, the line and the name', (name) => {
    expect(() => parseBarsCsv(csv(name), { source: 'x.csv' })).toThrow(`x.csv:1: expected column names other than __proto__, constructor and prototype, got "${name}"`);
  });
  it('inherited names stay plain columns; aliases still apply', () => {
    const s = parseBarsCsv(csv('toString'), { source: 'x.csv' });
    expect(Object.keys(s.columns ?? {})).toEqual(['tostring']);
    expect(Array.from(s.columns!.tostring)).toEqual([0, 1, 2, 3, 4]);
    expect(Object.keys(parseBarsCsv(csv('tradecount'), { source: 'x.csv' }).columns ?? {})).toEqual(['trades']);
    expect(Object.getPrototypeOf(s.columns)).toBe(Object.prototype);
  });
});
