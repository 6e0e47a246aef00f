/**
 * A small command framework over node:util parseArgs. Every command gets --help,
 * --config, --json and --data-dir; user mistakes exit 2 with one line on stderr,
 * internal errors exit 1; with --json exactly one JSON object goes to stdout.
 */
import { parseArgs } from 'node:util';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isUserInputError, UserInputError, loadConfigOrThrow, defaultConfig, configHash, runBudgetIssue, parseMaxCells } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { checkOutputPath } from './args.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Shown in --help. */
  description: string;
  /** Placeholder in --help, e.g. PATH. */
  arg?: string;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  /** Raw option values (strings/booleans). Use the get* helpers for validated access. */
  values: ParsedValues;
  positionals: string[];
  json: boolean;
  /** Resolved data directory (flag, SKIPPY_DATA_DIR, or .skippy/data). */
  dataDir: string;
  /** Loads --config (or config/training.yml when present, else defaults) once. */
  config(): { config: ExperimentConfig; hash: string; path: string | null };
  /** Write a line to stderr (never stdout). */
  log(message: string): void;
  /** A progress bar on stderr (only drawn on a TTY). */
  progress(label: string, total: number): Progress;
}

export interface Progress {
  /** Redraws the bar; `detail` (e.g. "cv: fold 2/5") is shown after the percentage, so a long stage visibly moves. */
  update(done: number, detail?: string): void;
  finish(): void;
}

/** What a command returns: the JSON object for --json and the text for humans. */
export interface CommandResult {
  json: unknown;
  text: string;
  /** Exit code after printing the result (default 0); e.g. 1 when `selftest` finds a failed control. */
  exitCode?: number;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `skippy-train`. */
  usage: string;
  /** Longer help: conventions, examples. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(ctx: CliContext): Promise<CommandResult> | CommandResult;
}

export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  json: { type: 'boolean', description: 'print one JSON object on stdout (nothing else)' },
  config: { type: 'string', arg: 'PATH', description: 'experiment config (YAML); default config/training.yml when present' },
  'data-dir': { type: 'string', arg: 'DIR', description: 'data directory (default $SKIPPY_DATA_DIR or .skippy/data)' },
};

export function helpText(cmd: Command): string {
  const all = { ...cmd.options, ...COMMON_OPTIONS };
  const rows = Object.entries(all).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    const def = o.default !== undefined && o.default !== false ? ` (default ${String(o.default)})` : '';
    return `  ${flag.padEnd(34)} ${o.description}${def}`;
  });
  return [`skippy-train ${cmd.name} – ${cmd.summary}`, '', `Usage: skippy-train ${cmd.usage}`, '', 'Options:', ...rows, ...(cmd.details ? ['', cmd.details.trim()] : []), ''].join('\n');
}

/**
 * `--days -1` → `--days=-1`: a value option followed by a negative number takes it as its value
 * (parseArgs would call it ambiguous), so the flag's own check can say "expected a positive integer, got -1".
 */
export function joinNegativeValues(argv: readonly string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name !== null && Object.hasOwn(options, name) && options[name].type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Commands that execute a whole run: their config must fit the run budget (SKIPPY_MAX_CELLS). */
const BUDGETED_COMMANDS: ReadonlySet<string> = new Set(['run']);

export function parseCommandArgs(cmd: Command, argv: string[]): { values: ParsedValues; positionals: string[] } {
  const all = { ...cmd.options, ...COMMON_OPTIONS };
  argv = joinNegativeValues(argv, all);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [k, o] of Object.entries(all)) options[k] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const values: ParsedValues = { ...(parsed.values as ParsedValues) };
    for (const [k, o] of Object.entries(all)) if (values[k] === undefined && o.default !== undefined) values[k] = o.default;
    return { values, positionals: parsed.positionals };
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(m);
    if (unknown) throw new UserInputError(unknown[1], `unknown option for \`${cmd.name}\` (see skippy-train ${cmd.name} --help)`);
    const missing = /Option '([^']+)' argument missing/.exec(m);
    if (missing) throw new UserInputError(missing[1].split(',').pop()!.trim().split(' ')[0], 'expected a value after the flag');
    throw new UserInputError('arguments', m.split('\n')[0]);
  }
}

export function resolveDataDir(flag: unknown): string {
  if (typeof flag === 'string' && flag) {
    const dir = resolve(flag);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserInputError('--data-dir', 'expected a directory, got a file', flag);
    checkOutputPath('data-dir', flag, 'dir');
    return dir;
  }
  if (process.env.SKIPPY_DATA_DIR) return resolve(process.env.SKIPPY_DATA_DIR);
  return resolve('.skippy/data');
}

/**
 * workbenchHome(flag) – the workbench state folder (skippy.db, run artifacts, reports): --home, else
 * $SKIPPY_HOME, else .skippy – the same rule as the server's, so what a command stores the browser lists.
 */
export function workbenchHome(flag: string | undefined): string {
  return resolve(flag ?? (process.env.SKIPPY_HOME || '.skippy'));
}

export function makeContext(cmd: Command, values: ParsedValues, positionals: string[]): CliContext {
  let cached: ReturnType<CliContext['config']> | undefined;
  const tty = Boolean(process.stderr.isTTY);
  return {
    values,
    positionals,
    json: values.json === true,
    dataDir: resolveDataDir(values['data-dir']),
    config() {
      if (cached) return cached;
      const flag = typeof values.config === 'string' ? values.config : null;
      const path = flag ?? (existsSync('config/training.yml') ? 'config/training.yml' : null);
      if (!path) {
        const config = defaultConfig();
        checkBudget(cmd, config);
        cached = { config, hash: configHash(config), path: null };
        return cached;
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        throw new UserInputError('--config', 'expected a readable YAML file', path);
      }
      const { config, hash } = loadConfigOrThrow(text, path);
      checkBudget(cmd, config);
      cached = { config, hash, path };
      return cached;
    },
    log: (message) => process.stderr.write(`${message}\n`),
    progress(label, total) {
      let last = -1, lastDetail = '';
      return {
        update(done, detail = '') {
          if (!tty || total <= 0) return;
          const pct = Math.floor((100 * done) / total);
          if (pct === last && detail === lastDetail) return;
          last = pct;
          lastDetail = detail;
          const width = 30, fill = Math.round((width * pct) / 100);
          const line = `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}%${detail ? ` ${detail}` : ''}`;
          const cols = process.stderr.columns || 100;
          // \x1b[K clears what a longer previous detail left on the line
          process.stderr.write(`\r${line.length >= cols ? `${line.slice(0, cols - 2)}…` : line}\x1b[K`);
        },
        finish() {
          if (tty && last >= 0) process.stderr.write('\n');
        },
      };
    },
  };
}

function checkBudget(cmd: Command, config: ExperimentConfig): void {
  if (!BUDGETED_COMMANDS.has(cmd.name)) return;
  let max: number;
  try { max = parseMaxCells(process.env.SKIPPY_MAX_CELLS); } catch (e) { throw new UserInputError('SKIPPY_MAX_CELLS', 'expected a positive integer', process.env.SKIPPY_MAX_CELLS, e instanceof Error ? undefined : String(e)); }
  const issue = runBudgetIssue(config, max);
  if (issue) throw new UserInputError('data', issue);
}

/** Runs one command; returns the process exit code. */
export async function runCommand(cmd: Command, argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(cmd, argv);
    if (values.help) {
      process.stdout.write(helpText(cmd));
      return 0;
    }
    const ctx = makeContext(cmd, values, positionals);
    const result = await cmd.run(ctx);
    process.stdout.write(ctx.json ? `${JSON.stringify(result.json)}\n` : result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return result.exitCode ?? 0;
  } catch (e) {
    if (isUserInputError(e)) {
      process.stderr.write(`skippy-train ${cmd.name}: ${e.message}\n`);
      return 2;
    }
    const path = userPathError(e);
    if (path) {
      process.stderr.write(`skippy-train ${cmd.name}: ${path}\n`);
      return 2;
    }
    const m = e instanceof Error ? e.message : String(e);
    process.stderr.write(`skippy-train ${cmd.name}: internal error: ${m}\n`);
    if (process.env.SKIPPY_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

/** File-system refusals caused by a path the user gave (under a file, a directory where a file goes, no permission). */
const PATH_ERRORS: Record<string, string> = {
  ENOTDIR: 'expected a directory on the way, but a part of the path is a file',
  EISDIR: 'expected a file, got a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
};

/**
 * userPathError(e) – the one line for a file-system error on a user's path (exit 2), or null. The safety
 * net behind the flags' own checks (args.ts checkOutputPath): `--out <under a file>` is not an internal error.
 */
export function userPathError(e: unknown): string | null {
  const err = e as { code?: unknown; path?: unknown; dest?: unknown; syscall?: unknown };
  if (!(e instanceof Error) || typeof err.code !== 'string' || typeof err.path !== 'string') return null;
  // mkdir -p over an existing file
  if (err.code === 'EEXIST' && err.syscall === 'mkdir') return `${err.path}: expected a directory, but a file is there (mkdir EEXIST)`;
  if (!Object.hasOwn(PATH_ERRORS, err.code)) return null;
  const target = err.code === 'EISDIR' && typeof err.dest === 'string' ? err.dest : err.path;
  return `${target}: ${PATH_ERRORS[err.code]} (${err.syscall ?? 'fs'} ${err.code})`;
}
