/**
 * The job host: the HTTP side of the job contract, served by whoever submits runs (the server under
 * /jobs, a CLI on its own loopback port). Workers call it; nothing needs a shared file system.
 *   GET /version            → {"codeVersion"}
 *   GET /inputs/<sha256>    → the encoded pipeline inputs (404 for an unknown content hash)
 *   PUT /results/<jobId>    → body: the encoded {report, tables}; stored once per job id (a repeat is a
 *                             duplicate, answered 200 without storing)
 * A token, when set, must come as `Authorization: Bearer <token>` (401 otherwise).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobStore } from './blobStore.ts';
import { isContentHash } from './codec.ts';

export interface JobHostOptions {
  codeVersion: string;
  blobs: BlobStore;
  token?: string;
  /** Largest result body in bytes. @default 512 MiB */
  maxResultBytes?: number;
  /** Stores a result (by job id); answers 'stored', 'duplicate' (already stored), 'busy' (being stored now) or 'unknown' (no such job here). */
  onResult(runId: string, body: Buffer): Promise<'stored' | 'duplicate' | 'busy' | 'unknown'>;
}

const RUN_ID = /^[\w-]{1,100}$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function tokenOk(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { resolve(null); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** jobHostHandler(options) – a Node request handler for paths relative to the mount point (req.url like /inputs/<hash>). */
export function jobHostHandler(options: JobHostOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxResultBytes ?? 512 * 1024 * 1024;
  return (req, res) => {
    void (async () => {
      if (options.token !== undefined && !tokenOk(req.headers.authorization, options.token)) {
        send(res, 401, { error: 'token mismatch: expected Authorization: Bearer <the server token>' });
        return;
      }
      const path = (req.url ?? '/').split('?')[0];
      const parts = path.split('/').filter(Boolean);
      if (req.method === 'GET' && parts.length === 1 && parts[0] === 'version') { send(res, 200, { codeVersion: options.codeVersion }); return; }
      if (req.method === 'GET' && parts.length === 2 && parts[0] === 'inputs') {
        const hash = parts[1];
        const bytes = isContentHash(hash) ? options.blobs.get(hash) : null;
        if (!bytes) { send(res, 404, { error: `unknown content hash ${hash.slice(0, 80)}` }); return; }
        res.statusCode = 200;
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-length', String(bytes.length));
        res.end(bytes);
        return;
      }
      if (req.method === 'PUT' && parts.length === 2 && parts[0] === 'results') {
        const runId = parts[1];
        if (!RUN_ID.test(runId)) { send(res, 400, { error: `job id: expected 1–100 letters, digits, _ or -, got ${JSON.stringify(runId.slice(0, 80))}` }); return; }
        const body = await readBody(req, limit);
        if (body === null) { send(res, 413, { error: `result of ${runId}: larger than ${limit} bytes` }); return; }
        const outcome = await options.onResult(runId, body);
        send(res, outcome === 'unknown' ? 404 : outcome === 'busy' ? 409 : 200, outcome === 'unknown' ? { error: `no run job ${runId} is waiting for a result here` } : { outcome });
        return;
      }
      send(res, 404, { error: `no job endpoint ${req.method} ${path.slice(0, 100)}` });
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    });
  };
}
