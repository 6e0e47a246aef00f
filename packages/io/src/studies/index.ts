/** @skippy/io/studies – hyper-parameter studies (@skippy/core/hpo) persisted in the workbench SQLite database. */
export { openStudyStorage, deleteStudy } from './sqliteStorage.ts';
export { migrateStudies, STUDY_MIGRATIONS } from './migrations.ts';
export { openStudyJobs } from './jobs.ts';
export type { StudyJob, StudyJobStatus, StudyJobStore } from './jobs.ts';
export { restateStudyBestTrial } from './restate.ts';
export type { StudyOverfitting } from './restate.ts';
