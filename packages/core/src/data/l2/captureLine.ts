/**
 * Classifies one capture line, `<local_ts> <json>` (the local timestamp is optional), without
 * JSON.parse. The local timestamp is never read: arrival order is the only thing it gives.
 */

/** Message kinds (plain numbers: the classifier runs once per line in the hot loop). */
export const MessageKind = {
  Depth: 0,
  Trade: 1,
  BookTicker: 2,
  Snapshot: 3,
  Other: 4,
  Invalid: 5,
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** Result of classifyLine: the kind and the index where the message payload (`data`) starts. */
export const classified = { kind: MessageKind.Invalid as MessageKind, dataStart: 0 };

/**
 * classifyLine(line) sets `classified.kind` and `classified.dataStart`. Combined-stream
 * messages are recognised by their stream name (`<sym>@depth...`, `@trade`, `@bookTicker`),
 * raw messages by `"e"`, the REST snapshot by `"lastUpdateId"`.
 */
export function classifyLine(line: string): MessageKind {
  let j = 0;
  if (line.charCodeAt(0) !== 123 /* { */) {
    j = line.indexOf(' ');
    if (j < 0) return set(MessageKind.Invalid, 0);
    j++;
  }
  // Only the head of the line is read here: a bookTicker line is never touched further (its tail
  // would cost a cache miss per line); depth and trade lines are validated by their scanners.
  if (line.charCodeAt(j) !== 123) return set(MessageKind.Invalid, 0);
  if (matchAt(line, '"stream":"', j + 1)) {
    const nameStart = j + 11;
    const nameEnd = line.indexOf('"', nameStart);
    if (nameEnd < 0) return set(MessageKind.Invalid, 0);
    let at = nameStart;
    while (at < nameEnd && line.charCodeAt(at) !== 64 /* @ */) at++;
    const dataStart = matchAt(line, '"data":', nameEnd + 2) ? nameEnd + 2 : line.indexOf('"data":', nameEnd);
    if (dataStart < 0 || at === nameEnd) return set(MessageKind.Invalid, 0);
    const c = line.charCodeAt(at + 1);
    if (c === 100 /* d */ && matchAt(line, 'depth', at + 1)) return set(MessageKind.Depth, dataStart);
    if (c === 116 /* t */ && matchAt(line, 'trade"', at + 1)) return set(MessageKind.Trade, dataStart);
    if (c === 98 /* b */ && matchAt(line, 'bookTicker"', at + 1)) return set(MessageKind.BookTicker, dataStart);
    return set(MessageKind.Other, dataStart);
  }
  if (matchAt(line, '"e":"', j + 1)) {
    if (matchAt(line, 'depthUpdate"', j + 6)) return set(MessageKind.Depth, j);
    if (matchAt(line, 'trade"', j + 6)) return set(MessageKind.Trade, j);
    if (matchAt(line, 'bookTicker"', j + 6)) return set(MessageKind.BookTicker, j);
    return set(MessageKind.Other, j);
  }
  if (matchAt(line, '"lastUpdateId":', j + 1)) return set(MessageKind.Snapshot, j);
  if (matchAt(line, '"u":', j + 1)) return set(MessageKind.BookTicker, j);
  return set(MessageKind.Other, j);
}

/** matchAt(text, word, at) – text has `word` at position `at` (a char loop: cheaper than startsWith here). */
function matchAt(text: string, word: string, at: number): boolean {
  const n = word.length;
  if (at + n > text.length) return false;
  for (let k = 0; k < n; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

function set(kind: MessageKind, dataStart: number): MessageKind {
  classified.kind = kind;
  classified.dataStart = dataStart;
  return kind;
}
