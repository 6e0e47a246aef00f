/**
 * A content-addressed folder of blobs: `<dir>/<first two hex digits>/<sha256>`. The server keeps the run
 * inputs it hands out here; a worker keeps what it fetched (its cache). Writes are atomic; a blob read
 * back is checked against its name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic.ts';
import { isContentHash, sha256Hex } from './codec.ts';

export class BlobStore {
  constructor(readonly dir: string) {}

  private path(hash: string): string {
    if (!isContentHash(hash)) throw new Error(`content hash: expected 64 hex digits, got ${JSON.stringify(hash.slice(0, 80))}`);
    return join(this.dir, hash.slice(0, 2), hash);
  }

  /** Stores the bytes (once) and returns their SHA-256. */
  put(bytes: Uint8Array): string {
    const hash = sha256Hex(bytes);
    const p = this.path(hash);
    if (!existsSync(p)) writeFileAtomic(p, bytes);
    return hash;
  }

  has(hash: string): boolean {
    return isContentHash(hash) && existsSync(this.path(hash));
  }

  /** The blob, or null when absent (or when its bytes no longer match its name). */
  get(hash: string): Buffer | null {
    if (!this.has(hash)) return null;
    const bytes = readFileSync(this.path(hash));
    return sha256Hex(bytes) === hash ? bytes : null;
  }
}
