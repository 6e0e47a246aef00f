import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../index.ts';
import type { StrategyBenchRecord } from '../index.ts';

describe('bench_versions kinds (migration 4)', () => {
  it('keeps kernel rows through the migration and stores strategy versions apart under the same label', () => {
    const raw = new Database(':memory:');
    migrate(raw, { target: 3, now: 0 });
    raw.prepare('INSERT INTO bench_versions (version, created_at, results) VALUES (?, ?, ?)').run('1.1', 5, JSON.stringify([{ name: 'k', median_ms: 2 }]));
    migrate(raw, { now: 1 });
    expect(raw.prepare('SELECT kind, version FROM bench_versions').all()).toEqual([{ kind: 'kernel', version: '1.1' }]);
    raw.close();
    const db = openDatabase(':memory:');
    db.putBenchVersion({ version: '1.1', createdAt: 1, results: [{ name: 'k', median_ms: 2 }] });
    const record = { days: 7, verdict: 'no-go' } as unknown as StrategyBenchRecord;
    db.putBenchVersion({ kind: 'strategy', version: '1.1', createdAt: 2, results: [], record });
    expect(db.listBenchVersions()).toEqual([{ version: '1.1', createdAt: 1, results: [{ name: 'k', median_ms: 2 }] }]);
    expect(db.listBenchVersions({ kind: 'strategy' })).toEqual([{ kind: 'strategy', version: '1.1', createdAt: 2, results: [], record }]);
    expect(db.getBenchVersion('strategy', '1.1')?.record).toEqual(record);
    expect(db.getBenchVersion('strategy', '9')).toBeNull();
    db.close();
  });
});
