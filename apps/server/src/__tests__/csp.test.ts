/**
 * securityHeaders() – the Content-Security-Policy the built web app runs under, directive by directive:
 * WebAssembly may compile ('wasm-unsafe-eval', for TensorFlow.js's wasm backend in the reproduce worker),
 * JavaScript eval may not ('unsafe-eval' nowhere), and nothing else is loosened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { securityHeaders } from '../security.ts';

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders());
  app.get('/', (_req, res) => { res.send('ok'); });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

describe('securityHeaders()', () => {
  it('sends the CSP with wasm compilation allowed in script-src and every other directive unchanged', async () => {
    const csp = (await fetch(url)).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [k, ...v] = d.split(/\s+/); return [k, v.join(' ')]; }));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'worker-src': "'self' blob:",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
    expect(csp).not.toMatch(/'unsafe-eval'/);
  });
});
