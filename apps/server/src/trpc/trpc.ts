/**
 * tRPC init: the context (the server's services) and ONE errorFormatter that turns every zod
 * issue into a readable line `path: message, got value` so the UI shows it as is.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { isUserInputError } from '@skippy/core';
import { formatPath } from '@skippy/core/config';
import type { ServerServices } from '../services/types.ts';

export interface Context {
  services: ServerServices;
}

/** A readable issue as sent to the client in `error.data.issues`. */
export interface IssueLine {
  path: string;
  message: string;
  text: string;
}

/** flattenZodError(error) – one line per issue; config issues (from validateConfig) carry their own text. */
export function flattenZodError(error: ZodError): IssueLine[] {
  return error.issues.map((issue) => {
    const params = (issue as { params?: { text?: string; path?: string } }).params;
    if (params?.text) return { path: params.path ?? formatPath(issue.path), message: issue.message, text: params.text };
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    const got = input !== undefined ? `, got ${JSON.stringify(input)}` : '';
    return { path, message: issue.message, text: `${path || '(input)'}: ${issue.message}${got}` };
  });
}

/**
 * A 400 whose problems are config issues found outside the schema (e.g. a feature tier whose data the
 * source lacks): sent like schema issues, one line per issue in `error.data.issues`.
 */
export class ConfigIssuesError extends Error {
  constructor(readonly issues: IssueLine[]) {
    super(issues.map((i) => i.text).join('; '));
    this.name = 'ConfigIssuesError';
  }
}

const t = initTRPC.context<Context>().create({
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let issues: IssueLine[] | null = null;
    let message = shape.message;
    if (cause instanceof ZodError) {
      issues = flattenZodError(cause);
      message = issues.map((i) => i.text).join('; ');
    } else if (cause instanceof ConfigIssuesError) {
      issues = cause.issues;
      message = cause.message;
    } else if (isUserInputError(cause)) {
      message = cause.message;
    }
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, issues } };
  },
});

export const router = t.router;
/** A user mistake thrown by core (UserInputError) becomes 400 BAD_REQUEST with its one-line message. */
const userErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isUserInputError(result.error.cause)) throw new TRPCError({ code: 'BAD_REQUEST', message: result.error.cause.message, cause: result.error.cause });
  return result;
});

export const publicProcedure = t.procedure.use(userErrors);
export const createCallerFactory = t.createCallerFactory;
