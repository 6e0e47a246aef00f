import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserInputError } from '@skippy/core';

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True when the bytes start with the Parquet magic "PAR1". */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/** readFileBytes(path) – the file's bytes, or a UserInputError naming the path when it cannot be read. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UserInputError(path, code === 'ENOENT' ? 'expected an existing file' : code === 'EISDIR' ? 'expected a file, not a directory' : 'expected a readable file', undefined, code);
  }
}

/**
 * decodeText(bytes, name) → UTF-8 text, gunzipped first when the bytes carry the gzip magic
 * (whatever the extension). A corrupt or truncated gzip is a UserInputError: "name: expected a
 * readable gzip file (…)".
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new UserInputError(basename(name), 'expected a readable gzip file', undefined, e instanceof Error ? e.message : String(e));
    }
  } else if (/\.gz$/i.test(name)) {
    throw new UserInputError(basename(name), 'expected a readable gzip file', undefined, 'no gzip header');
  }
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}
