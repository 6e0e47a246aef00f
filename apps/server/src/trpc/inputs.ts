/**
 * Shared procedure inputs. A config is validated by the core schema (experimentSchema through
 * validateConfig): each problem becomes a zod issue at its key path whose text reads
 * `labels.max_holding_periods[1]: expected a positive integer, got -5`; the errorFormatter
 * flattens them and tRPC answers 400.
 */
import { z } from 'zod';
import { parseConfigText, validateConfig } from '@skippy/core/config';
import type { ConfigResult, ExperimentConfig } from '@skippy/core/config';
import { RUN_STATUSES } from '@skippy/core/reports';

function pathKeys(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function toConfig(result: ConfigResult, ctx: z.RefinementCtx, prefix: string): { config: ExperimentConfig; hash: string } {
  if (result.ok) return { config: result.config, hash: result.hash };
  for (const issue of result.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: [prefix, ...pathKeys(issue.path)], params: { text: issue.text, path: issue.path } });
  }
  return z.NEVER;
}

/** A config given as an object (form) or as YAML/JSON text (import). */
export const configInput = z.union([z.string().max(256_000, { error: 'expected a config of at most 256 kB' }), z.record(z.string().max(200), z.unknown())]);

export function parseConfigValue(value: string | Record<string, unknown>, ctx: z.RefinementCtx): { config: ExperimentConfig; hash: string } {
  return toConfig(typeof value === 'string' ? parseConfigText(value) : validateConfig(value), ctx, 'config');
}

/** `{ config }` → `{ config: ExperimentConfig, hash }`, or 400 with one issue per key path. */
export const configOnlyInput = z.object({ config: configInput }).transform((value, ctx) => parseConfigValue(value.config, ctx));

/** runs.start input: a config plus an optional name and the id of the run it re-runs. */
export const startRunInput = z.object({
  config: configInput,
  name: z.string().max(200).optional(),
  rerunOf: z.string().min(1).max(80).optional(),
}).transform((value, ctx) => ({ ...parseConfigValue(value.config, ctx), name: value.name, rerunOf: value.rerunOf }));

export const runIdInput = z.object({ id: z.string().min(1, { error: 'expected a run id' }).max(80, { error: 'expected a run id' }) });
export const runStatusInput = z.enum(RUN_STATUSES);
