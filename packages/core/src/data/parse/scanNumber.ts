/**
 * scanNumber(text, start, end) parses the decimal number in text[start, end) without
 * allocating a substring. Leading/trailing spaces and surrounding double quotes are ignored.
 * Returns NaN when the field is not a plain number (the caller reports it).
 *
 * Convention: plain decimals with at most 15 significant digits take the exact fast path
 * (integer mantissa / 10^k, correctly rounded because both operands are exact doubles);
 * anything else (exponents, long mantissas, `NaN`, `Infinity`) goes through `Number()` on the slice,
 * so the value is always what `Number(field)` would give. Empty fields are NaN.
 */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

export function scanNumber(text: string, start: number, end: number): number {
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 34)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 34 || text.charCodeAt(end - 1) === 13)) end--;
  if (start >= end) return NaN;
  let i = start;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45) { neg = true; i++; } else if (c0 === 43) i++;
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let seenDot = false;
  let any = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (mant === 0 && c === 48) { if (seenDot) frac++; continue; }
      mant = mant * 10 + (c - 48);
      digits++;
      if (seenDot) frac++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  if (i === end && any && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? mant : mant / POW10[frac];
    return neg ? -v : v;
  }
  const slice = text.slice(start, end);
  // Only digits and one dot, but too long for the exact fast path: Number() is exact and valid here.
  if (i === end && any) return Number(slice);
  // Number('') and Number(' ') are 0; hex/binary literals are not decimal data.
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|NaN)$/.test(slice)) return Number(slice);
  return NaN;
}

/** True when text[start, end) (after trimming spaces/quotes) is empty. */
export function isBlankField(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 34 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/** The field text for error messages (trimmed, quotes removed). */
export function fieldText(text: string, start: number, end: number): string {
  return text.slice(start, end).trim().replace(/^"|"$/g, '');
}

/** Where scanNumberField stopped: the index of the delimiter (or the line end). */
export const fieldScan = { end: 0 };

/**
 * scanNumberField(text, start, lineEnd, delim) parses the number of the field starting at `start`
 * and ending at the next `delim` (or `lineEnd`), in one walk; `fieldScan.end` receives the field end.
 * Same values as scanNumber on that field.
 */
export function scanNumberField(text: string, start: number, lineEnd: number, delim: number): number {
  let i = start;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45) { neg = true; i++; }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let seenDot = false;
  let any = false;
  for (; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (mant === 0 && c === 48) { if (seenDot) frac++; continue; }
      mant = mant * 10 + (c - 48);
      digits++;
      if (seenDot) frac++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  if ((i === lineEnd || text.charCodeAt(i) === delim) && any && digits <= 15 && frac <= 22) {
    fieldScan.end = i;
    const v = frac === 0 ? mant : mant / POW10[frac];
    return neg ? -v : v;
  }
  let e = text.indexOf(String.fromCharCode(delim), start);
  if (e === -1 || e > lineEnd) e = lineEnd;
  fieldScan.end = e;
  return scanNumber(text, start, e);
}
