import { describe, expect, it } from 'vitest';
import { fmtBp, fmtDate, fmtDateTime, fmtInt, fmtInterval, fmtMoney, fmtMs, fmtNumber, fmtPct, fmtPp, fmtRatio, fmtSignedPct, fmtSignedRatio, signClass } from '../format.ts';

describe('formatters', () => {
  it('fmtNumber(x, digits) groups thousands and fixes digits', () => {
    expect(fmtNumber(1234.5678, 2)).toBe('1,234.57');
    expect(fmtNumber(NaN)).toBe('–');
    expect(fmtNumber(null)).toBe('–');
  });
  it('fmtPct(fraction) multiplies by 100 and appends %', () => {
    expect(fmtPct(0.1234)).toBe('12.34%');
    expect(fmtPct(0.05, 1)).toBe('5.0%');
  });
  it('fmtSignedPct(fraction) prints an explicit sign with a true minus', () => {
    expect(fmtSignedPct(0.012)).toBe('+1.20%');
    expect(fmtSignedPct(-0.012)).toBe('−1.20%');
    expect(fmtSignedPct(0)).toBe('0.00%');
  });
  it('fmtSignedRatio(difference) is an absolute, signed difference of ratios', () => {
    expect(fmtSignedRatio(0.5)).toBe('+0.50');
    expect(fmtSignedRatio(-6.8123)).toBe('−6.81');
    expect(fmtSignedRatio(0.001)).toBe('0.00');
    expect(fmtSignedRatio(null)).toBe('–');
  });
  it('fmtPp(difference of fractions) prints signed percentage points', () => {
    expect(fmtPp(-0.0123)).toBe('−1.23 pp');
    expect(fmtPp(0.05, 1)).toBe('+5.0 pp');
    expect(fmtPp(0.00001)).toBe('0.00 pp');
    expect(fmtPp(undefined)).toBe('–');
  });
  it('fmtBp(fraction) prints basis points (1 bp = 0.0001)', () => {
    expect(fmtBp(0.0015)).toBe('15.0 bp');
    expect(fmtBp(0.0005, 0)).toBe('5 bp');
  });
  it('fmtMoney(x) prefixes $ and puts the minus first', () => {
    expect(fmtMoney(100000)).toBe('$100,000');
    expect(fmtMoney(-12.5, 2)).toBe('−$12.50');
  });
  it('fmtRatio, fmtInt', () => {
    expect(fmtRatio(-1.234)).toBe('−1.23');
    expect(fmtInt(12345.4)).toBe('12,345');
  });
  it('fmtMs(ms) picks ms, s or min', () => {
    expect(fmtMs(4.2)).toBe('4.2 ms');
    expect(fmtMs(250)).toBe('250 ms');
    expect(fmtMs(1500)).toBe('1.5 s');
    expect(fmtMs(65_000)).toBe('1 min 5 s');
  });
  it('fmtDate / fmtDateTime are UTC', () => {
    expect(fmtDate(0)).toBe('1970-01-01');
    expect(fmtDateTime(Date.UTC(2024, 7, 8, 13, 5))).toBe('2024-08-08 13:05 UTC');
  });
  it('fmtInterval(ms) uses the config notation', () => {
    expect(fmtInterval(60_000)).toBe('1m');
    expect(fmtInterval(3_600_000)).toBe('1h');
    expect(fmtInterval(1_000)).toBe('1s');
  });
  it('signClass(x)', () => {
    expect(signClass(1)).toBe('pos');
    expect(signClass(-1)).toBe('neg');
    expect(signClass(0)).toBe('');
  });
});
