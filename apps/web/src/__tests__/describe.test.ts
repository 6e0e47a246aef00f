import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@skippy/core/config';
import { describeConfig } from '../lib/describe.ts';

describe('describeConfig(config)', () => {
  it('states symbols, range, features, validation and costs of the default experiment in words', () => {
    const text = describeConfig(defaultConfig()).map((s) => `${s.topic}: ${s.text}`).join('\n');
    expect(text).toContain('Market: BTC and ETH 1m bars from a seeded synthetic market, over 30 synthetic days (seed 42).');
    expect(text).toContain('price (returns over 1/5/20 bars, ATR 20, z-scores 5/20 and momentum 10)');
    expect(text).toContain('5-fold purged K-fold cross-validation, 2.0% embargo and 5.0% purge margin');
    expect(text).toContain('slippage 5 bp / 15 bp / 35 bp by order size, fees 1 bp maker / 5 bp taker, 85% chance of a full fill');
  });
});
