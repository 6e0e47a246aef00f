import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticMarket } from '@skippy/core/data';
import { openDataStore } from '../../store/openDataStore.ts';
import { ingestSynthetic } from '../ingestSynthetic.ts';
import { bookFromTable } from '../bookTable.ts';
import { resampleBars } from '../resampleBars.ts';

describe('ingestSynthetic(store, {symbols, intervals, days, seed})', () => {
  it('writes 1m and 5m bars (5m resampled from 1m) and the book/funding/OI/sentiment tables; same seed → same bytes', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'skippy-syn-')), mkdtempSync(join(tmpdir(), 'skippy-syn-'))];
    try {
      for (const d of dirs) await ingestSynthetic(openDataStore(d), { days: 2, seed: 9, intervals: ['5m', '1m'] });
      const store = openDataStore(dirs[0]);
      const ls = await store.listDatasets();
      expect(ls.map((e) => (e.kind === 'bars' ? `bars ${e.symbol} ${e.interval} ${e.rows}` : `table ${e.name} ${e.symbol ?? '-'} ${e.rows}`))).toEqual([
        'bars BTC 1m 2880', 'bars BTC 5m 576', 'bars ETH 1m 2880', 'bars ETH 5m 576',
        'table book BTC 2880', 'table book ETH 2880', 'table book_events BTC 11520', 'table book_events ETH 11520',
        'table funding BTC 6', 'table funding ETH 6', 'table open_interest BTC 49', 'table open_interest ETH 49', 'table sentiment - 2',
      ]);
      const m = syntheticMarket({ days: 2, seed: 9 });
      const five = await store.readBars('ETH', '5m');
      expect(Array.from(five.close)).toEqual(Array.from(resampleBars(m.bars.ETH, 300_000).close));
      const book = bookFromTable('BTC', (await store.readTable('book', 'BTC')).columns);
      expect(book.depth).toBe(10);
      expect(Array.from(book.askQty.subarray(0, 20))).toEqual(Array.from(m.book!.BTC.askQty.subarray(0, 20)));
      const senti = await store.readTable('sentiment', null);
      expect(Array.from(senti.columns.availableAt as Float64Array)).toEqual(Array.from(m.sentiment.availableAt!));
      for (const f of ['manifest.json', 'bars/source=synthetic/symbol=BTC/interval=1m/bars.parquet', 'tables/name=book_events/symbol=ETH/table.parquet']) {
        expect(readFileSync(join(dirs[0], f)).equals(readFileSync(join(dirs[1], f)))).toBe(true);
      }
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
