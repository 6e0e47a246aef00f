import { scanIsoTime } from './isoTime.ts';

/** Formats a cross-check date column may use: ISO (`2021-06-09 23:00:00`) or hour + AM/PM (`2017-08-17 06-AM`). */
export type DateTextFormat = 'iso' | 'hour_am_pm';

/** The format of the value scanDateText last read (null when it read nothing). */
export const dateTextScan: { format: DateTextFormat | null } = { format: null };

/**
 * scanDateText(text, start, end, naiveOffsetMs) → epoch ms UTC of an ISO timestamp (see scanIsoTime)
 * or of CryptoDataDownload's older `YYYY-MM-DD HH-AM|PM` form (12-hour clock: 12-AM is 00:00,
 * 12-PM is 12:00; naive, read in the declared zone); NaN otherwise. Sets `dateTextScan.format`.
 */
export function scanDateText(text: string, start: number, end: number, naiveOffsetMs: number): number {
  const iso = scanIsoTime(text, start, end, naiveOffsetMs);
  if (!Number.isNaN(iso)) {
    dateTextScan.format = 'iso';
    return iso;
  }
  dateTextScan.format = null;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 34)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 34 || text.charCodeAt(end - 1) === 13)) end--;
  // YYYY-MM-DD, then ' ' or 'T', the hour (1–2 digits), optional ':MM', optional '-' or ' ', then AM/PM
  if (end - start < 14) return NaN;
  const day = scanIsoTime(text, start, start + 10, 0);
  const t = text.charCodeAt(start + 10);
  if (Number.isNaN(day) || (t !== 32 && t !== 84)) return NaN;
  let i = start + 11;
  let h12 = 0, digits = 0;
  for (; i < end && digits < 2; i++, digits++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    h12 = h12 * 10 + c;
  }
  let min = 0;
  if (text.charCodeAt(i) === 58) {
    const a = text.charCodeAt(i + 1) - 48, b = text.charCodeAt(i + 2) - 48;
    if (!(a >= 0 && a <= 5 && b >= 0 && b <= 9)) return NaN;
    min = a * 10 + b;
    i += 3;
  }
  if (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 32) i++;
  const ap = text.charCodeAt(i) | 32, m = text.charCodeAt(i + 1) | 32;
  if (digits === 0 || h12 < 1 || h12 > 12 || (ap !== 97 && ap !== 112) || m !== 109 || i + 2 !== end) return NaN;
  dateTextScan.format = 'hour_am_pm';
  return day + ((h12 % 12) + (ap === 112 ? 12 : 0)) * 3_600_000 + min * 60_000 - naiveOffsetMs;
}
