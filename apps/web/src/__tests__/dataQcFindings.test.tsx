import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { runQc } from '@skippy/core/qc';
import { parseBarsText } from '@skippy/core/data';
import { QcFindings } from '../data/QcFindings.tsx';

/** Descending hourly CSV with a URL line: 01:00 twice (101.125 in ms, 101.13 rounded in seconds), 04:00–05:00 missing. */
const CSV = `https://www.CryptoDataDownload.com
unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount
1704088800000,2024-01-01 06:00:00,BTC/USDT,101.875,102.5,101.5,102,1,102,4
1704078000000,2024-01-01 03:00:00,BTC/USDT,101.5,102,101.25,101.875,1,101.875,3
1704074400000,2024-01-01 02:00:00,BTC/USDT,101.125,102.5,100.75,101.5,3.5,355.25,12
1704070800000,2024-01-01 01:00:00,BTC/USDT,100.5,101.25,100.25,101.125,2.25,227.53125,9
1704070800.0,2024-01-01 01-AM,BTC/USDT,100.5,101.25,100.25,101.13,2.25,227.53,
1704067200000,2024-01-01 00:00:00,BTC/USDT,100,100.5,99.5,100.5,1,100.5,7
`;

describe('<QcFindings qc stored title />', () => {
  it('states the duplicates, how the rule resolved them and by how much they disagree; the gap; the mixed units', () => {
    const bars = parseBarsText(CSV, { source: 'Binance_BTCUSDT_1h.csv', intervalMs: 3_600_000 });
    const { report } = runQc(bars, { intervalMs: 3_600_000, duplicates: 'precision' });
    const html = renderToString(<QcFindings qc={report} title="QC findings · Binance_BTCUSDT_1h.csv" stored={null} />).replace(/<!-- -->/g, '');
    expect(html).toContain('6 rows read, newest first');
    // |101.13 − 101.125| / 101.13 = 4.944e-5 → 0.0049 %
    expect(html).toContain('1 bar time appears more than once (0 identical); 1 disagrees on OHLC — at most 0.0049 % (close 101.125 vs 101.13 at 2024-01-01 01:00 UTC)');
    expect(html).toContain('Resolved by rule <b>precision</b>');
    expect(html).toContain('1 row dropped');
    expect(html).toContain('1 (2 bars missing)');
    expect(html).toContain('2024-01-01 04:00 (2)');
    expect(html).toContain('1 row in epoch seconds and 5 in milliseconds');
  });
});
