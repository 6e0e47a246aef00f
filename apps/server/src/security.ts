/**
 * What keeps the server safe off loopback and on it:
 * - a bind beyond loopback needs a token (refused at start-up otherwise); with a token every API and
 *   artifact request carries it (`Authorization: Bearer <token>` or the `skippy_token` cookie that a
 *   Bearer request or POST /auth/session sets), compared in constant time;
 * - the Host header must name a configured host (DNS rebinding), and a state-changing request's Origin
 *   must be one of them;
 * - security headers on every response (helmet, with a Content-Security-Policy the web app satisfies);
 * - JSON bodies are capped in size and may not carry `__proto__`/`constructor`/`prototype` keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export const TOKEN_COOKIE = 'skippy_token';

/** isLoopbackHost('127.0.0.1') – true for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The message a non-loopback bind without a token fails with: it says how to set one. */
export function tokenRequiredMessage(host: string): string {
  return `refusing to listen on ${host} without a token: anyone who can reach this address could run and delete experiments. `
    + 'Set SKIPPY_TOKEN (or --token), e.g. `SKIPPY_TOKEN=$(openssl rand -hex 32) npm start -- --host 0.0.0.0`, '
    + 'then open http://<host>:<port>/#token=<token> once in the browser (or send "Authorization: Bearer <token>").';
}

/** tokensEqual(a, b) – constant-time comparison (SHA-256 digests of both, so lengths never leak). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return null; }
    }
  }
  return null;
}

/** The token a request carries: Bearer header first, then the cookie. */
export function requestToken(req: Request): { token: string | null; via: 'bearer' | 'cookie' | null } {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return { token: auth.replace(/^Bearer\s+/i, '').trim(), via: 'bearer' };
  const c = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  return c === null ? { token: null, via: null } : { token: c, via: 'cookie' };
}

function setTokenCookie(res: Response, token: string): void {
  res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`);
}

/** requireToken(token) – 401 unless the request carries the token; a valid Bearer also sets the cookie (for EventSource and artifact links). */
export function requireToken(token: string): RequestHandler {
  return (req, res, next) => {
    const got = requestToken(req);
    if (got.token === null || !tokensEqual(got.token, token)) {
      res.status(401).json({ error: { message: 'missing or wrong token: send "Authorization: Bearer <SKIPPY_TOKEN>" or open the app as /#token=<SKIPPY_TOKEN>', code: 'UNAUTHORIZED' } });
      return;
    }
    if (got.via === 'bearer' && cookieValue(req.headers.cookie, TOKEN_COOKIE) !== got.token) setTokenCookie(res, got.token);
    next();
  };
}

/** The host names a request may address: the bound host, loopback names, and when bound to every interface this machine's names and addresses. */
export function allowedHostNames(host: string, extra: readonly string[] = []): Set<string> {
  const out = new Set<string>(['localhost', '127.0.0.1', '::1'].concat(extra.map((h) => h.toLowerCase())));
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === '0.0.0.0' || h === '::') {
    out.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  } else {
    out.add(h);
  }
  return out;
}

/** The host name of a Host header value ("example.com:5178" → "example.com", "[::1]:80" → "::1"). */
export function hostOf(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : undefined);
  const colon = v.lastIndexOf(':');
  return colon > 0 && v.indexOf(':') === colon ? v.slice(0, colon) : v;
}

/** checkHostAndOrigin(allowed) – 421 for an unknown Host (DNS rebinding), 403 for a state-changing request from a foreign Origin. */
export function checkHostAndOrigin(allowed: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const host = req.headers.host;
    if (!host || !allowed.has(hostOf(host))) {
      res.status(421).json({ error: { message: `unexpected Host ${JSON.stringify(host ?? '')}: this server answers to ${[...allowed].join(', ')} (SKIPPY_ALLOWED_HOSTS adds names)`, code: 'MISDIRECTED' } });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      let ok: boolean;
      try { const u = new URL(origin); ok = (u.protocol === 'http:' || u.protocol === 'https:') && allowed.has(hostOf(u.host)); } catch { ok = false; }
      if (!ok) {
        res.status(403).json({ error: { message: `cross-origin request from ${JSON.stringify(origin)} refused`, code: 'FORBIDDEN' } });
        return;
      }
    }
    next();
  };
}

/**
 * securityHeaders() – helmet 8 with a CSP for the built web app: scripts and workers from this origin
 * (Vite module chunks; blob: for workers created from blobs), WebAssembly compilation but no JS eval
 * ('wasm-unsafe-eval': the reproduce worker's TensorFlow.js wasm backend), inline style attributes (React and
 * ECharts set element styles), images from data:/blob: (ECharts canvas export), no framing.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        // 'wasm-unsafe-eval' lets a worker compile WebAssembly (TensorFlow.js's wasm backend, "Reproduce in this browser"); JS eval stays forbidden
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        'worker-src': ["'self'", 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // the app is served over plain http on a LAN: no HSTS, and no upgrade-insecure-requests
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'entity.forbidden.key';
}

/** Deepest JSON body (a batched tRPC call holding a config is about 10 deep). */
export const MAX_JSON_DEPTH = 64;

class TooDeepError extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'entity.too.deep';
}

/**
 * jsonDepthExceeds(buf, max) – true when arrays/objects nest deeper than `max` (strings skipped), scanned
 * byte by byte before JSON.parse: the reviver pass recurses per level, and a stack overflow on the main
 * thread is no way to refuse a request.
 */
export function jsonDepthExceeds(buf: Uint8Array, max: number): boolean {
  let depth = 0, inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) return true; }
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** jsonBody(limit) – parses JSON bodies up to `limit` and MAX_JSON_DEPTH levels; a key named __proto__/constructor/prototype anywhere is a 400. */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify(_req, _res, buf) {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw new TooDeepError(`request body: expected at most ${MAX_JSON_DEPTH} levels of nesting`);
    },
    reviver(key, value) {
      if (FORBIDDEN.has(key)) throw new ForbiddenKeyError(`request body: key ${JSON.stringify(key)} is not allowed`);
      return value as unknown;
    },
  });
}

/** Express error handler: body-parser errors (too large, malformed, forbidden key) as one JSON line with their status. */
export function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { status?: number; type?: string; message?: string; expose?: boolean; limit?: number };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    // the limit of the route that refused it (an upload route allows more than JSON_LIMIT)
    const limit = typeof e.limit === 'number' && e.limit > 0 ? `${Math.round(e.limit / 1048576)}mb` : JSON_LIMIT;
    const message = e.type === 'entity.too.large' ? `request body too large (limit ${limit})` : (e.expose ? e.message : 'bad request');
    res.status(e.status).json({ error: { message, code: 'BAD_REQUEST' } });
    return;
  }
  next(err);
}

/** Largest JSON request body (a config is a few kB). */
export const JSON_LIMIT = '1mb';

/**
 * limitEventStreams(max) – at most `max` progress streams (SSE: a GET that accepts text/event-stream) open
 * at once; one more is answered 429 with one line. Each open stream holds a subscriber queue and a socket,
 * so without a cap a client opening streams in a loop grows the server's memory and file descriptors.
 * A stream's slot is released when its response closes (client gone, stream ended or server stopping).
 */
export function limitEventStreams(max: number): RequestHandler & { open: () => number } {
  let open = 0;
  const handler = ((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !String(req.headers.accept ?? '').includes('text/event-stream')) { next(); return; }
    if (open >= max) {
      res.status(429).json({ error: { message: `too many open progress streams (at most ${max}); close other tabs or clients and retry`, code: 'TOO_MANY_REQUESTS' } });
      return;
    }
    open++;
    let released = false;
    res.on('close', () => { if (!released) { released = true; open--; } });
    next();
  }) as RequestHandler & { open: () => number };
  handler.open = () => open;
  return handler;
}
