import { describe, expect, it } from 'vitest';
import { validateConfig } from '@skippy/core';
import { readBarsFile } from '../readers/index.ts';
import { sharedDataPath, SHARED_DATA_MISSING } from '../shared.ts';
import { expectCausal } from '../../../core/src/pipeline/__tests__/causalityHarness.ts';

const btc = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const eth = sharedDataPath('binance-spot-btc-eth-1m-2021-04/ETH_USDT-1m.json.gz');

describe('whole-run causality on real Binance BTC+ETH 1m bars (2021-04)', () => {
  it.skipIf(!btc || !eth)(`the default config (book tier off: the file has no book) changes nothing before τ when every later price is mirrored ${btc && eth ? '' : SHARED_DATA_MISSING}`, async () => {
    const r = validateConfig({ data: { source: 'store' }, features: { microstructure: { enabled: false } } });
    if (!r.ok) throw new Error(r.issues[0].text);
    const bars = { BTC: await readBarsFile(btc!, { symbol: 'BTC' }), ETH: await readBarsFile(eth!, { symbol: 'ETH' }) };
    const out = await expectCausal(r.config, { source: 'store', bars }, 0.75);
    expect(out.predictions).toBeGreaterThan(10_000);
    expect(out.trades).toBeGreaterThan(0);
    expect(out.changedAfter).toBe(true);
  }, 120_000);
});
