/**
 * ISO-like timestamps without allocation: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff…]]`,
 * `T` or space between date and time, `/` allowed as the date separator (mlfinlab ticks),
 * optional zone `Z`, `+HH:MM`, `+HHMM`, `+HH`. A timestamp without a zone is "naive" and is read
 * in the caller's declared zone. Fractions beyond milliseconds are kept as fractional ms.
 */

/** Days from 1970-01-01 to the civil date (proleptic Gregorian; Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(at + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * scanIsoTime(text, start, end, naiveOffsetMs) → epoch ms UTC, or NaN when text[start,end) is not
 * a valid timestamp. A value with its own zone ignores naiveOffsetMs.
 */
export function scanIsoTime(text: string, start: number, end: number, naiveOffsetMs: number): number {
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 34)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 34 || text.charCodeAt(end - 1) === 13)) end--;
  if (end - start < 10) return NaN;
  const y = digitsAt(text, start, 4);
  const sep = text.charCodeAt(start + 4);
  if (y < 0 || (sep !== 45 && sep !== 47) || text.charCodeAt(start + 7) !== sep) return NaN;
  const mo = digitsAt(text, start + 5, 2);
  const d = digitsAt(text, start + 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  let ms = daysFromCivil(y, mo, d) * 86_400_000;
  let i = start + 10;
  if (i < end) {
    const t = text.charCodeAt(i);
    if (t !== 84 && t !== 32 && t !== 116) return NaN;
    const hh = digitsAt(text, i + 1, 2);
    const mi = text.charCodeAt(i + 3) === 58 ? digitsAt(text, i + 4, 2) : -1;
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || i + 6 > end) return NaN;
    ms += hh * 3_600_000 + mi * 60_000;
    i += 6;
    if (i < end && text.charCodeAt(i) === 58) {
      const ss = digitsAt(text, i + 1, 2);
      if (ss < 0 || ss > 59 || i + 3 > end) return NaN;
      ms += ss * 1000;
      i += 3;
      if (i < end && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44)) {
        i++;
        let scale = 100;
        let any = false;
        for (; i < end; i++) {
          const c = text.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          ms += c * scale;
          scale /= 10;
          any = true;
        }
        if (!any) return NaN;
      }
    }
  }
  if (i === end) return ms - naiveOffsetMs;
  const z = text.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === end) return ms;
  if (z === 43 || z === 45) {
    const oh = digitsAt(text, i + 1, 2);
    let om = 0;
    let j = i + 3;
    if (j < end && text.charCodeAt(j) === 58) j++;
    if (j < end) {
      om = digitsAt(text, j, 2);
      j += 2;
    }
    if (oh < 0 || oh > 14 || om < 0 || om > 59 || j !== end) return NaN;
    return ms - (z === 45 ? -1 : 1) * (oh * 3_600_000 + om * 60_000);
  }
  return NaN;
}

/** isoUtc(ms) → "2021-05-19T13:21:00.000Z" (pure; no Date object needed). */
export function isoUtc(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const days = Math.floor(ms / 86_400_000);
  let rem = ms - days * 86_400_000;
  // civil from days (Hinnant)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3_600_000);
  rem -= hh * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const ss = Math.floor(rem / 1000);
  const msec = Math.floor(rem - ss * 1000);
  const p = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${y < 0 ? '-' : ''}${p(Math.abs(y), 4)}-${p(m)}-${p(d)}T${p(hh)}:${p(mi)}:${p(ss)}.${p(msec, 3)}Z`;
}
