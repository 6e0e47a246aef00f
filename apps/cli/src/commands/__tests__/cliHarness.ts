/** Test helpers that run CLI commands: in this process (fast) or as a real `skippy-train` process. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { isUserInputError } from '@skippy/core';
import { makeContext, parseCommandArgs, runCommand } from '../../framework.ts';
import type { Command } from '../../framework.ts';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** runInProcess(cmd, ...args) runs a command through the real framework, capturing stdout/stderr and the exit code. */
export async function runInProcess(cmd: Command, ...args: string[]): Promise<CliOutput> {
  const out: string[] = [], err: string[] = [];
  const so = process.stdout.write.bind(process.stdout), se = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string) => { out.push(String(c)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => { err.push(String(c)); return true; }) as typeof process.stderr.write;
  try {
    const code = await runCommand(cmd, args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = so;
    process.stderr.write = se;
  }
}

/**
 * expectOneLineError(r, msg, label) – how the CLI refuses bad input: exit 2, nothing on stdout, and one
 * line on stderr that matches `msg` (after the "error: " prefix, when there is one).
 */
export function expectOneLineError(r: CliOutput, msg: RegExp, label = ''): void {
  expect(r.code, `${label} ${r.stderr}`).toBe(2);
  expect(r.stdout, label).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].replace(/^error: /, ''), label).toMatch(msg);
}

/** jsonInProcess(cmd, args) – the command's JSON result, or the UserInputError message. */
export async function jsonInProcess(cmd: Command, args: string[]): Promise<{ json?: unknown; error?: string }> {
  try {
    const { values, positionals } = parseCommandArgs(cmd, [...args, '--json']);
    return { json: (await cmd.run(makeContext(cmd, values, positionals))).json };
  } catch (e) {
    if (isUserInputError(e)) return { error: e.message };
    throw e;
  }
}

const BIN = resolve(import.meta.dirname, '../../../bin/skippy-train.js');
const ROOT = resolve(import.meta.dirname, '../../../../..');

/** spawnCli(args) runs `skippy-train` as a separate process from the repository root. */
export function spawnCli(args: string[]): Promise<CliOutput> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
