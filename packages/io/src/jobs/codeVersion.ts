/**
 * The code version a server and its workers must share: the SHA-256 of the pipeline's source (the src
 * folders of core, io and ml without their tests), of the lockfile and of the Node major version, shortened
 * to 12 hex digits. Two
 * checkouts of the same commit agree; a worker on other code is refused with both versions named.
 * Deployments that stamp their own build id pass it instead (SKIPPY_CODE_VERSION).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const SOURCES = ['packages/core/src', 'packages/io/src', 'packages/ml/src'];

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '__tests__' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js|json)$/.test(e.name)) out.push(p);
  }
}

let cached: string | null = null;

/** codeVersion(override) – the override when given (a build id), else the source hash (computed once per process). */
export function codeVersion(override?: string | null): string {
  if (override) return override;
  if (cached) return cached;
  const files: string[] = [];
  for (const s of SOURCES) if (existsSync(join(ROOT, s))) walk(join(ROOT, s), files);
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(lock)) files.push(lock);
  files.sort();
  const h = createHash('sha256');
  // inputs and results cross the wire in Node's serializer format: workers and server share the Node major too
  h.update(`node ${process.versions.node.split('.')[0]}\0`);
  for (const f of files) {
    h.update(relative(ROOT, f).replaceAll('\\', '/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  cached = `src-${h.digest('hex').slice(0, 12)}`;
  return cached;
}
