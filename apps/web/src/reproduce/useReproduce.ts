/**
 * useReproduce(run) – drives the reproduce worker for one run: `start()` creates the worker (the
 * TensorFlow.js chunk is fetched only then), streams its progress into React state at most every
 * `throttleMs`, and ends with the worker's result; `cancel()` terminates the worker. Unmounting terminates it too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import type { ExperimentConfig } from '@skippy/core/config';
import type { ReproduceProgress, ReproduceResult, ReproduceWorkerApi } from '../workers/reproduce.worker.ts';

/** One training point streamed while the walk-forward models fit (the last 2,000 kept). */
export type TrainingPoint = NonNullable<ReproduceProgress['training']>;

export type ReproduceState =
  | { status: 'idle' }
  | { status: 'running'; stage: ReproduceProgress['stage']; percent: number; message: string | null; training: TrainingPoint[]; startedAt: number }
  | { status: 'done'; result: ReproduceResult; training: TrainingPoint[] }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' };

export interface ReproduceTarget {
  runId: string;
  name: string;
  config: ExperimentConfig;
  predictionsUrl: string | null;
}

export function useReproduce(target: ReproduceTarget, throttleMs = 200): { state: ReproduceState; start: () => void; cancel: () => void } {
  const [state, setState] = useState<ReproduceState>({ status: 'idle' });
  const worker = useRef<Worker | null>(null);
  const live = useRef<{ stage: ReproduceProgress['stage']; percent: number; message: string | null; training: TrainingPoint[]; startedAt: number } | null>(null);
  const timer = useRef<number | null>(null);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    if (timer.current !== null) { window.clearTimeout(timer.current); timer.current = null; }
  }, []);
  useEffect(() => stop, [stop]);

  const flush = useCallback(() => {
    timer.current = null;
    const l = live.current;
    if (l && worker.current) setState({ status: 'running', ...l, training: l.training.slice() });
  }, []);

  const start = useCallback(() => {
    stop();
    const w = new Worker(new URL('../workers/reproduce.worker.ts', import.meta.url), { type: 'module', name: 'reproduce' });
    worker.current = w;
    live.current = { stage: 'queued', percent: 0, message: null, training: [], startedAt: performance.now() };
    setState({ status: 'running', ...live.current });
    const remote = Comlink.wrap<ReproduceWorkerApi>(w);
    const onProgress = (p: ReproduceProgress) => {
      const l = live.current;
      if (!l || worker.current !== w) return;
      l.stage = p.stage; l.percent = p.percent; l.message = p.message;
      if (p.training) { l.training.push(p.training); if (l.training.length > 2000) l.training.splice(0, l.training.length - 2000); }
      timer.current ??= window.setTimeout(flush, throttleMs);
    };
    w.addEventListener('error', (e) => {
      if (worker.current !== w) return;
      stop();
      setState({ status: 'failed', error: e.message || 'the reproduce worker failed to start' });
    });
    remote.reproduce({ runId: target.runId, name: target.name, config: target.config, predictionsUrl: target.predictionsUrl }, Comlink.proxy(onProgress)).then(
      (result) => {
        if (worker.current !== w) return;
        const training = live.current?.training ?? [];
        stop();
        setState({ status: 'done', result, training });
      },
      (e: unknown) => {
        if (worker.current !== w) return;
        stop();
        setState({ status: 'failed', error: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [target.runId, target.name, target.config, target.predictionsUrl, stop, flush, throttleMs]);

  const cancel = useCallback(() => {
    if (!worker.current) return;
    stop();
    setState({ status: 'cancelled' });
  }, [stop]);

  return { state, start, cancel };
}
