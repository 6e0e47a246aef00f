/**
 * The study-preparation worker behind React Query: studyPrep() is the worker (comlink proxy) when
 * the browser has one, else the same functions on the main thread; results are cached by the
 * study's name and a fingerprint of its trials, so a refetch that changed nothing recomputes nothing.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import * as Comlink from 'comlink';
import type { ContourPrep, StudyDetail, StudyInput, StudyPrep } from './prep.ts';
import type { StudyWorkerApi } from '../workers/studyPrep.ts';

export interface StudyPrepApi {
  prepareStudy(study: StudyInput): Promise<StudyPrep>;
  contourGrid(study: StudyInput, xParam: string, yParam: string, size: number): Promise<ContourPrep>;
}

let instance: StudyPrepApi | null = null;

/** The shared instance (one worker for the page). */
export function studyPrep(): StudyPrepApi {
  if (instance) return instance;
  if (typeof Worker === 'undefined') {
    const mod = import('./prep.ts');
    instance = {
      prepareStudy: async (s) => (await mod).prepareStudy(s),
      contourGrid: async (...a) => (await mod).contourGrid(...a),
    };
  } else {
    const worker = new Worker(new URL('../workers/studyPrep.ts', import.meta.url), { type: 'module', name: 'study-prep' });
    const remote = Comlink.wrap<StudyWorkerApi>(worker);
    instance = { prepareStudy: (s) => remote.prepareStudy(s), contourGrid: (...a) => remote.contourGrid(...a) };
  }
  return instance;
}

/** studyFingerprint(study) – changes whenever a trial starts, reports, finishes or changes state. */
export function studyFingerprint(study: StudyDetail): string {
  let inter = 0, last = 0;
  for (const t of study.trialRows) { inter += t.intermediate.length; last = Math.max(last, t.finishedAt ?? t.startedAt); }
  return `${study.trialRows.length}:${study.counts.complete}:${study.counts.pruned}:${study.counts.failed}:${study.counts.running}:${inter}:${last}`;
}

const input = (s: StudyDetail): StudyInput => ({ name: s.name, directions: s.directions, space: s.space, trialRows: s.trialRows });

/** useStudyPrep(study) – every chart's data but the contour, from the worker. */
export function useStudyPrep(study: StudyDetail) {
  return useQuery({
    queryKey: ['studyPrep', study.name, studyFingerprint(study)],
    queryFn: () => studyPrep().prepareStudy(input(study)),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

/** useContourPrep(study, x, y, size) – the interpolated surface of two parameters, from the worker. */
export function useContourPrep(study: StudyDetail, x: string | null, y: string | null, size: number) {
  return useQuery({
    queryKey: ['studyContour', study.name, studyFingerprint(study), x, y, size],
    queryFn: () => studyPrep().contourGrid(input(study), x!, y!, size),
    enabled: x !== null && y !== null && x !== y,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}
