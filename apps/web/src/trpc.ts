/**
 * The one tRPC client of the app: queries and mutations go through httpBatchLink (POST/GET to
 * /trpc), subscriptions through httpSubscriptionLink (the browser's EventSource, SSE). The server
 * is only known by its router *type*.
 */
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@skippy/server/router';

const url = '/trpc';
const TOKEN_KEY = 'skippy.token';

/**
 * The server's token when it asks for one (SKIPPY_TOKEN): opened once as `/#token=…`, kept in
 * sessionStorage (this tab only) and removed from the address bar; sent as a Bearer header.
 */
function readToken(): string | null {
  if (typeof window === 'undefined') return null;
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    try { window.sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1])); } catch { /* storage off: header only this page */ }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return decodeURIComponent(m[1]);
  }
  try { return window.sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}
const token = readToken();
const authHeaders = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/**
 * Resolves once the server has set its HttpOnly session cookie from the token (EventSource and artifact
 * links cannot send a header); at once when there is no token.
 */
export const sessionReady: Promise<void> = token
  ? fetch('/auth/session', { method: 'POST', headers: authHeaders(), credentials: 'same-origin' }).then(() => undefined, () => undefined)
  : Promise.resolve();

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: false },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url }),
      false: httpBatchLink({ url, headers: authHeaders, maxItems: 20 }),
    }),
  ],
});

/** Unbatched client for large request bodies (a file upload: its own route with a larger body limit). */
export const trpcDirect = createTRPCClient<AppRouter>({ links: [httpLink({ url, headers: authHeaders })] });

/** `trpc.runs.list.queryOptions()` etc. – plug straight into useQuery / useMutation. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** errorMessage(e) – the readable message the server sent (key path included), never a stack. */
export function errorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // a proxy error page or a refused connection is not JSON: say what it means
  if (e instanceof TRPCClientError && !e.data && /JSON|fetch|network|Failed to/i.test(msg)) {
    return 'The workbench server is not reachable. Is it running? (npm start)';
  }
  return msg;
}
