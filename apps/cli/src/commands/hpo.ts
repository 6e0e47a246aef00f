/**
 * `skippy-train hpo:optuna` (alias `hpo`) – a hyper-parameter study (TPE / random / grid, median /
 * Hyperband pruning) persisted in the workbench database and resumable; `hpo:show` prints one.
 * Objectives: a real run (out-of-sample Sharpe after costs, maximised; per-fold OOS Sharpe reported as
 * intermediate values for pruning), a built-in benchmark (`bench:branin` …) or an external command
 * (params as one JSON object on stdin, one number on stdout).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError, isUserInputError } from '@skippy/core';
import { configHash, configToYaml } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { isRunCancelledError } from '@skippy/core/pipeline';
import {
  BENCHMARK_OBJECTIVES, RUN_OBJECTIVE, TrialPrunedError, configForParams, nestedInnerConfig, outerWindow, validateRunSpace, parseYamlValue, bestSoFar, localTrialQueue, openStudy, parameterImportance, parseObjectiveOutput, runTrials, studySummary, validateSearchSpace,
} from '@skippy/core/hpo';
import type { Direction, Objective, PrunerConfig, SamplerConfig, SearchSpace, StudyRecord, TrialRecord } from '@skippy/core/hpo';
import { loadRunInputs, readRunReport, runArtifactDir, writeRunReport, writeRunTables } from '@skippy/io/artifacts';
import { readTableParquet } from '@skippy/io';
import { openDatabase } from '@skippy/io/db';
import type { SkippyDb } from '@skippy/io/db';
import { openStudyStorage, restateStudyBestTrial } from '@skippy/io/studies';
import type { StudyOverfitting } from '@skippy/io/studies';
import type { CliContext, Command } from '../framework.ts';
import { getChoice, getNumber, getString } from '../args.ts';
import { REDIS_OPTIONS, experimentRunner } from '../remote.ts';
import type { ExperimentRunner } from '../remote.ts';
import { verdictMetrics } from '@skippy/core/reports';

const fix = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

function readSpaceFile(path: string): unknown {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch { throw new UserInputError('--space', 'expected a readable YAML file', path); }
  return parseYamlValue(text, `--space ${path}`);
}

/**
 * The search space `hpo:optuna --trials N` uses when neither --space nor hpo.space gives one: the triple
 * barrier's profit-take and stop-loss multiples, and the logistic model's L2 strength (log scale) when the
 * primary model is logistic – the settings the plan tunes first.
 */
export function defaultRunSpace(config: ExperimentConfig): Record<string, { type: 'float'; low: number; high: number; log?: boolean }> {
  return {
    'labels.pt': { type: 'float', low: 0.5, high: 3 },
    'labels.sl': { type: 'float', low: 0.5, high: 3 },
    ...(config.models.primary.kind === 'logistic' ? { 'models.primary.l2': { type: 'float' as const, low: 0.01, high: 100, log: true } } : {}),
  };
}

/** The run objective's space: --space (path → spec), the config's hpo.space (path → candidates), else defaultRunSpace; each path checked on the config. */
function runSpace(config: ExperimentConfig, spaceFile: string | undefined): { space: SearchSpace; note: string | null } {
  if (!spaceFile && Object.keys(config.hpo.space).length === 0) {
    const d = defaultRunSpace(config);
    const words = Object.entries(d).map(([k, v]) => `${k} in [${v.low}, ${v.high}]${v.log ? ' (log)' : ''}`).join(', ');
    return { space: validateRunSpace(config, d, 'the default search space'), note: `search space: the default (${words}); give --space FILE or set hpo.space to choose` };
  }
  return { space: validateRunSpace(config, spaceFile ? readSpaceFile(spaceFile) : config.hpo.space, spaceFile ? '--space' : 'hpo.space'), note: null };
}

function runShell(cmd: string, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** The external-command objective: params JSON on stdin, one number on stdout; a failure keeps the command's stderr. */
function commandObjective(cmd: string, objectives: number): Objective {
  return async (trial) => {
    const r = await runShell(cmd, `${JSON.stringify(trial.params)}\n`);
    const tail = r.stderr.trim().slice(-2000);
    if (r.code !== 0) throw new Error(`objective command exited with ${r.code ?? 'a signal'}${tail ? `; stderr: ${tail}` : ''}`);
    const p = parseObjectiveOutput(r.stdout, objectives);
    if (!p.ok) throw new Error(`${p.error}${tail ? `; stderr: ${tail}` : ''}`);
    return p.values;
  };
}

/** The run objective: one stored run per trial; its OOS Sharpe after costs; per-fold OOS Sharpe (running mean) as intermediate values. */
function runObjective(ctx: CliContext, base: ExperimentConfig, db: SkippyDb, home: string, studyName: string, interrupt: AbortSignal, runner: ExperimentRunner): Objective {
  return async (trial) => {
    const config = configForParams(base, trial.params);
    const hash = configHash(config);
    const runId = `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const started = Date.now();
    db.putConfig(hash, configToYaml(config), started);
    db.insertRun({ id: runId, name: `${config.name} · ${studyName} #${trial.number}`, status: 'running', createdAt: started, startedAt: started, finishedAt: null, configHash: hash, error: null, rerunOf: null });
    await trial.setRunId(runId);
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    interrupt.addEventListener('abort', onInterrupt);
    let pruned: number | null = null, sum = 0, k = 0;
    const pending: Promise<void>[] = [];
    try {
      const inputs = await loadRunInputs(config, ctx.dataDir);
      const { report, tables } = await runner.runExperiment(config, inputs, {
        now: () => performance.timeOrigin + performance.now(), runId, signal: controller.signal,
        yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
        onProgress: (e) => {
          const f = e.partial?.fold;
          if (!f || f.oosSharpe === null || !Number.isFinite(f.oosSharpe)) return;
          sum += f.oosSharpe; k++;
          const step = f.index;
          pending.push(trial.report(step, sum / k).then((stop) => { if (stop && pruned === null) { pruned = step; controller.abort(); } }));
        },
      });
      await Promise.all(pending);
      const outDir = runArtifactDir(join(home, 'runs'), runId);
      report.artifacts = writeRunTables(outDir, tables);
      writeRunReport(outDir, report);
      const metrics: Record<string, number | null> = { duration_ms: report.durationMs };
      for (const [key, v] of Object.entries(report.headline)) if (typeof v === 'number' || v === null) metrics[key] = v;
      Object.assign(metrics, verdictMetrics(report.verdict));
      db.putMetrics(runId, metrics);
      db.updateRun(runId, { status: 'done', finishedAt: Date.now() });
      const v = report.headline.sharpe;
      if (v === null || !Number.isFinite(v)) throw new Error('the run has no out-of-sample Sharpe (no trades or no out-of-sample bars)');
      return v;
    } catch (e) {
      const status = isRunCancelledError(e) ? 'cancelled' : 'failed';
      db.updateRun(runId, { status, finishedAt: Date.now(), error: pruned !== null ? `pruned by study ${studyName} at step ${pruned}` : e instanceof Error ? e.message : String(e) });
      if (pruned !== null) throw new TrialPrunedError(pruned);
      if (isUserInputError(e)) throw new Error(e.message, { cause: e });
      throw e;
    } finally {
      interrupt.removeEventListener('abort', onInterrupt);
    }
  };
}

const trialJson = (t: TrialRecord) => ({
  number: t.number, params: t.params, value: t.values ? (t.values.length === 1 ? t.values[0] : t.values) : null, state: t.state,
  intermediate: t.intermediate, started_at: t.startedAt, finished_at: t.finishedAt, duration_ms: t.finishedAt === null ? null : t.finishedAt - t.startedAt,
  run_id: t.runId, error: t.error, retry_of: t.retryOf,
});

function studyJson(record: StudyRecord, trials: TrialRecord[]) {
  const s = studySummary({ record, trials: () => trials });
  return {
    study: record.name, objective: record.objective, directions: record.directions, sampler: record.sampler, pruner: record.pruner, seed: record.seed,
    best_value: s.bestValue, best_params: s.bestParams, best_trial: s.bestTrial, pareto_front: s.paretoFront, counts: s.counts,
    importance: parameterImportance(record.space, trials), trials: trials.map(trialJson),
  };
}

/** `tpe (multivariate on, group)`, `tpe`, `random` – the sampler and the TPE options it was given. */
function samplerText(s: SamplerConfig): string {
  if (s.kind !== 'tpe') return s.kind;
  const opts = [s.multivariate !== undefined ? `multivariate ${s.multivariate ? 'on' : 'off'}` : '', s.group ? 'group' : ''].filter(Boolean);
  return opts.length ? `tpe (${opts.join(', ')})` : 'tpe';
}

function studyText(record: StudyRecord, trials: TrialRecord[]): string {
  const s = studySummary({ record, trials: () => trials });
  const names = Object.keys(record.space);
  const best = record.directions.length === 1 ? bestSoFar(trials, record.directions[0]) : null;
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : v === undefined ? '–' : String(v));
  const w = names.map((n) => Math.max(n.length, ...trials.map((t) => cell(t.params[n]).length)));
  const imp = parameterImportance(record.space, trials);
  return [
    `study ${record.name} – ${record.objective}, ${record.directions.join(', ')}; sampler ${samplerText(record.sampler)}, pruner ${record.pruner.kind}, seed ${record.seed}`,
    `trials: ${trials.length} (${s.counts.complete} complete, ${s.counts.pruned} pruned, ${s.counts.failed} failed, ${s.counts.running} running)`,
    '',
    `  ${'#'.padStart(4)}  ${'state'.padEnd(8)}  ${'value'.padStart(11)}  ${'best'.padStart(11)}  ${names.map((n, i) => n.padEnd(w[i])).join('  ')}`,
    ...trials.map((t, i) => `  ${String(t.number).padStart(4)}  ${t.state.padEnd(8)}  ${(t.values ? t.values.map((v) => fix(v)).join(',') : '–').padStart(11)}  ${fix(best?.[i]).padStart(11)}  ${names.map((n, j) => cell(t.params[n]).padEnd(w[j])).join('  ')}${t.error ? `  ! ${t.error.split('\n')[0].slice(0, 100)}` : ''}`),
    '',
    s.bestParams ? `best value ${fix(s.bestValue, 6)} (trial ${s.bestTrial}): ${Object.entries(s.bestParams).map(([k, v]) => `${k}=${cell(v)}`).join(', ')}` : record.directions.length > 1 ? `Pareto front: trials ${s.paretoFront.join(', ')}` : 'best: none (no complete trial)',
    ...(Object.keys(imp).length ? [`importance (random-forest MDI): ${Object.entries(imp).map(([k, v]) => `${k} ${(v * 100).toFixed(1)} %`).join(', ')}`] : []),
  ].join('\n');
}

/** --multivariate / --group: TPE options (Optuna's); --group needs --multivariate; neither with another sampler. */
export function tpeFlags(ctx: CliContext, samplerKind: SamplerConfig['kind']): { multivariate?: true; group?: true } {
  const multivariate = ctx.values.multivariate === true, group = ctx.values.group === true;
  if (group && !multivariate) throw new UserInputError('--group', 'requires --multivariate (a joint Parzen estimator per group of parameters)');
  if ((multivariate || group) && samplerKind !== 'tpe') throw new UserInputError(multivariate ? '--multivariate' : '--group', 'is a TPE option: expected --sampler tpe', samplerKind);
  return { ...(multivariate ? { multivariate: true as const } : {}), ...(group ? { group: true as const } : {}) };
}

const home = (ctx: CliContext) => resolve(getString(ctx, 'home') ?? process.env.SKIPPY_HOME ?? '.skippy');

export const hpoCommand: Command = {
  name: 'hpo:optuna',
  summary: 'hyper-parameter study: TPE/random/grid with median/Hyperband pruning, persisted and resumable (alias hpo)',
  usage: 'hpo:optuna --trials N [--config F] [--study NAME] [--sampler tpe|random|grid] [--multivariate [--group]] [--pruner median|hyperband|none] [--parallel N] [--timeout S] [--seed S] [--objective bench:branin | --objective-cmd CMD --space FILE] [--outer-from YYYY-MM-DD] [--export F] [--json]',
  details: `Without --objective / --objective-cmd each trial is one run of the config (stored like \`run --store\`), the
objective its out-of-sample Sharpe after costs (maximised); the space is --space FILE (config path → {type: float|int,
low, high, log, step} or {choices: [...]}, optional when: {param, in}) or the config's hpo.space (path → candidates);
with neither, the default space: labels.pt and labels.sl in [0.5, 3], and models.primary.l2 in [0.01, 100] (log) for logistic.
Each CV fold's out-of-sample Sharpe (running mean) is an intermediate value; a pruned trial's run is cancelled.
--objective bench:branin | bench:hartmann6 | bench:rosenbrock4 (minimised) checks the sampler itself.
--objective-cmd "python3 score.py" --space space.yml: the command gets the parameters as one JSON object on stdin and
prints one number (minimised unless --direction maximize); a non-zero exit or no number fails that trial (stderr kept).
Studies live in <home>/skippy.db (--home, default $SKIPPY_HOME or .skippy). Re-running with the same --study resumes:
finished trials are kept, a trial caught running by a crash is marked failed and retried once; --trials is the total.
With --parallel 1 and the same --seed a study is reproducible trial by trial.
--multivariate / --group (TPE only, as Optuna's TPESampler options): --multivariate samples the parameters every
finished trial has with one joint Parzen estimator; --group (needs --multivariate) splits the parameters into groups
that always occur together and samples each group jointly, so conditional parameters (when: …) are joint too. Without
--multivariate the engine's default applies (joint for one objective, as Optuna 5). They are stored with the study:
resuming it with other settings is refused.
--outer-from DAY (run objective): nested evaluation – the trials select on the data before DAY only (data.range.end =
DAY), then the best configuration is run once on the whole range and reported on its out-of-sample returns from DAY
on, a walk-forward window the selection never saw (JSON "nested").
JSON: {"study","objective","directions","best_value","best_params","best_trial","pareto_front","counts","importance",
"trials":[{"number","params","value","state","intermediate","started_at","finished_at","duration_ms","run_id","error","retry_of"}]}`,
  options: {
    trials: { type: 'string', arg: 'N', description: 'total trials of the study', default: '20' },
    study: { type: 'string', arg: 'NAME', description: 'study name (resumes when it exists; default from the objective)' },
    sampler: { type: 'string', arg: 'KIND', description: 'tpe | random | grid', default: 'tpe' },
    multivariate: { type: 'boolean', description: 'TPE: one joint Parzen estimator over the parameters every finished trial has' },
    group: { type: 'boolean', description: 'TPE: a joint estimator per group of parameters that occur together (needs --multivariate)' },
    pruner: { type: 'string', arg: 'KIND', description: 'median | hyperband | none', default: 'median' },
    parallel: { type: 'string', arg: 'N', description: 'trials run concurrently (in-process)', default: '1' },
    timeout: { type: 'string', arg: 'S', description: 'start no trial after S seconds' },
    seed: { type: 'string', arg: 'S', description: 'sampler seed', default: '0' },
    objective: { type: 'string', arg: 'NAME', description: 'bench:branin | bench:hartmann6 | bench:rosenbrock4 (default: a run of the config)' },
    'objective-cmd': { type: 'string', arg: 'CMD', description: 'external objective: params JSON on stdin → one number on stdout' },
    space: { type: 'string', arg: 'FILE', description: 'search space YAML (name or config path → spec)' },
    direction: { type: 'string', arg: 'DIR', description: 'minimize | maximize for --objective-cmd', default: 'minimize' },
    'outer-from': { type: 'string', arg: 'DAY', description: 'nested evaluation: select on data before DAY, report the best on the window from DAY on' },
    export: { type: 'string', arg: 'FILE', description: 'write the best config (run objective) or best parameters as YAML' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder (default $SKIPPY_HOME or .skippy)' },
    ...REDIS_OPTIONS,
  },
  async run(ctx) {
    const nTrials = getNumber(ctx, 'trials', { integer: true, min: 1 })!;
    const parallel = getNumber(ctx, 'parallel', { integer: true, min: 1, max: 256 })!;
    const seed = getNumber(ctx, 'seed', { integer: true, min: 0 })!;
    const timeout = getNumber(ctx, 'timeout', { min: 0, exclusiveMin: true });
    const samplerKind = getChoice(ctx, 'sampler', ['tpe', 'random', 'grid'] as const)!;
    const prunerKind = getChoice(ctx, 'pruner', ['median', 'hyperband', 'none'] as const)!;
    const tpeOptions = tpeFlags(ctx, samplerKind);
    const bench = getString(ctx, 'objective');
    const cmd = getString(ctx, 'objective-cmd');
    const spaceFile = getString(ctx, 'space');
    if (bench && cmd) throw new UserInputError('--objective', 'expected either --objective or --objective-cmd, not both');
    const outerFrom = getString(ctx, 'outer-from');
    if (outerFrom && (bench || cmd)) throw new UserInputError('--outer-from', 'is for the run objective only (a study whose trials are runs of the config)');
    let space: SearchSpace, objectiveName: string, directions: Direction[];
    let base: ExperimentConfig | null = null, outerBase: ExperimentConfig | null = null;
    if (bench) {
      const b = BENCHMARK_OBJECTIVES[bench];
      if (!b) throw new UserInputError('--objective', `expected one of ${Object.keys(BENCHMARK_OBJECTIVES).join(' | ')}`, bench);
      if (spaceFile) throw new UserInputError('--space', 'is not used with a benchmark objective (its domain is fixed)');
      space = b.space; objectiveName = bench; directions = ['minimize'];
    } else if (cmd) {
      if (!spaceFile) throw new UserInputError('--space', 'is required with --objective-cmd: expected a YAML file of parameter → {type, low, high, log, step} or {choices}');
      space = validateSearchSpace(readSpaceFile(spaceFile), '--space');
      objectiveName = `cmd:${cmd}`; directions = [getChoice(ctx, 'direction', ['minimize', 'maximize'] as const)!];
    } else {
      base = ctx.config().config;
      if (outerFrom) { outerBase = base; base = nestedInnerConfig(base, outerFrom); }
      const rs = runSpace(base, spaceFile);
      space = rs.space;
      if (rs.note && !ctx.json) ctx.log(rs.note);
      objectiveName = RUN_OBJECTIVE; directions = ['maximize'];
    }
    const studyName = getString(ctx, 'study') ?? (bench ? bench.replace(':', '-') : cmd ? 'cmd' : `run-${base!.name}`);
    if (!/^[\w.:@-]{1,100}$/.test(studyName)) throw new UserInputError('--study', 'expected 1–100 letters, digits, . _ : @ -', studyName);
    const sampler: SamplerConfig = samplerKind === 'tpe' ? { kind: 'tpe', ...tpeOptions } : { kind: samplerKind };
    const pruner: PrunerConfig = prunerKind === 'none' ? { kind: 'none' } : prunerKind === 'median' ? { kind: 'median' } : { kind: 'hyperband' };
    if ((bench || cmd) && getString(ctx, 'redis') !== undefined) throw new UserInputError('--redis', 'sends run trials to the cluster: not used with --objective or --objective-cmd');
    // --redis: each trial's run goes to the BullMQ cluster (use --parallel N for N trials at once)
    const runner = await experimentRunner(ctx);
    const h = home(ctx);
    const db = openDatabase(join(h, 'skippy.db'));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const storage = openStudyStorage(db);
      const study = openStudy(storage, { name: studyName, directions, space, sampler, pruner, seed, objective: objectiveName, meta: base ? { config_hash: configHash(base), ...(outerFrom ? { nested: { outer_from: outerFrom } } : {}) } : {} }, { now: Date.now() });
      const objective: Objective = bench ? (t) => BENCHMARK_OBJECTIVES[bench].evaluate(t.params) : cmd ? commandObjective(cmd, directions.length) : runObjective(ctx, base!, db, h, studyName, controller.signal, runner);
      const t0 = Date.now();
      const startCount = study.countedTrials();
      const bar = progressLine(ctx, nTrials, directions[0]);
      bar(study.trials(), t0, startCount);
      await runTrials(localTrialQueue(study, { nTrials, now: Date.now, deadline: timeout !== undefined ? t0 + timeout * 1000 : undefined }), async (t) => {
        if (controller.signal.aborted) throw new Error('interrupted (SIGINT)');
        return objective(t);
      }, { parallel, onTrialDone: () => bar(study.trials(), t0, startCount) });
      if (process.stderr.isTTY && !ctx.json) process.stderr.write('\n');
      const trials = study.trials();
      const out: ReturnType<typeof studyJson> & { study_overfitting?: unknown; nested?: NestedResult } = studyJson(study.record, trials);
      // honesty: the best trial's report is restated for the whole study (every trial is a configuration tried)
      if (!bench && !cmd) {
        const so = await restateStudyBestTrial(join(h, 'runs'), trials, out.best_trial, studyName);
        if (so) out.study_overfitting = so;
      }
      // nested evaluation: the selected configuration on the window the selection never saw
      if (outerFrom && outerBase && out.best_params && out.best_trial !== null && !controller.signal.aborted) {
        out.nested = await outerEvaluation(runObjective(ctx, outerBase, db, h, `${studyName} (outer from ${outerFrom})`, controller.signal, runner), out.best_params, h, outerFrom, { trial: out.best_trial, value: out.best_value });
      }
      const exportPath = getString(ctx, 'export');
      if (exportPath && out.best_params) {
        const text = base ? configToYaml(configForParams(base, out.best_params)) : `# best parameters of study ${studyName} (value ${out.best_value})\n${Object.entries(out.best_params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
        writeFileSync(resolve(exportPath), text);
      }
      const nestedText = out.nested ? `\nnested: selected on data before ${outerFrom} (best inner value ${fix(out.nested.inner_best_value)}, trial ${out.nested.inner_best_trial}); outer window from ${outerFrom}: Sharpe ${fix(out.nested.outer_sharpe)} over ${out.nested.outer_bars} out-of-sample bars (run ${out.nested.outer_run})` : '';
      // the best value alone flatters: say what it is worth after the selection over every trial tried
      const so = out.study_overfitting as StudyOverfitting | undefined;
      const pctText = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
      const honestText = so ? `\nselection over ${so.trials} complete trials: the best trial's report restated for the study – DSR ${so.dsr === null ? 'n/a' : so.dsr.toFixed(3)} (N = ${so.trials}), PBO ${pctText(so.pbo)}, P(out-of-sample loss) ${pctText(so.prob_oos_loss)}; verdict ${so.verdict}${so.interpretation ? `\n  ${so.interpretation}` : ''}` : '';
      return { json: out, text: studyText(study.record, trials) + honestText + nestedText + (exportPath ? `\n${out.best_params ? `best config written to ${exportPath}` : 'nothing exported: no complete trial'}` : '') };
    } finally {
      process.off('SIGINT', onSigint);
      db.close();
      await runner.close();
    }
  },
};

interface NestedResult {
  outer_from: string;
  inner_best_trial: number;
  inner_best_value: number | null;
  outer_run: string;
  /** Out-of-sample bars of the outer run at or after outer_from. */
  outer_bars: number;
  outer_sharpe: number | null;
  outer_total_return: number | null;
  /** The outer run's headline Sharpe over its whole out-of-sample span (inner window included, for reference). */
  full_span_sharpe: number | null;
  /** Why the outer run gave no figure (it failed or had no out-of-sample Sharpe). */
  error?: string;
}

/** outerEvaluation – one run of the best parameters on the whole range; its out-of-sample returns from outerFrom on. */
async function outerEvaluation(objective: Objective, params: Record<string, unknown>, home: string, outerFrom: string, inner: { trial: number; value: number | null }): Promise<NestedResult> {
  let runId = '';
  const base = { outer_from: outerFrom, inner_best_trial: inner.trial, inner_best_value: inner.value };
  let full: number | number[];
  try {
    full = await objective({ number: -1, params: params as never, retryOf: null, report: async () => false, reportOrPrune: async () => undefined, setRunId: async (id) => { runId = id; } });
  } catch (e) {
    // the study and its trials are kept; the outer run's failure is reported, not thrown
    return { ...base, outer_run: runId, outer_bars: 0, outer_sharpe: null, outer_total_return: null, full_span_sharpe: null, error: e instanceof Error ? e.message : String(e) };
  }
  const dir = runArtifactDir(join(home, 'runs'), runId);
  const report = readRunReport(dir);
  const tab = await readTableParquet(join(dir, 'oos_returns.parquet'));
  const w = outerWindow(tab.columns.ts as Float64Array, tab.columns.r as Float64Array, Date.parse(outerFrom), report!.headline.periodsPerYear);
  return { ...base, outer_run: runId, outer_bars: w.bars, outer_sharpe: w.sharpe, outer_total_return: w.totalReturn, full_span_sharpe: typeof full === 'number' ? full : null };
}

/** Progress on stderr: trial n/N, best so far, ETA (a redrawn line on a TTY, a line per trial otherwise unless --json). */
function progressLine(ctx: CliContext, total: number, direction: Direction) {
  const tty = Boolean(process.stderr.isTTY);
  return (trials: TrialRecord[], t0: number, startCount: number) => {
    const done = trials.filter((t) => t.state !== 'running').length;
    const b = bestSoFar(trials, direction);
    const best = b.length ? b[b.length - 1] : NaN;
    const ranNow = done - startCount;
    const eta = ranNow > 0 ? ((Date.now() - t0) / ranNow) * Math.max(0, total - done) / 1000 : NaN;
    const line = `trial ${Math.min(done, total)}/${total}  best ${fix(best, 6)}  ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '–'}`;
    if (tty) process.stderr.write(`\r${line.padEnd(60)}`);
    else if (!ctx.json && done > 0) ctx.log(line);
    else if (ctx.json && done > 0) process.stderr.write(`${line}\n`);
  };
}

export const hpoShowCommand: Command = {
  name: 'hpo:show',
  summary: 'print a stored study: the trials table, best parameters and importance',
  usage: 'hpo:show --study NAME [--home DIR] [--json] | hpo:show (lists the studies)',
  options: {
    study: { type: 'string', arg: 'NAME', description: 'study name' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder (default $SKIPPY_HOME or .skippy)' },
  },
  run(ctx) {
    const db = openDatabase(join(home(ctx), 'skippy.db'));
    try {
      const storage = openStudyStorage(db);
      const name = getString(ctx, 'study');
      if (!name) {
        const studies = storage.listStudies().map((s) => ({ study: s.name, objective: s.objective, trials: storage.listTrials(s.name).length, created_at: s.createdAt }));
        return { json: { studies }, text: studies.length ? studies.map((s) => `${s.study}  ${s.objective}  ${s.trials} trials`).join('\n') : 'no studies' };
      }
      const record = storage.getStudy(name);
      if (!record) throw new UserInputError('--study', `no such study (known: ${storage.listStudies().map((s) => s.name).join(', ') || 'none'})`, name);
      const trials = storage.listTrials(name);
      return { json: studyJson(record, trials), text: studyText(record, trials) };
    } finally {
      db.close();
    }
  },
};
