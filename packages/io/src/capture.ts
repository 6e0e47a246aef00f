/**
 * Binance websocket captures on disk (`<local_ts> <json>` lines, plain or gzip). Several files
 * given in order are one stream (e.g. a spot capture split at midnight), so the update-id chain
 * and the trade ids continue across the file boundary.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserInputError, replayBinanceCapture } from '@skippy/core';
import type { ReplayBinanceCaptureOptions, ReplayResult } from '@skippy/core';

/** Lines of one or more capture files in order, with the first stream index of each file. */
export interface CaptureText {
  lines: string[];
  files: { path: string; firstLine: number }[];
}

function readBytes(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserInputError(path, 'expected a readable capture file', undefined, (e as Error).message);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new UserInputError(path, 'expected a readable gzip file', undefined, (e as Error).message);
    }
  }
  return bytes;
}

/**
 * splitLines(bytes) – one string per line (without the newline). Each line is decoded on its own, so it
 * is a flat string rather than a slice of one huge string: the replay's character scanner runs about
 * twice as fast on flat strings.
 */
function splitLines(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  const n = bytes.length;
  while (start < n) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = n;
    out.push(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

/** loadCaptureText(paths) – reads, gunzips (by magic bytes) and splits every file; drops a final empty line per file. */
export function loadCaptureText(paths: string | string[]): CaptureText {
  const list = Array.isArray(paths) ? paths : [paths];
  if (list.length === 0) throw new UserInputError('capture', 'expected at least one capture file', []);
  const lines: string[] = [];
  const files: CaptureText['files'] = [];
  for (const path of list) {
    const part = splitLines(readBytes(path));
    if (part.length === 0) throw new UserInputError(path, 'expected a capture with at least one line', undefined, 'the file is empty');
    files.push({ path, firstLine: lines.length });
    for (let i = 0; i < part.length; i++) lines.push(part[i]);
  }
  return { lines, files };
}

/** readCaptureLines(path | paths) – the lines of one stream, files concatenated in the given order. */
export function readCaptureLines(paths: string | string[]): string[] {
  return loadCaptureText(paths).lines;
}

/** captureLineLabel(files) – maps a stream index to `file:line` (1-based) for error messages. */
export function captureLineLabel(files: CaptureText['files']): (index: number) => string {
  return (index: number) => {
    let f = files[0];
    for (const g of files) if (g.firstLine <= index) f = g;
    return `${f.path}:${index - f.firstLine + 1}`;
  };
}

/** readCapture(path | paths, opts) – reads the files and replays them as one stream (see replayBinanceCapture). */
export function readCapture(paths: string | string[], opts: ReplayBinanceCaptureOptions = {}): ReplayResult {
  const { lines, files } = loadCaptureText(paths);
  return replayBinanceCapture(lines, {
    source: files.map((f) => f.path).join('+'),
    lineLabel: captureLineLabel(files),
    ...opts,
  });
}
