import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@skippy/io/db';
import { benchCommand } from '../bench.ts';
import { runInProcess } from './cliHarness.ts';

const home = mkdtempSync(join(tmpdir(), 'skippy-bench-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('skippy-train bench', () => {
  it('bench --json --filter NAME prints one JSON object with the median per entry', async () => {
    const r = await runInProcess(benchCommand, '--json', '--filter', 'config.hash', '--runs', '3', '--warmup', '0');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ name: 'config.hash', runs: 3 });
    expect(out.results[0].median_ms).toBeGreaterThanOrEqual(0);
  });

  it('bench --record --version LABEL stores a benchmark version the server lists', async () => {
    const r = await runInProcess(benchCommand, '--json', '--filter', 'config.hash', '--runs', '2', '--warmup', '0', '--record', '--version', 'v-test', '--home', home);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).recorded).toEqual({ version: 'v-test', database: join(home, 'skippy.db') });
    const db = openDatabase(join(home, 'skippy.db'));
    try {
      const versions = db.listBenchVersions();
      expect(versions.map((v) => v.version)).toEqual(['v-test']);
      expect(versions[0].results.map((x) => x.name)).toEqual(['config.hash']);
    } finally {
      db.close();
    }
  });

  it('bench --record with nothing measured is a user error (exit 2)', async () => {
    const r = await runInProcess(benchCommand, '--filter', 'no-such-kernel', '--record', '--home', home);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('skippy-train bench: --record: expected at least one measured kernel (every entry was filtered out or skipped)\n');
  });
});
