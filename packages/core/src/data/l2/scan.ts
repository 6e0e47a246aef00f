/**
 * Hand-written scanners for Binance websocket JSON text. They read numbers straight from the
 * line without JSON.parse (the hot path of a capture replay) and return NaN/-1 on malformed
 * input so the caller can raise an error that names the line.
 *
 * Decimal strings are read exactly: the digits form an integer mantissa m (exact while
 * m < 2^53) and the value is m / 10^d, a single correctly rounded division, which is the
 * same double that parseFloat returns for the same text. Longer mantissas fall back to
 * parseFloat on the substring.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_EXACT = 2 ** 53;

/** Position just after the scanned token; set by the scan functions. */
export const cursor = { pos: 0 };

/**
 * scanDecimal(text, start) reads an unsigned decimal like `61800.20` beginning at `start`
 * (no quotes) and stops at the first other character. Sets cursor.pos; NaN when no digit.
 */
export function scanDecimal(text: string, start: number): number {
  let i = start;
  let m = 0;
  let digits = 0;
  let dec = -1;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dec >= 0) dec++;
    } else if (c === 46 && dec < 0) {
      dec = 0;
    } else break;
  }
  cursor.pos = i;
  if (digits === 0) return NaN;
  if (m >= MAX_EXACT || dec > 22) return parseFloat(text.slice(start, i));
  return dec > 0 ? m / POW10[dec] : m;
}

/** scanInteger(text, start) reads an unsigned integer (update ids, ms times). Sets cursor.pos; NaN when no digit. */
export function scanInteger(text: string, start: number): number {
  let i = start;
  let m = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    m = m * 10 + (c - 48);
  }
  cursor.pos = i;
  return i === start ? NaN : m;
}

/** Receives the levels of a depth message in order (a book side). */
export interface LevelSink {
  set(price: number, qty: number): void;
}

/** intField(text, key, from) – the integer after `"key":` searched from `from`; NaN when absent. */
export function intField(text: string, key: string, from: number): number {
  const k = text.indexOf(key, from);
  if (k < 0) return NaN;
  return scanInteger(text, k + key.length);
}

/**
 * scanLevels(text, start, sink) reads `[["p","q"],["p","q"],...]` starting at the `[` at `start`,
 * calling sink.set(price, qty) for each pair in order. Returns the number of pairs, or -1 when the
 * text is malformed. Sets cursor.pos after the closing `]`. The decimal reading of scanDecimal is
 * inlined here: this loop touches every character of every depth message.
 */
export function scanLevels(text: string, start: number, sink: LevelSink): number {
  let i = start;
  if (text.charCodeAt(i) !== 91 /* [ */) return -1;
  i++;
  let count = 0;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 93 /* ] */) {
      cursor.pos = i + 1;
      return count;
    }
    if (c === 44 /* , */ || c === 32) {
      i++;
      continue;
    }
    if (c !== 91 || text.charCodeAt(i + 1) !== 34) return -1;
    // price
    i += 2;
    let s0 = i;
    let m = 0;
    let dec = -1;
    for (; ; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (dec >= 0) dec++;
      } else if (c === 46 && dec < 0) dec = 0;
      else break;
    }
    if (c !== 34 || i === s0) return -1;
    const price = m >= MAX_EXACT || dec > 22 ? parseFloat(text.slice(s0, i)) : dec > 0 ? m / POW10[dec] : m;
    if (text.charCodeAt(i + 1) !== 44) return -1;
    i += 2;
    while (text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) !== 34) return -1;
    // quantity
    i++;
    s0 = i;
    m = 0;
    dec = -1;
    for (; ; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (dec >= 0) dec++;
      } else if (c === 46 && dec < 0) dec = 0;
      else break;
    }
    if (c !== 34 || i === s0 || text.charCodeAt(i + 1) !== 93) return -1;
    const qty = m >= MAX_EXACT || dec > 22 ? parseFloat(text.slice(s0, i)) : dec > 0 ? m / POW10[dec] : m;
    i += 2;
    sink.set(price, qty);
    count++;
  }
  return -1;
}
