/** Test helper: the server's study-job store (io/studies' StudyJobStore) in memory, for StudyManager tests without SQLite. */
import type { StudyJob, StudyJobStore } from '@skippy/io/studies';

export function memoryJobs(): StudyJobStore {
  const m = new Map<string, StudyJob>();
  return {
    get: (s) => m.get(s) ?? null,
    list: (status) => [...m.values()].filter((j) => !status || j.status === status),
    put: (j) => { m.set(j.study, { ...j }); },
    setStatus: (s, status, at) => { const j = m.get(s); if (j) { j.status = status; j.updatedAt = at; } },
    setNested: (s, nested) => { const j = m.get(s); if (j) j.nested = nested; },
  };
}
