// Every test file gets its own workbench home: `skippy-train run` stores runs by default (in $SKIPPY_HOME
// or .skippy), and a test must never write into the repository's .skippy or share a database with another file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'skippy-vitest-home-'));
const before = process.env.SKIPPY_HOME;
process.env.SKIPPY_HOME = home;
afterAll(() => {
  if (before === undefined) delete process.env.SKIPPY_HOME; else process.env.SKIPPY_HOME = before;
  rmSync(home, { recursive: true, force: true });
});
