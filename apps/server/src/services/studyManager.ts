/**
 * Studies on the server: a hyper-parameter study whose trials are runs of one experiment config,
 * executed through the RunManager (so through whatever pool it was given – the worker_threads
 * WorkerPool or a distributed pool with the same interface) with `parallel` trials in flight.
 *
 * - The engine is core's: openStudy + a TrialQueue + runTrials. Each trial starts one run, follows its
 *   progress, reports the running mean of the per-fold out-of-sample Sharpe as the intermediate value
 *   at step = fold index, and cancels the run as soon as the pruner says stop (the trial is stored as
 *   pruned). The trial's value is the run's out-of-sample Sharpe after costs (maximised).
 * - Persistence: the study and its trials live in the same study storage as `skippy-train hpo:optuna`
 *   (@skippy/io/studies); the job (base config, budget, parallelism, deadline, active/stopped/done) in
 *   hpo_study_jobs. At start-up every active job is resumed: a trial caught running is marked failed
 *   (interrupted) and retried once by the engine, finished trials are kept.
 * - A trial caught running whose run is still queued or running after the restart (a persistent pool such as the
 *   BullMQ one keeps its jobs) is followed to its end instead of being retried.
 * - A server stop (shutdown) takes no new trial and leaves the trials in flight as running in storage,
 *   exactly as a crash would, so the next start treats both alike.
 * - Nested evaluation (`outerFrom`): the trials run on the data before that day; when the budget is used up the
 *   best trial's parameters are run once on the whole range and the job stores that run's out-of-sample figures
 *   from the day on (a window the selection never saw).
 * - `queueFactory` lets another engine (e.g. a distributed one) serve the trials instead of
 *   localTrialQueue; the objective and this service do not change.
 */
import { UserInputError } from '@skippy/core';
import { configHash } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { join } from 'node:path';
import { INTERRUPTED, RUN_OBJECTIVE, TrialPrunedError, bestTrial, isTrialPrunedError, configForParams, localTrialQueue, nestedInnerConfig, openStudy, outerWindow, validateRunSpace } from '@skippy/core/hpo';
import type { LocalQueueOptions, Objective, PrunerConfig, SamplerConfig, Study, StudyStorage, TrialOutcome, TrialQueue, TrialRecord } from '@skippy/core/hpo';
import { runTrials } from '@skippy/core/hpo';
import type { RunStatus } from '@skippy/core/reports';
import type { StudyJob, StudyJobStatus, StudyJobStore } from '@skippy/io/studies';
import { restateStudyBestTrial } from '@skippy/io/studies';
import { runArtifactDir } from '@skippy/io/artifacts';
import { readTableParquet } from '@skippy/io';
import type { RunService } from './types.ts';

/** What the study service needs of the runs (RunManager implements it). */
export type StudyRunService = Pick<RunService, 'start' | 'cancel' | 'subscribe' | 'get' | 'report'>;

export interface StartStudyInput {
  name: string;
  /** The base experiment config (validated). */
  config: ExperimentConfig;
  /** config path → {type, low, high, log, step} or {choices} (validated here on the config). */
  space: unknown;
  nTrials: number;
  parallel: number;
  sampler: SamplerConfig['kind'];
  /** TPE options (Optuna's `multivariate` / `group`; group needs multivariate). Stored with the study: resuming it with others is refused. */
  multivariate?: boolean;
  group?: boolean;
  pruner: 'median' | 'hyperband' | 'none';
  seed: number;
  /** Start no trial after this many seconds. */
  timeoutS?: number;
  /** Nested evaluation: the trials select on data before this UTC day; the best is then run on the whole range and reported from it on. */
  outerFrom?: string;
}

export interface StudyJobView {
  study: string; status: StudyJobStatus; nTrials: number; parallel: number; deadline: number | null; updatedAt: number; running: boolean; error: string | null;
  /** Nested evaluation: the outer window's first day (null: off) and, once run, the outer run's figures. */
  outerFrom: string | null;
  nested: NestedOutcome | null;
}

/** The selected configuration on the window the selection never saw. */
export interface NestedOutcome {
  outerFrom: string;
  innerBestTrial: number;
  innerBestValue: number;
  outerRun: string | null;
  outerBars: number;
  outerSharpe: number | null;
  outerTotalReturn: number | null;
  error: string | null;
}

export interface StudyManagerOptions {
  storage: StudyStorage;
  jobs: StudyJobStore;
  runs: StudyRunService;
  /** Folder of the run artifacts (the best trial's report is restated there when a study ends). */
  runsRoot: string;
  now?: () => number;
  /** The trial queue of a study (default: core's localTrialQueue over the study in this process). */
  queueFactory?: (study: Study, options: LocalQueueOptions) => TrialQueue;
  /** Where errors of a study loop go. @default console.error */
  log?: (message: string) => void;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);
const STOPPED = 'stopped: the study was stopped while this trial ran';

interface Active {
  study: Study;
  stopping: boolean;
  /** Runs of the trials in flight. */
  runIds: Set<string>;
  done: Promise<void>;
  error: string | null;
}

export const prunerConfig = (kind: StartStudyInput['pruner']): PrunerConfig => (kind === 'none' ? { kind: 'none' } : kind === 'median' ? { kind: 'median' } : { kind: 'hyperband' });

export class StudyManager {
  private readonly active = new Map<string, Active>();
  private readonly errors = new Map<string, string>();
  private closing = false;
  private readonly now: () => number;
  private readonly log: (m: string) => void;

  constructor(private readonly o: StudyManagerOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? ((m) => console.error(m));
  }

  /** Resumes every job left active by the previous server (a trial caught running is failed and retried once). Returns their names. */
  resumeActive(): string[] {
    const resumed: string[] = [];
    for (const job of this.o.jobs.list('active')) {
      const record = this.o.storage.getStudy(job.study);
      if (!record) { this.o.jobs.setStatus(job.study, 'stopped', this.now()); continue; }
      try {
        // a trial caught running whose run a persistent pool (BullMQ) still holds is followed to its end; any other
        // is failed as interrupted and retried once by the engine
        const at = this.now();
        const live: TrialRecord[] = [];
        for (const t of this.o.storage.listTrials(record.name)) {
          if (t.state !== 'running') continue;
          const status = t.runId ? this.o.runs.get(t.runId)?.status : undefined;
          if (status === 'queued' || status === 'running') live.push(t);
          else this.o.storage.finishTrial(record.name, t.number, { state: 'failed', values: null, finishedAt: at, error: INTERRUPTED });
        }
        const study = openStudy(this.o.storage, record, { now: at, resumeRunning: false });
        this.launch(study, job, live);
        resumed.push(job.study);
      } catch (e) {
        this.errors.set(job.study, e instanceof Error ? e.message : String(e));
        this.o.jobs.setStatus(job.study, 'stopped', this.now());
      }
    }
    return resumed;
  }

  /** Creates (or resumes, same space) the study and starts its trials; refuses a study this server is already running. */
  start(input: StartStudyInput): StudyJobView {
    if (this.closing) throw new Error('the server is stopping');
    if (this.active.has(input.name)) throw new UserInputError('name', 'expected a study that is not running on this server (stop it first, or choose another name)', input.name);
    const inner = input.outerFrom ? nestedInnerConfig(input.config, input.outerFrom, 'outerFrom') : input.config;
    const space = validateRunSpace(inner, input.space, 'space');
    if (input.group && !input.multivariate) throw new UserInputError('group', 'requires multivariate: true (a joint Parzen estimator per group of parameters)', input.group);
    if ((input.multivariate || input.group) && input.sampler !== 'tpe') throw new UserInputError(input.multivariate ? 'multivariate' : 'group', `is a TPE option: expected sampler tpe`, input.sampler);
    const sampler: SamplerConfig = input.sampler === 'tpe' ? { kind: 'tpe', ...(input.multivariate ? { multivariate: true } : {}), ...(input.group ? { group: true } : {}) } : { kind: input.sampler };
    const at = this.now();
    const study = openStudy(this.o.storage, {
      name: input.name, directions: ['maximize'], space, sampler, pruner: prunerConfig(input.pruner), seed: input.seed, objective: RUN_OBJECTIVE,
      meta: { config_hash: configHash(inner), started_by: 'server', ...(input.outerFrom ? { nested: { outer_from: input.outerFrom } } : {}) },
    }, { now: at });
    const job: StudyJob = { study: input.name, config: input.config, nTrials: input.nTrials, parallel: input.parallel, deadline: input.timeoutS !== undefined ? at + input.timeoutS * 1000 : null, status: 'active', updatedAt: at, outerFrom: input.outerFrom ?? null, nested: null };
    this.o.jobs.put(job);
    this.errors.delete(input.name);
    this.launch(study, job);
    return this.view(input.name)!;
  }

  /** Stops a study: no new trial starts, the runs of the trials in flight are cancelled (those trials fail as stopped). */
  async stop(name: string): Promise<StudyJobView | null> {
    const a = this.active.get(name);
    if (!a) {
      const job = this.o.jobs.get(name);
      if (!job) return null;
      if (job.status === 'active') this.o.jobs.setStatus(name, 'stopped', this.now());
      return this.view(name);
    }
    a.stopping = true;
    this.o.jobs.setStatus(name, 'stopped', this.now());
    await Promise.all([...a.runIds].map((id) => this.o.runs.cancel(id)));
    await a.done;
    return this.view(name);
  }

  /** The job of a study (null when the server never ran it). */
  view(name: string): StudyJobView | null {
    const job = this.o.jobs.get(name);
    if (!job) return null;
    return {
      study: job.study, status: job.status, nTrials: job.nTrials, parallel: job.parallel, deadline: job.deadline, updatedAt: job.updatedAt, running: this.active.has(name),
      error: this.errors.get(name) ?? null, outerFrom: job.outerFrom ?? null, nested: (job.nested as NestedOutcome | null | undefined) ?? null,
    };
  }

  /** Resolves when the study's loop has ended (at once when it is not running). */
  async settled(name: string): Promise<void> {
    await this.active.get(name)?.done;
  }

  runningCount(): number {
    return this.active.size;
  }

  /** Server stop: no new trial starts and nothing more is written; trials in flight stay running in storage (resumed at the next start). */
  shutdown(): void {
    this.closing = true;
  }

  private launch(study: Study, job: StudyJob, adopted: readonly TrialRecord[] = []): void {
    const name = study.record.name;
    // the job keeps the config as started; with nested evaluation the trials run on the data before outerFrom
    const outerBase = job.config as ExperimentConfig;
    const base = job.outerFrom ? nestedInnerConfig(outerBase, job.outerFrom, 'outerFrom') : outerBase;
    const queueOptions: LocalQueueOptions = { nTrials: job.nTrials, now: this.now, ...(job.deadline !== null ? { deadline: job.deadline } : {}) };
    const inner = this.o.queueFactory ? this.o.queueFactory(study, queueOptions) : localTrialQueue(study, queueOptions);
    const a: Active = { study, stopping: false, runIds: new Set(), done: Promise.resolve(), error: null };
    const taken = new Map<number, TrialRecord>();
    // after a server stop nothing is written: a trial in flight stays running, as after a crash
    const queue: TrialQueue = {
      take: async () => {
        if (a.stopping || this.closing) return null;
        const t = await inner.take();
        if (t) taken.set(t.number, t);
        return t;
      },
      report: async (n, step, value) => (this.closing ? true : inner.report(n, step, value)),
      setRunId: async (n, id) => { if (!this.closing) await inner.setRunId(n, id); },
      finish: async (n, outcome: TrialOutcome) => {
        const t = taken.get(n)!;
        taken.delete(n);
        if (this.closing) return t;
        return inner.finish(n, outcome);
      },
    };
    this.active.set(name, a);
    // trials whose runs outlived the previous server (a persistent pool): followed beside the new ones
    const followers = adopted.map(async (t) => {
      taken.set(t.number, t);
      let outcome: TrialOutcome;
      try {
        outcome = { state: 'complete', values: [await this.trialValue(t.runId!, (step, value) => queue.report(t.number, step, value), a)] };
      } catch (e) {
        outcome = isTrialPrunedError(e) ? { state: 'pruned' } : { state: 'failed', error: e instanceof Error ? e.message : String(e) };
      }
      await queue.finish(t.number, outcome);
    });
    a.done = Promise.all([runTrials(queue, this.objective(name, base, a), { parallel: job.parallel }), ...followers])
      .then(async () => {
        if (this.closing) return;
        // honesty: the best trial's report is restated for the whole study (every trial is a configuration tried)
        const trials = study.trials();
        const best = bestTrial(trials, 'maximize');
        await restateStudyBestTrial(this.o.runsRoot, trials, best?.number ?? null, name);
        if (a.stopping || this.closing) return;
        if (job.outerFrom && best && !job.nested) {
          const nested = await this.outerEvaluation(name, outerBase, job.outerFrom, best, a);
          if (this.closing) return;
          this.o.jobs.setNested(name, { ...nested }, this.now());
        }
        if (!a.stopping) this.o.jobs.setStatus(name, 'done', this.now());
      })
      .catch((e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        a.error = msg;
        this.errors.set(name, msg);
        if (!this.closing) { this.log(`study ${name}: ${msg}`); this.o.jobs.setStatus(name, 'stopped', this.now()); }
      })
      .finally(() => { this.active.delete(name); });
  }

  /** Runs a config and resolves with its final status (the per-fold progress goes to onFold). */
  private async runToEnd(id: string, onFold?: (index: number, oosSharpe: number) => Promise<void>): Promise<RunStatus | null> {
    const sub = new AbortController();
    try {
      for await (const e of this.o.runs.subscribe(id, sub.signal)) {
        const f = e.partial?.fold;
        if (f && onFold && f.oosSharpe !== null && Number.isFinite(f.oosSharpe)) await onFold(f.index, f.oosSharpe);
        if (e.status && TERMINAL.has(e.status)) return e.status;
      }
      return null;
    } finally {
      sub.abort();
    }
  }

  /** Nested evaluation: the best trial's parameters run once on the whole range; its OOS returns from outerFrom on. */
  private async outerEvaluation(name: string, outerBase: ExperimentConfig, outerFrom: string, best: TrialRecord, a: Active): Promise<NestedOutcome> {
    const head = { outerFrom, innerBestTrial: best.number, innerBestValue: best.values![0] };
    let id: string | null = null;
    try {
      const config = configForParams(outerBase, best.params, 'space');
      id = this.o.runs.start({ config, hash: configHash(config), name: `${config.name} · ${name} (outer from ${outerFrom})` }).id;
      a.runIds.add(id);
      const status = await this.runToEnd(id);
      a.runIds.delete(id);
      if (status !== 'done') throw new Error(`the outer run ended ${status ?? 'without a status (the server stopped)'}${status === 'failed' ? `: ${this.o.runs.get(id)?.error ?? ''}` : ''}`);
      const report = this.o.runs.report(id);
      const tab = await readTableParquet(join(runArtifactDir(this.o.runsRoot, id), 'oos_returns.parquet'));
      const w = outerWindow(tab.columns.ts as Float64Array, tab.columns.r as Float64Array, Date.parse(outerFrom), report!.headline.periodsPerYear);
      return { ...head, outerRun: id, outerBars: w.bars, outerSharpe: w.sharpe, outerTotalReturn: w.totalReturn, error: null };
    } catch (e) {
      return { ...head, outerRun: id, outerBars: 0, outerSharpe: null, outerTotalReturn: null, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** One trial = one run: per-fold OOS Sharpe (running mean) reported at step = fold index; a pruned trial's run is cancelled at once. */
  private objective(name: string, base: ExperimentConfig, a: Active): Objective {
    return async (trial) => {
      const config = configForParams(base, trial.params, 'space');
      const { id } = this.o.runs.start({ config, hash: configHash(config), name: `${config.name} · ${name} #${trial.number}` });
      a.runIds.add(id);
      await trial.setRunId(id);
      if (a.stopping) void this.o.runs.cancel(id);
      return this.trialValue(id, (step, value) => trial.report(step, value), a);
    };
  }

  /** Follows a trial's run to its end: the running mean of its folds' OOS Sharpe reported (cancelled when pruned), then its value or the reason it has none. */
  private async trialValue(id: string, report: (step: number, value: number) => Promise<boolean>, a: Active): Promise<number> {
    a.runIds.add(id);
    let pruned: number | null = null, sum = 0, k = 0;
    let status: RunStatus | null;
    try {
      status = await this.runToEnd(id, async (index, oosSharpe) => {
        if (pruned !== null) return;
        sum += oosSharpe; k++;
        if (await report(index, sum / k)) { pruned = index; void this.o.runs.cancel(id); }
      });
    } finally {
      a.runIds.delete(id);
    }
    if (pruned !== null) throw new TrialPrunedError(pruned);
    if (status === 'done') {
      const v = this.o.runs.report(id)?.headline.sharpe ?? null;
      if (v === null || !Number.isFinite(v)) throw new Error(`run ${id} has no out-of-sample Sharpe (no trades or no out-of-sample bars)`);
      return v;
    }
    if (status === 'cancelled') throw new Error(a.stopping ? STOPPED : `run ${id} was cancelled`);
    if (status === 'failed') throw new Error(`run ${id} failed: ${this.o.runs.get(id)?.error ?? 'unknown error'}`);
    throw new Error(`run ${id} was interrupted (the server stopped)`);
  }
}
