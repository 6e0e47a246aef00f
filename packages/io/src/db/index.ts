/** @skippy/io/db – the workbench's SQLite database (better-sqlite3, WAL) with versioned migrations. */
export { openDatabase } from './openDatabase.ts';
export type { SkippyDb, RunRow, EventRow, BenchVersion, StrategyBenchRecord, OpenDatabaseOptions } from './openDatabase.ts';
export { migrate, schemaVersion, MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations.ts';
export type { Migration } from './migrations.ts';
