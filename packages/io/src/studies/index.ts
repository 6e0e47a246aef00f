/** @skippy/io/studies – hyper-parameter studies (@skippy/core/hpo) persisted in the workbench SQLite database. */
export { openStudyStorage, deleteStudy } from './sqliteStorage.ts';
export { migrateStudies, STUDY_MIGRATIONS } from './migrations.ts';
