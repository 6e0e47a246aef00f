/// <reference lib="webworker" />
/**
 * The study chart-preparation Web Worker: exposes the Studies page's preparation (studies/prep.ts:
 * history, importance, parallel coordinates, slices, intermediate values, Pareto front, contour
 * surface) through comlink. Imports only @skippy/core (through prep.ts).
 */
import * as Comlink from 'comlink';
import { contourGrid, prepareStudy, type ContourPrep, type StudyInput, type StudyPrep } from '../studies/prep.ts';

const api = {
  prepareStudy(study: StudyInput): StudyPrep {
    return prepareStudy(study);
  },
  contourGrid(study: StudyInput, xParam: string, yParam: string, size: number): ContourPrep {
    return contourGrid(study, xParam, yParam, size);
  },
};

export type StudyWorkerApi = typeof api;
Comlink.expose(api);
