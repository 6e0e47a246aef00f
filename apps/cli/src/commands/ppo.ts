/**
 * `skippy-train ppo` – PPO (CleanRL's ppo.py, @skippy/ml) on CartPole-v1 (the correctness check) or, by
 * default, as the policy of a whole run (the same walk-forward protocol, backtests, gates and report as
 * `skippy-train run`). Checkpoints go to a directory (--checkpoints DIR, or --resume DIR to continue one).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { configHash, UserInputError } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { CartPoleVecEnv } from '@skippy/core/rl';
import { runExperiment, isRunCancelledError } from '@skippy/core/pipeline';
import { checkpointFromState, ppoTrainer, stateFromCheckpoint, trainPpo } from '@skippy/ml';
import type { CheckpointStore, PpoCheckpoint } from '@skippy/ml';
import { loadRunInputs, runArtifactDir } from '@skippy/io/artifacts';
import { storeRunResult } from '@skippy/io/jobs';
import { openDatabase } from '@skippy/io/db';
import { configToYaml } from '@skippy/core/config';
import type { ArtifactColumns, FrozenPolicyArtifact } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { verdictMetrics } from '@skippy/core/reports';
import { writeFileAtomic } from '@skippy/io';
import type { CliContext, Command } from '../framework.ts';
import { workbenchHome } from '../framework.ts';
import { getChoice, getNumber, getString } from '../args.ts';
import { clockText, etaMeter } from '../eta.ts';

export { clockText, etaMeter } from '../eta.ts';

const SOLVED = 475, LAST = 20;

/** A checkpoint store over a directory: one `<key>.json` per checkpoint, written atomically. */
export function directoryCheckpointStore(dir: string): CheckpointStore {
  return {
    load(key) {
      const path = join(dir, `${key}.json`);
      if (!existsSync(path)) return null;
      try { return JSON.parse(readFileSync(path, 'utf8')) as PpoCheckpoint; } catch { throw new UserInputError('--resume', 'expected a readable PPO checkpoint (JSON)', path); }
    },
    save(key, checkpoint) {
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(join(dir, `${key}.json`), JSON.stringify(checkpoint));
    },
  };
}

/** The store of --resume DIR (must hold checkpoints) or --checkpoints DIR (created as needed), or none. */
function checkpointStore(ctx: CliContext): { store: CheckpointStore | null; label: string } {
  const resumeDir = getString(ctx, 'resume'), saveDir = getString(ctx, 'checkpoints');
  if (resumeDir !== undefined && saveDir !== undefined) throw new UserInputError('--resume', 'expected either --resume DIR or --checkpoints DIR, not both');
  if (resumeDir !== undefined) {
    const dir = resolve(resumeDir);
    if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.json'))) throw new UserInputError('--resume', 'expected a directory holding PPO checkpoints', resumeDir);
    return { store: directoryCheckpointStore(dir), label: '--resume' };
  }
  return { store: saveDir !== undefined ? directoryCheckpointStore(resolve(saveDir)) : null, label: '--checkpoints' };
}

/** The config with --steps and --seed applied (validated flags). */
function ppoConfig(ctx: CliContext): ExperimentConfig {
  const { config } = ctx.config();
  const steps = getNumber(ctx, 'steps', { min: 1, integer: true });
  const seed = getNumber(ctx, 'seed', { integer: true });
  // trainer: ppo – the config (and its hash) says a policy is trained, as a PPO run started from the browser does
  return { ...config, trainer: 'ppo', ppo: { ...config.ppo, ...(steps !== undefined ? { steps } : {}), ...(seed !== undefined ? { seed } : {}) } };
}

/**
 * ppoProgressText(p, config, eta) – the bar's detail during a run's PPO training: the run's environment steps
 * done / planned (all windows × symbols; ppoTrainer's run_step / run_steps), window, symbol, steps/s, ETA.
 */
export function ppoProgressText(p: { step: number; window: number; [k: string]: number }, config: ExperimentConfig, eta: ReturnType<typeof etaMeter>): string {
  const fmt = (x: number) => x.toLocaleString('en-US');
  const windows = config.evaluation.backtest.n_windows, symbols = config.data.symbols;
  if (p.run_step === undefined || p.run_steps === undefined) return `walkforward: window ${p.window + 1}/${windows}, PPO step ${fmt(p.step)}`;
  const { rate, etaS } = eta(p.run_step, p.run_steps);
  const sym = p.symbol_index !== undefined ? ` ${symbols[p.symbol_index] ?? ''}` : '';
  return `PPO step ${fmt(p.run_step)}/${fmt(p.run_steps)} ETA ${clockText(etaS)}${Number.isFinite(rate) ? ` ${fmt(Math.round(rate))} steps/s` : ''} (window ${p.window + 1}/${windows}${sym})`;
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

async function cartPole(ctx: CliContext, config: ExperimentConfig) {
  const cfg = config.ppo, hash = configHash(config);
  const { store, label } = checkpointStore(ctx);
  const env = new CartPoleVecEnv({ numEnvs: cfg.num_envs, seed: cfg.seed });
  const iterations = Math.max(1, Math.floor(cfg.steps / (cfg.num_envs * cfg.num_steps)));
  const arch = { obsSize: env.obsSize, numActions: env.numActions, hidden: cfg.hidden };
  const stored = store ? await store.load('cartpole') : null;
  const resume = stored ? stateFromCheckpoint(stored, hash, arch, label) : undefined;
  const recent: number[] = [];
  let stepsToSolve: number | null = null;
  const bar = ctx.progress('ppo cartpole', cfg.steps);
  const eta = etaMeter();
  const t0 = performance.now(), cpu0 = process.cpuUsage(), startStep = resume?.globalStep ?? 0;
  const res = await trainPpo(env, cfg, cfg.seed, {
    resume,
    onEpisode: (step, ret) => {
      recent.push(ret); if (recent.length > LAST) recent.shift();
      if (stepsToSolve === null && recent.length === LAST && recent.reduce((s, x) => s + x, 0) / LAST >= SOLVED) stepsToSolve = step;
    },
    onProgress: (p) => { const { rate, etaS } = eta(p.step, cfg.steps); bar.update(p.step, `${Number.isFinite(rate) ? `${Math.round(rate).toLocaleString('en-US')} steps/s ` : ''}ETA ${clockText(etaS)}`); },
    onCheckpoint: store ? (s) => store.save('cartpole', checkpointFromState(s, hash, iterations)) : undefined,
  });
  bar.finish();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0), cpuSecs = (cpu.user + cpu.system) / 1e6;
  const finalMean = recent.length ? recent.reduce((s, x) => s + x, 0) / recent.length : Number.NaN;
  const history = res.history.map((h) => ({
    step: h.step, mean_return_20: round(h.mean_return_20, 2), episodic_return: round(h.episodic_return, 2), policy_loss: round(h.policy_loss), value_loss: round(h.value_loss),
    entropy: round(h.entropy), approx_kl: round(h.approx_kl, 6), clipfrac: round(h.clipfrac), explained_variance: round(h.explained_variance), steps_per_s: round(h.steps_per_s, 0),
  }));
  const json = { env: 'cartpole', seed: cfg.seed, steps: res.state.globalStep, steps_to_solve: stepsToSolve, final_mean_return: round(finalMean, 2), steps_per_s: round((res.state.globalStep - startStep) / secs, 0),
    wall_s: round(secs, 1), cpu_s: round(cpuSecs, 1), cpu_steps_per_s: round((res.state.globalStep - startStep) / cpuSecs, 0), config_hash: hash, history };
  const text = [
    `PPO on CartPole-v1, seed ${cfg.seed}: ${json.steps} steps in ${secs.toFixed(1)} s (${json.steps_per_s} steps/s; ${json.cpu_steps_per_s} per CPU second)`,
    `solved (mean of the last ${LAST} episodes ≥ ${SOLVED}): ${stepsToSolve === null ? 'no' : `at step ${stepsToSolve}`}; final mean return ${json.final_mean_return}`,
  ].join('\n');
  return { json, text };
}

/** Records a finished run in the workbench database with its artifacts, as `run` does (the browser lists it). */
function storeRun(home: string, config: ExperimentConfig, report: RunReport, tables: Record<string, ArtifactColumns>, started: number, frozen: FrozenPolicyArtifact | null): void {
  const hash = configHash(config);
  const dir = runArtifactDir(join(home, 'runs'), report.runId);
  // the tables, report.json and the last window's policy (frozen.json: what `paper start --run` trades), as the server's run worker writes them
  storeRunResult(dir, { report, tables, frozenPolicy: frozen });
  const db = openDatabase(join(home, 'skippy.db'));
  try {
    db.putConfig(hash, configToYaml(config), started);
    db.insertRun({ id: report.runId, name: config.name, status: 'done', createdAt: started, startedAt: started, finishedAt: Date.now(), configHash: hash, error: null, rerunOf: null });
    const metrics: Record<string, number | null> = { duration_ms: report.durationMs };
    for (const [k, v] of Object.entries(report.headline)) if (typeof v === 'number' || v === null) metrics[k] = v;
    Object.assign(metrics, verdictMetrics(report.verdict));
    db.putMetrics(report.runId, metrics);
    db.addEvent(report.runId, { ts: Date.now(), kind: 'status', stage: null, message: `done (CLI, PPO policy): ${report.verdict.decision}`, data: { status: 'done' } });
  } finally { db.close(); }
}

async function trading(ctx: CliContext, config: ExperimentConfig) {
  const { store, label } = checkpointStore(ctx);
  const runId = `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = ctx.progress('ppo run', 100);
  const t0 = performance.now();
  const eta = etaMeter();
  let trained = 0; // percent of the run's PPO steps done
  try {
    const inputs = await loadRunInputs(config, ctx.dataDir);
    const started = Date.now();
    const { report, tables, frozenPolicy } = await runExperiment(config, inputs, {
      now: () => performance.timeOrigin + performance.now(), runId, signal: controller.signal,
      yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
      // PPO training is nearly all of the run: the bar is the run's PPO steps (all windows and symbols) with the rate and ETA;
      // the other stages (data, features, backtest, report: seconds) only name themselves
      onProgress: (e) => { if (!e.partial?.policy && e.stage !== 'walkforward') bar.update(trained, e.message ? `${e.stage}: ${e.message}` : e.stage); },
      policy: ppoTrainer({
        ...(store ? { checkpointStore: store } : {}), checkpointLabel: label, yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
        onProgress: (p) => {
          if (p.run_step !== undefined && p.run_steps > 0) trained = Math.max(trained, Math.min(100, (100 * p.run_step) / p.run_steps));
          bar.update(trained, ppoProgressText(p as Parameters<typeof ppoProgressText>[0], config, eta));
        },
      }),
    });
    bar.finish();
    if (ctx.values['no-store'] !== true) storeRun(workbenchHome(getString(ctx, 'home')), config, report, tables, started, frozenPolicy ?? null);
    const h = report.headline, wall = performance.now() - t0;
    const failed = report.verdict.failed ?? report.verdict.reasons.filter((r) => r.passed === false).map((r) => r.check);
    const json = {
      run_id: report.runId, name: report.name, config_hash: report.configHash, seed: report.seed, policy: 'ppo',
      verdict: report.verdict.decision, verdict_summary: report.verdict.summary ?? null, gates: { failed, passed: report.verdict.reasons.filter((r) => r.passed === true).map((r) => r.check), not_computable: report.verdict.reasons.filter((r) => r.passed === null).map((r) => r.check) },
      headline: h, warnings: report.warnings, stages: report.stages.map((s) => ({ stage: s.stage, status: s.status, ms: Math.round(s.ms) })), duration_ms: Math.round(wall),
    };
    const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(2)} %`);
    const text = [
      `${report.name} (${report.runId}) – PPO policy – ${report.verdict.decision.toUpperCase()}   config ${report.configHash.slice(0, 12)}, seed ${report.seed}`,
      `  failed gates: ${failed.length ? failed.join(', ') : 'none'}`,
      `return ${pct(h.totalReturn)}  Sharpe ${h.sharpe?.toFixed(2) ?? 'n/a'}  max DD ${pct(h.maxDrawdown)}  trades ${h.trades}`,
      ...(report.warnings.length ? ['warnings:', ...report.warnings.map((w) => `  ! ${w}`)] : []),
      `total ${(wall / 1000).toFixed(2)} s`,
    ].join('\n');
    return { json, text };
  } catch (e) {
    bar.finish();
    if (isRunCancelledError(e)) throw new Error('interrupted (SIGINT)', { cause: e });
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export const ppoCommand: Command = {
  name: 'ppo',
  summary: 'train PPO (CleanRL ppo.py) on CartPole-v1 or as the trading policy of a whole walk-forward run',
  usage: 'ppo [--env trading|cartpole] [--steps N] [--seed S] [--config PATH] [--json] [--checkpoints DIR | --resume DIR]',
  details: `Hyper-parameters: the config's ppo section (CleanRL's defaults); --steps and --seed override ppo.steps and ppo.seed.
--env cartpole trains on CartPole-v1 and reports steps_to_solve: the first step at which the mean return of the last
20 episodes is ≥ 475 (null if never); steps_per_s is wall-clock, cpu_steps_per_s per second of this process's CPU time
(the figure to compare on a shared machine). JSON: {"env","seed","steps","steps_to_solve","final_mean_return","steps_per_s",
"wall_s","cpu_s","cpu_steps_per_s","config_hash","history":[{"step","mean_return_20","episodic_return","policy_loss","value_loss","entropy","approx_kl",
"clipfrac","explained_variance","steps_per_s"}]}.
--env trading (default) runs the whole experiment with the PPO policy per walk-forward window (normaliser and training
on the window's training bars only, greedy actions on its test bars) and prints the run summary.
--steps N is the run's whole budget (SB3 / CleanRL total_timesteps), split evenly over the walk-forward windows × symbols:
each agent trains floor(N / (windows × symbols × num_envs × num_steps)) rollouts (at least one), so --steps 1000000 on the
default config (6 windows × 2 symbols, 4 × 128) is 162 rollouts = 82,944 steps per agent, 995,328 in all: 6 min 24 s wall
(4 min 14 s CPU) measured on a 2-core machine other jobs kept at load 2–6, the bar showing 2,700–3,600 steps/s. With ppo.warm_start (default) each window's agent continues from the previous
window's (trained only on earlier bars; normaliser refitted, Adam and the annealed learning rate restarted), so the last window's
agent has trained on N / symbols steps. The bar (on a terminal) shows the run's steps done / planned, steps/s and the ETA.
With --env cartpole, N is the one agent's steps.
--checkpoints DIR saves weights + optimizer state + config hash + architecture every ppo.checkpoint_every steps and at the
end; --resume DIR continues from them. A checkpoint of another config or architecture is refused (exit 2).
The trading run is stored in the workbench (<home>/skippy.db, artifacts in <home>/runs/<id>) like \`run\`, so the
browser lists it and \`report:summary --latest\` finds it; --no-store opts out.`,
  options: {
    env: { type: 'string', arg: 'NAME', description: 'trading | cartpole', default: 'trading' },
    steps: { type: 'string', arg: 'N', description: 'environment steps of the whole run, all windows and symbols (overrides ppo.steps)' },
    seed: { type: 'string', arg: 'S', description: 'seed (overrides ppo.seed)' },
    checkpoints: { type: 'string', arg: 'DIR', description: 'save checkpoints into DIR' },
    resume: { type: 'string', arg: 'DIR', description: 'resume from the checkpoints in DIR (and keep saving there)' },
    'no-store': { type: 'boolean', description: 'trading: do not record the run in the workbench database' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder the run is stored in (default $SKIPPY_HOME or .skippy)' },
  },
  async run(ctx) {
    const env = getChoice(ctx, 'env', ['trading', 'cartpole'] as const, 'trading')!;
    const config = ppoConfig(ctx);
    return env === 'cartpole' ? cartPole(ctx, config) : trading(ctx, config);
  },
};
