import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import { appliedCostComponents, dataRequirementIssues, syntheticAvailableData } from '../dataRequirements.ts';
import type { AvailableData } from '../dataRequirements.ts';
import { syntheticInputs } from '../syntheticInputs.ts';

const config = (input: Record<string, unknown> = {}): ExperimentConfig => experimentSchema.parse(input);
const derivativesOn = { features: { derivatives: { enabled: true } } };
const all = { funding: true, book: true, openInterest: true };
/** A store that holds everything for BTC and only bars + open interest for ETH. */
const store: AvailableData = { source: 'store', series: { BTC: { ...all }, ETH: { funding: false, book: false, openInterest: true } }, sentiment: true };
const full: AvailableData = { source: 'store', series: { BTC: { ...all }, ETH: { ...all } }, sentiment: true };

describe('dataRequirementIssues(config, available)', () => {
  it('is empty when the source holds every series the switched-on tiers need', () => {
    expect(dataRequirementIssues(config(derivativesOn), full)).toEqual([]);
    expect(dataRequirementIssues(config(), { ...full, series: { BTC: { ...all, funding: false }, ETH: { ...all, openInterest: false } }, sentiment: false })).toEqual([]); // tier 3 off
  });

  it('names the tier, the missing series and the symbols lacking it, in plain words', () => {
    const issues = dataRequirementIssues(config(derivativesOn), store);
    expect(issues).toEqual([
      {
        field: 'features.microstructure',
        message: 'the microstructure tier needs an L2 order book for ETH (for spread %, depth imbalance, order-flow imbalance and multi-level order-flow imbalance), '
          + 'which the data directory does not hold — ingest an order-book capture for ETH or switch the microstructure tier off '
          + '(the bar-based proxies Corwin–Schultz spread and tick-rule signed volume need no book)',
      },
      {
        field: 'features.derivatives',
        message: 'the derivatives tier needs funding rates for ETH (for the funding-rate change), which the data directory does not hold — ingest a funding-rate file for ETH or switch the derivatives tier off',
      },
    ]);
    for (const i of issues) expect(i.message).not.toMatch(/--/);
  });

  it('lists several symbols and the market-wide sentiment index', () => {
    const none: AvailableData = { source: 'store', series: {}, sentiment: false };
    const msgs = dataRequirementIssues(config({ ...derivativesOn, features: { microstructure: { enabled: false }, derivatives: { enabled: true } } }), none).map((i) => i.message);
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toMatch(/^the derivatives tier needs funding rates for BTC and ETH /);
    expect(msgs[1]).toMatch(/^the derivatives tier needs open-interest history for BTC and ETH .*ingest an open-interest history for BTC and ETH/);
    expect(msgs[2]).toBe('the derivatives tier needs a daily sentiment index (for the sentiment feature), which the data directory does not hold — ingest a sentiment index or switch the derivatives tier off');
  });

  it('only asks for the series of the features that are switched on (book updates for ofi, snapshots for spread)', () => {
    const c = config({ features: { microstructure: { spread_pct: { enabled: false }, depth_imbalance: { enabled: false } } } });
    const snapshotsOnly: AvailableData = { source: 'store', series: { BTC: { ...all, bookEvents: false }, ETH: { ...all } }, sentiment: true };
    expect(dataRequirementIssues(c, snapshotsOnly).map((i) => i.message)).toEqual([
      expect.stringMatching(/^the microstructure tier needs L2 order-book updates for BTC \(for order-flow imbalance and multi-level order-flow imbalance\)/),
    ]);
    const proxiesOnly = config({ features: { microstructure: { spread_pct: { enabled: false }, depth_imbalance: { enabled: false }, order_flow_imbalance: { enabled: false }, mlofi: { enabled: false }, spread_cs: { enabled: true } } } });
    expect(dataRequirementIssues(proxiesOnly, { source: 'store', series: {}, sentiment: false })).toEqual([]);
  });

  it('says when the series is switched off in data.sources rather than absent', () => {
    const c = config({ ...derivativesOn, data: { sources: { funding: false } } });
    const [issue] = dataRequirementIssues(c, syntheticAvailableData(c));
    expect(issue).toEqual({
      field: 'features.derivatives',
      message: 'the derivatives tier needs funding rates for BTC and ETH (for the funding-rate change), but the synthetic market generates it only when data.sources.funding is on, and it is off — switch it on or switch the derivatives tier off',
    });
    expect(dataRequirementIssues(c, { ...full, series: { BTC: { ...all, funding: false }, ETH: { ...all, funding: false } } })[0].message)
      .toMatch(/but it is loaded from the data directory only when data.sources.funding is on/);
  });

  it('checks the ablation feature sets too, naming the set', () => {
    const c = config({ hpo: { ablation: { enabled: true, feature_sets: ['price', 'price+derivatives'] } } });
    const issues = dataRequirementIssues(c, store);
    expect(issues.map((i) => i.field)).toEqual(['features.microstructure', 'hpo.ablation.feature_sets[1]']);
    expect(issues[1].message).toMatch(/^the feature set "price\+derivatives": the derivatives tier needs funding rates for ETH .* or remove it from the feature set \("price\+derivatives"\)$/);
  });
});

describe('syntheticAvailableData(config)', () => {
  it('matches what syntheticInputs produces for every data.sources switch', () => {
    for (const sources of [{}, { book: false }, { funding: false, sentiment: false }, { open_interest: false }]) {
      const c = config({ data: { synthetic: { days: 1 }, sources } });
      const a = syntheticAvailableData(c);
      const inputs = syntheticInputs(c);
      for (const s of c.data.symbols) {
        expect(a.series[s]).toEqual({ book: !!inputs.snapshots?.[s] && !!inputs.events?.[s], funding: !!inputs.funding?.[s], openInterest: !!inputs.openInterest?.[s] });
      }
      expect(a.sentiment).toBe(!!inputs.sentiment);
      expect(dataRequirementIssues(c, a).length === 0).toBe(c.data.sources.book);
    }
  });
});

describe('appliedCostComponents(config, available)', () => {
  it('applies fees, slippage, half spread and funding when the data holds a book and funding for every symbol', () => {
    expect(appliedCostComponents(config(), full)).toEqual({ applied: ['fees', 'slippage', 'half_spread', 'funding'], missing: [] });
  });
  it('names the symbols a component is not charged for', () => {
    expect(appliedCostComponents(config(), store)).toEqual({
      applied: ['fees', 'slippage'],
      missing: [
        { component: 'half_spread', reason: 'no order book (the spread comes from it) for ETH (charged for BTC only)' },
        { component: 'funding', reason: 'no funding rates for ETH (charged for BTC only)' },
      ],
    });
  });
  it('explains components switched off in the configuration', () => {
    const c = config({
      data: { sources: { funding: false } },
      execution: { taker_fee: 0, half_spread: true, funding: true, models: { slippage: { kind: 'none' } } },
      features: { microstructure: { spread_pct: { enabled: false } } },
    });
    const r = appliedCostComponents(c, syntheticAvailableData(c));
    expect(r.applied).toEqual([]);
    expect(r.missing).toEqual([
      { component: 'fees', reason: 'the taker fee is 0 in the configuration (execution.taker_fee)' },
      { component: 'slippage', reason: 'the slippage model is "none" (execution.models.slippage)' },
      { component: 'half_spread', reason: 'the half spread is taken from the spread % feature, which is switched off (features.microstructure.spread_pct)' },
      { component: 'funding', reason: 'no funding rates for BTC and ETH — loading funding rates is switched off (data.sources.funding)' },
    ]);
    const off = config({ execution: { half_spread: false, funding: false, models: { slippage: { kind: 'fixed', rate: 0 } } } });
    expect(appliedCostComponents(off, full).missing.map((m) => m.reason)).toEqual([
      'the fixed slippage rate is 0 (execution.models.slippage.rate)',
      'switched off in the configuration (execution.half_spread)',
      'switched off in the configuration (execution.funding)',
    ]);
  });
});
