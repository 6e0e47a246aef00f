#!/usr/bin/env node
// Regenerates the small sample inputs of the README's CLI tour (seeded: the same bytes every time).
//   node examples/generate.mjs
// matrix.csv  – per-period returns of 8 strategy variants (header of names, one row per period): `pbo`, `stats --trials`
// returns.csv – one returns column (the first variant): `stats --input`
// btc-1h.csv  – 720 hourly OHLCV bars (ts = bar open, epoch ms UTC): `qc`, `features`, `labels`, `backtest`, `ingest --source file`
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let s = 42 >>> 0;
const rand = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const r6 = (x) => x.toFixed(6);

// 8 variants over 512 periods: small drifts around zero and a shared market factor
const T = 512, N = 8;
const drift = Array.from({ length: N }, (_, j) => (j - 3.5) * 0.00008);
const rows = [Array.from({ length: N }, (_, j) => `variant_${j + 1}`).join(',')];
const first = ['returns'];
for (let t = 0; t < T; t++) {
  const m = normal() * 0.004;
  const row = drift.map((d) => d + 0.5 * m + normal() * 0.006);
  rows.push(row.map(r6).join(','));
  first.push(r6(row[0]));
}
writeFileSync(join(here, 'matrix.csv'), `${rows.join('\n')}\n`);
writeFileSync(join(here, 'returns.csv'), `${first.join('\n')}\n`);

// 30 days of hourly BTC-like bars from 2024-01-01T00:00Z
const H = 3_600_000, start = Date.UTC(2024, 0, 1);
let close = 42000;
const bars = ['ts,open,high,low,close,volume'];
for (let i = 0; i < 720; i++) {
  const open = close;
  close = open * Math.exp(normal() * 0.006);
  const high = Math.max(open, close) * (1 + rand() * 0.003), low = Math.min(open, close) * (1 - rand() * 0.003);
  bars.push([start + i * H, open.toFixed(2), high.toFixed(2), low.toFixed(2), close.toFixed(2), (50 + rand() * 150).toFixed(4)].join(','));
}
writeFileSync(join(here, 'btc-1h.csv'), `${bars.join('\n')}\n`);
