/**
 * The one tRPC client of the app: queries and mutations go through httpBatchLink (POST/GET to
 * /trpc), subscriptions through httpSubscriptionLink (the browser's EventSource, SSE). The server
 * is only known by its router *type*.
 */
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@skippy/server/router';

const url = '/trpc';

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
      false: httpBatchLink({ url }),
    }),
  ],
});

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
