/** Validated access to flag values: each error names the flag, what was expected and what was given. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserInputError } from '@skippy/core';
import type { CliContext } from './framework.ts';

export function getString(ctx: CliContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireString(ctx: CliContext, name: string, expected = 'a value'): string {
  const v = getString(ctx, name);
  if (v === undefined || v === '') throw new UserInputError(`--${name}`, `is required: expected ${expected}`);
  return v;
}

export function getNumber(ctx: CliContext, name: string, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number | undefined {
  const raw = getString(ctx, name);
  if (raw === undefined) return undefined;
  return parseNumberFlag(name, raw, opts);
}

export function parseNumberFlag(name: string, raw: string, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number {
  const n = Number(raw);
  const positive = opts.min !== undefined && ((opts.min === 0 && opts.exclusiveMin === true) || (opts.integer === true && opts.min === 1 && !opts.exclusiveMin));
  const what = positive
    ? `a positive ${opts.integer ? 'integer' : 'number'}${opts.max !== undefined ? ` ≤ ${opts.max}` : ''}`
    : `${opts.integer ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}` : ''}${opts.max !== undefined ? ` ≤ ${opts.max}` : ''}`;
  const bad = raw.trim() === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))
    || (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) || (opts.max !== undefined && n > opts.max);
  // a number the user wrote is echoed as a number (got -1), anything else as the text they typed
  if (bad) throw new UserInputError(`--${name}`, `expected ${what}`, raw.trim() !== '' && Number.isFinite(n) && String(n) === raw.trim() ? n : raw);
  return n;
}

/** "10,20,50" → [10, 20, 50] with each item validated. */
export function getNumberList(ctx: CliContext, name: string, opts: { min?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number[] | undefined {
  const raw = getString(ctx, name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw new UserInputError(`--${name}`, 'expected a comma-separated list of numbers', raw);
  return parts.map((p) => parseNumberFlag(name, p, opts));
}

export function getList(ctx: CliContext, name: string): string[] | undefined {
  const raw = getString(ctx, name);
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

export function getChoice<T extends string>(ctx: CliContext, name: string, choices: readonly T[], fallback?: T): T | undefined {
  const raw = getString(ctx, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new UserInputError(`--${name}`, `expected one of ${choices.join(' | ')}`, raw);
  return raw as T;
}

/**
 * checkOutputPath('out', raw, 'dir' | 'file') – a path the command will write: a directory (created when
 * missing) or a file (replaced when present). Refused before any work: an existing path of the other kind,
 * and a path under an existing file (mkdir would fail with ENOTDIR). Returns the absolute path.
 */
export function checkOutputPath(flag: string, raw: string, kind: 'dir' | 'file'): string {
  const path = resolve(raw);
  if (existsSync(path)) {
    const isDir = statSync(path).isDirectory();
    if (kind === 'dir' && !isDir) throw new UserInputError(`--${flag}`, 'expected a directory (new or existing), not an existing file', raw);
    if (kind === 'file' && isDir) throw new UserInputError(`--${flag}`, 'expected a file to write, not an existing directory', raw);
    return path;
  }
  for (let p = dirname(path); ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory()) throw new UserInputError(`--${flag}`, `expected a path inside a directory, but ${p} is a file`, raw);
      return path;
    }
    if (dirname(p) === p) return path;
  }
}

/** getOutputFile(ctx, 'out') – the flag's value checked by checkOutputPath as a file (undefined when absent). */
export function getOutputFile(ctx: CliContext, name: string): string | undefined {
  const raw = getString(ctx, name);
  if (raw === undefined) return undefined;
  checkOutputPath(name, raw, 'file');
  return raw;
}
