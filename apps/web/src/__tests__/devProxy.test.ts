/**
 * `npm run dev` with token auth: the Vite dev server (apps/web/vite.config.ts) forwards every path the
 * app calls on the workbench server – /trpc, /healthz, /auth/session and /artifacts – so a server started
 * with SKIPPY_TOKEN works through it: the token posted to /auth/session sets the HttpOnly cookie, and
 * the cookie then opens /trpc and /artifacts. Without the proxy entry Vite would answer index.html (200).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import { createServer as createViteServer } from 'vite';
import { createServer } from '../../../server/src/server.ts';
import type { RunningServer } from '../../../server/src/server.ts';

const WEB = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TOKEN = 'dev-proxy-token-0123456789';
let dir: string;
let api: RunningServer;
let vite: ViteDevServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-devproxy-'));
  const configPath = join(dir, 'training.yml');
  writeFileSync(configPath, 'name: devproxy\n');
  api = await createServer({ port: 0, home: join(dir, 'home'), configPath, workers: 1, warmWorkers: false, webDist: join(dir, 'no-web'), token: TOKEN });
  // vite.config.ts reads the target when it is loaded
  process.env.SKIPPY_SERVER_URL = api.url;
  vite = await createViteServer({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'silent', server: { port: 0, strictPort: false, hmr: false, watch: null } });
  await vite.listen();
  const addr = vite.httpServer!.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await vite?.close();
  await api?.close();
  delete process.env.SKIPPY_SERVER_URL;
  rmSync(dir, { recursive: true, force: true });
});

describe('Vite dev server proxy with token auth', () => {
  it('forwards /auth/session, /trpc, /healthz and /artifacts to the server; the cookie set through the proxy opens the API', async () => {
    // without the token the API answers 401 through the proxy (not Vite's index.html)
    expect((await fetch(`${base}/trpc/runs.list`)).status).toBe(401);
    expect((await fetch(`${base}/artifacts/r1/report.json`)).status).toBe(401);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    // what trpc.ts does once with the #token=… of the address: POST /auth/session with the Bearer header
    const session = await fetch(`${base}/auth/session`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, origin: base } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ ok: true, auth: true });
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^skippy_token=.*HttpOnly; SameSite=Strict/);
    const jar = cookie.split(';')[0];
    // EventSource and download links carry only the cookie
    const list = await fetch(`${base}/trpc/runs.list`, { headers: { cookie: jar } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { result: { data: unknown[] } }).result.data).toEqual([]);
    const art = await fetch(`${base}/artifacts/r1/report.json`, { headers: { cookie: jar } });
    expect(art.status).toBe(404);
    expect(await art.json()).toEqual({ error: 'no artifact report.json for run r1' });
    // a state-changing call from the dev server's own origin passes the server's Origin check
    const validate = await fetch(`${base}/trpc/config.validate`, { method: 'POST', headers: { cookie: jar, origin: base, 'content-type': 'application/json' }, body: '{"config":{}}' });
    expect(validate.status).toBe(200);
    // the app's own routes stay with Vite
    const page = await fetch(`${base}/runs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('every absolute server path the app source calls is proxied', () => {
    const proxied = Object.keys((vite.config.server.proxy ?? {}) as Record<string, unknown>);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) { if (f !== '__tests__') walk(p); } else if (/\.(ts|tsx)$/.test(f)) files.push(p);
      }
    };
    walk(join(WEB, 'src'));
    const used = new Set<string>();
    for (const f of files) {
      // fetch('/x…'), href={`/x/…`}, const url = '/x' – server paths (the SPA's own routes are <Route>/<NavLink> targets)
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:fetch\(|href=\{|url = )['`"](\/(?:trpc|healthz|auth|artifacts|api)\b[^'`"$]*)/g)) used.add(m[1]);
    }
    expect([...used].length).toBeGreaterThanOrEqual(3);
    for (const path of used) expect(proxied.some((p) => path.startsWith(p) || `${path}/`.startsWith(p)), `${path} is not proxied by vite.config.ts`).toBe(true);
  });
});
