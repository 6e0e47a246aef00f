/**
 * What a run's data must hold for its config, checked BEFORE the run: a feature tier whose series the
 * data source lacks is rejected with the missing series named in plain words, and the cost components
 * the backtest will (and will not) charge are listed, so costs never vanish silently on real data.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { FeaturesConfig } from '../config/features.ts';
import { enabledFeatureNames, featureSetConfig } from '../features/featureSet.ts';

/** Per-symbol auxiliary series the run's source provides (bars are assumed). */
export interface SymbolSeries {
  funding: boolean;
  /** An L2 book: snapshots at bar close (spread %, depth imbalance, the half spread). */
  book: boolean;
  /** Book updates inside bars (order-flow imbalance, multi-level OFI). @default the value of `book` */
  bookEvents?: boolean;
  openInterest: boolean;
}

/** What the data source provides for the run (io's loadRunInputs reports it for the store). */
export interface AvailableData {
  source: 'synthetic' | 'store';
  /** By symbol; a symbol without an entry has none of the series. */
  series: Record<string, SymbolSeries>;
  /** The market-wide daily sentiment index. */
  sentiment: boolean;
}

/** One problem: `field` is the config path to change, `message` a sentence a browser user can act on. */
export interface DataRequirementIssue {
  field: string;
  message: string;
}

/** Cost components charged by the backtest, and the ones that are not, each with the reason. */
export interface AppliedCostComponents {
  /** Components charged on every symbol's fills: 'fees', 'slippage', 'half_spread', 'funding'. */
  applied: string[];
  missing: { component: string; reason: string }[];
}

/**
 * syntheticAvailableData(config) – what syntheticInputs produces for config.data: for every symbol a book
 * (snapshots and in-bar events) when data.sources.book, funding when data.sources.funding, open interest
 * when data.sources.open_interest; the sentiment index when data.sources.sentiment.
 */
export function syntheticAvailableData(config: ExperimentConfig): AvailableData {
  const s = config.data.sources;
  const one: SymbolSeries = { funding: s.funding, book: s.book, openInterest: s.open_interest };
  return { source: 'synthetic', series: Object.fromEntries(config.data.symbols.map((sym) => [sym, { ...one }])), sentiment: s.sentiment };
}

type SeriesKey = 'book' | 'book_events' | 'funding' | 'open_interest' | 'sentiment';

/** Plain words per series: what it is, and how to get it into the data directory. */
const WORDS: Record<SeriesKey, { what: string; ingest: (symbols: string) => string }> = {
  book: { what: 'an L2 order book', ingest: (s) => `ingest an order-book capture for ${s}` },
  book_events: { what: 'L2 order-book updates', ingest: (s) => `ingest an order-book capture with its updates for ${s}` },
  funding: { what: 'funding rates', ingest: (s) => `ingest a funding-rate file for ${s}` },
  open_interest: { what: 'open-interest history', ingest: (s) => `ingest an open-interest history for ${s}` },
  sentiment: { what: 'a daily sentiment index', ingest: () => 'ingest a sentiment index' },
};

const SOURCE_SWITCH: Record<SeriesKey, keyof ExperimentConfig['data']['sources']> = { book: 'book', book_events: 'book', funding: 'funding', open_interest: 'open_interest', sentiment: 'sentiment' };

/** "BTC", "BTC and ETH", "BTC, ETH and SOL". */
function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function has(available: AvailableData, symbol: string, key: SeriesKey): boolean {
  if (key === 'sentiment') return available.sentiment;
  const s = available.series[symbol];
  if (!s) return false;
  if (key === 'book_events') return s.bookEvents ?? s.book;
  return key === 'book' ? s.book : key === 'funding' ? s.funding : s.openInterest;
}

/** Symbols lacking a series ([''] for a missing market-wide series, [] when nothing is missing). */
function lacking(config: ExperimentConfig, available: AvailableData, key: SeriesKey): string[] {
  if (key === 'sentiment') return available.sentiment ? [] : [''];
  return config.data.symbols.filter((s) => !has(available, s, key));
}

/** Why the series is missing and what to do, after "… needs X for SYM, ". */
function remedy(config: ExperimentConfig, available: AvailableData, key: SeriesKey, symbols: string, off: string): string {
  const sw = SOURCE_SWITCH[key];
  const w = WORDS[key];
  if (!config.data.sources[sw]) {
    const how = available.source === 'synthetic' ? 'the synthetic market generates it' : 'it is loaded from the data directory';
    return `but ${how} only when data.sources.${sw} is on, and it is off — switch it on or ${off}`;
  }
  if (available.source === 'synthetic') return `which the synthetic market does not provide — ${off}`;
  return `which the data directory does not hold — ${w.ingest(symbols)} or ${off}`;
}

const BOOK_FEATURES: [test: (name: string) => boolean, words: string, key: 'book' | 'book_events'][] = [
  [(n) => n === 'spread_pct', 'spread %', 'book'],
  [(n) => n === 'depth_imbalance', 'depth imbalance', 'book'],
  [(n) => n === 'ofi', 'order-flow imbalance', 'book_events'],
  [(n) => n.startsWith('mlofi_'), 'multi-level order-flow imbalance', 'book_events'],
];

/** The issues of one feature configuration; `field` prefixes each issue (the tier path is appended for the base config). */
function featureIssues(config: ExperimentConfig, features: FeaturesConfig, available: AvailableData, where: string | null): DataRequirementIssue[] {
  const names = enabledFeatureNames(features);
  const out: DataRequirementIssue[] = [];
  const push = (tierField: string, tier: string, key: SeriesKey, uses: string) => {
    const syms = lacking(config, available, key);
    if (syms.length === 0) return;
    const forWhom = key === 'sentiment' ? '' : ` for ${andList(syms)}`;
    const off = where ? `remove it from the feature set (${where})` : `switch the ${tier} tier off`;
    out.push({
      field: where ?? tierField,
      message: `${where ? `the feature set ${where}: ` : ''}the ${tier} tier needs ${WORDS[key].what}${forWhom} (${uses}), ${remedy(config, available, key, andList(syms), off)}`,
    });
  };
  const proxy = ' (the bar-based proxies Corwin–Schultz spread and tick-rule signed volume need no book)';
  const uses = (key: 'book' | 'book_events') => BOOK_FEATURES.filter(([t, , k]) => k === key && names.some(t)).map(([, w]) => w);
  const onBook = uses('book'), onEvents = uses('book_events');
  const lackBook = onBook.length ? lacking(config, available, 'book') : [];
  const lackEvents = onEvents.length ? lacking(config, available, 'book_events') : [];
  // The usual case – no book at all for some symbols – is one issue for the tier.
  const same = lackBook.length > 0 && lackBook.join() === lackEvents.join();
  const groups: ['book' | 'book_events', string[]][] = same ? [['book', [...onBook, ...onEvents]]] : [['book', onBook], ['book_events', onEvents]];
  for (const [key, words] of groups) {
    if (words.length === 0) continue;
    const n0 = out.length;
    push('features.microstructure', 'microstructure', key, `for ${andList(words)}`);
    if (out.length > n0) out[out.length - 1].message += proxy;
  }
  if (names.includes('funding_rate_delta')) push('features.derivatives', 'derivatives', 'funding', 'for the funding-rate change');
  if (names.includes('oi_delta')) push('features.derivatives', 'derivatives', 'open_interest', 'for the open-interest change');
  if (names.includes('sentiment')) push('features.derivatives', 'derivatives', 'sentiment', 'for the sentiment feature');
  return out;
}

/**
 * dataRequirementIssues(config, available) – every switched-on feature whose data the source lacks, as
 * {field, message} (empty when the run can start): microstructure spread %, depth imbalance, order-flow
 * imbalance and multi-level OFI need an L2 book; derivatives funding_rate_delta needs funding rates,
 * oi_delta open interest, sentiment the sentiment index. Symbols lacking a series are named. Ablation
 * feature sets (hpo.ablation, when enabled) are checked too, with field `hpo.ablation.feature_sets[i]`.
 */
export function dataRequirementIssues(config: ExperimentConfig, available: AvailableData): DataRequirementIssue[] {
  const out = featureIssues(config, config.features, available, null);
  const ab = config.hpo.ablation;
  if (ab.enabled) {
    ab.feature_sets.forEach((spec, i) => {
      const field = `hpo.ablation.feature_sets[${i}]`;
      let features: FeaturesConfig;
      try {
        features = featureSetConfig(spec, config.features, field);
      } catch {
        return; // the schema reports unknown feature names
      }
      for (const issue of featureIssues(config, features, available, `"${spec}"`)) out.push({ ...issue, field });
    });
  }
  return out;
}

/**
 * appliedCostComponents(config, available) – which costs the bar backtest charges:
 *  - fees: the taker fee, unless execution.taker_fee is 0;
 *  - slippage: unless the slippage model is "none" (or "fixed" at rate 0);
 *  - half_spread: execution.half_spread and a spread series – the spread % feature, which needs the
 *    microstructure tier with spread % switched on and an L2 book for every symbol;
 *  - funding: execution.funding and funding rates for every symbol.
 * A component charged on only some symbols is listed as missing, naming the symbols without it.
 */
export function appliedCostComponents(config: ExperimentConfig, available: AvailableData): AppliedCostComponents {
  const ex = config.execution;
  const applied: string[] = [];
  const missing: { component: string; reason: string }[] = [];
  if (ex.taker_fee > 0) applied.push('fees');
  else missing.push({ component: 'fees', reason: 'the taker fee is 0 in the configuration (execution.taker_fee)' });
  const sl = ex.models.slippage;
  if (sl.kind === 'none') missing.push({ component: 'slippage', reason: 'the slippage model is "none" (execution.models.slippage)' });
  else if (sl.kind === 'fixed' && sl.rate === 0) missing.push({ component: 'slippage', reason: 'the fixed slippage rate is 0 (execution.models.slippage.rate)' });
  else applied.push('slippage');

  const symbols = config.data.symbols;
  const partial = (what: string, without: string[]) => {
    const withIt = symbols.filter((s) => !without.includes(s));
    return `no ${what} for ${andList(without)}${withIt.length ? ` (charged for ${andList(withIt)} only)` : ''}`;
  };
  if (!ex.half_spread) missing.push({ component: 'half_spread', reason: 'switched off in the configuration (execution.half_spread)' });
  else if (!enabledFeatureNames(config.features).includes('spread_pct')) {
    missing.push({ component: 'half_spread', reason: 'the half spread is taken from the spread % feature, which is switched off (features.microstructure.spread_pct)' });
  } else {
    const without = lacking(config, available, 'book');
    if (without.length) missing.push({ component: 'half_spread', reason: partial('order book (the spread comes from it)', without) });
    else applied.push('half_spread');
  }
  if (!ex.funding) missing.push({ component: 'funding', reason: 'switched off in the configuration (execution.funding)' });
  else {
    const without = lacking(config, available, 'funding');
    if (without.length) {
      const why = config.data.sources.funding ? '' : ' — loading funding rates is switched off (data.sources.funding)';
      missing.push({ component: 'funding', reason: `${partial('funding rates', without)}${why}` });
    } else applied.push('funding');
  }
  return { applied, missing };
}
