/**
 * "Start study" beside the New experiment form: shown once a field is marked as searched. Settings:
 * name, trials, sampler (TPE's multivariate / group options as checkboxes), pruner, trials in flight, seed. Calls studies.start with the form's config and
 * search space and opens the study, whose trials then stream in. The server's refusal (400, one line)
 * is shown under the button; the space's own problems are shown at their fields before sending.
 */
import { useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { ExperimentConfig } from '@skippy/core/config';
import { ErrorState } from '@skippy/ui';
import { errorMessage, trpc } from '../trpc.ts';
import type { SpaceInput, SpaceIssue } from './searchSpace.ts';

export interface StudySettings { name: string; trials: string; sampler: 'tpe' | 'random' | 'grid'; pruner: 'median' | 'hyperband' | 'none'; parallel: string; seed: string; /** TPE options (Optuna's); group needs multivariate. */ multivariate?: boolean; group?: boolean; /** Nested evaluation: first day of the outer window (empty: off). */ outerFrom?: string }

/** studyRequest(settings) – the numbers as typed (the server names a bad one); the TPE options only with the TPE sampler. */
export function studyRequest(s: StudySettings, config: ExperimentConfig, space: SpaceInput) {
  const n = (t: string) => (t.trim() === '' || !Number.isFinite(Number(t)) ? t : Number(t));
  const outer = s.outerFrom?.trim() ?? '';
  return { name: s.name.trim(), config: config as unknown as Record<string, unknown>, space, trials: n(s.trials) as number, parallel: n(s.parallel) as number, sampler: s.sampler, ...(s.sampler === 'tpe' && s.multivariate ? { multivariate: true } : {}), ...(s.sampler === 'tpe' && s.multivariate && s.group ? { group: true } : {}), pruner: s.pruner, seed: n(s.seed) as number, ...(outer ? { outerFrom: outer } : {}) };
}

export function StudyPanel({ config, space, issue, params }: { config: ExperimentConfig | null; space: SpaceInput; issue: SpaceIssue | null; params: number }) {
  const id = useId();
  const navigate = useNavigate();
  const [s, setS] = useState<StudySettings>(() => ({ name: `${config?.name ?? 'experiment'}-study`, trials: '20', sampler: 'tpe', multivariate: false, group: false, pruner: 'median', parallel: '1', seed: '0', outerFrom: '' }));
  const start = useMutation(trpc.studies.start.mutationOptions({ onSuccess: (data) => navigate(`/studies/${encodeURIComponent(data.study)}`) }));
  const set = (patch: Partial<StudySettings>) => setS((x) => ({ ...x, ...patch }));
  const text = (key: 'name' | 'trials' | 'parallel' | 'seed' | 'outerFrom', label: string, width = 80) => (
    <div className="field" style={{ display: 'grid', gap: 2 }}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} type="text" style={{ width }} inputMode={key === 'name' || key === 'outerFrom' ? 'text' : 'numeric'} placeholder={key === 'outerFrom' ? 'YYYY-MM-DD' : undefined} value={s[key] ?? ''} onChange={(e) => set({ [key]: e.target.value })} />
    </div>
  );
  return (
    <div className="sk-card" style={{ display: 'grid', gap: 8 }} data-testid="study-panel">
      <h3 style={{ margin: 0 }}>Study over {params} searched setting{params === 1 ? '' : 's'}</h3>
      <p className="form-note" style={{ margin: 0 }}>Each trial is one run of this config with the searched settings sampled; the objective is the out-of-sample Sharpe after costs (maximised), each CV fold&apos;s value reported for pruning.</p>
      <div className="row" style={{ flexWrap: 'wrap', gap: 10, alignItems: 'end' }}>
        {text('name', 'Study name', 180)}
        {text('trials', 'Trials')}
        <div className="field" style={{ display: 'grid', gap: 2 }}>
          <label htmlFor={`${id}-sampler`}>Sampler</label>
          <select id={`${id}-sampler`} value={s.sampler} onChange={(e) => set({ sampler: e.target.value as StudySettings['sampler'] })}>
            <option value="tpe">TPE</option><option value="random">random</option><option value="grid">grid</option>
          </select>
        </div>
        <label className="row" style={{ gap: 4, alignItems: 'center' }} title="TPE: one joint Parzen estimator over the settings every finished trial has (without it: the engine's default, joint for one objective)">
          <input type="checkbox" data-testid="study-multivariate" disabled={s.sampler !== 'tpe'} checked={s.sampler === 'tpe' && s.multivariate === true} onChange={(e) => set({ multivariate: e.target.checked, ...(e.target.checked ? {} : { group: false }) })} />
          multivariate
        </label>
        <label className="row" style={{ gap: 4, alignItems: 'center' }} title="TPE: a joint estimator per group of settings that occur together, so conditional settings are sampled jointly (needs multivariate)">
          <input type="checkbox" data-testid="study-group" disabled={s.sampler !== 'tpe' || s.multivariate !== true} checked={s.sampler === 'tpe' && s.multivariate === true && s.group === true} onChange={(e) => set({ group: e.target.checked })} />
          group
        </label>
        <div className="field" style={{ display: 'grid', gap: 2 }}>
          <label htmlFor={`${id}-pruner`}>Pruner</label>
          <select id={`${id}-pruner`} value={s.pruner} onChange={(e) => set({ pruner: e.target.value as StudySettings['pruner'] })}>
            <option value="median">median</option><option value="hyperband">Hyperband</option><option value="none">none</option>
          </select>
        </div>
        {text('parallel', 'In flight')}
        {text('seed', 'Seed')}
        {text('outerFrom', 'Outer window from', 110)}
      </div>
      <p className="form-note" style={{ margin: 0 }}>Outer window (optional, nested evaluation): the trials select on the data before that day only; the best configuration is then run on the whole range and reported on the days from it on, which the selection never saw.</p>
      {issue && <div className="field-error" role="alert" data-testid="study-space-issue">{issue.text}</div>}
      <button type="button" className="sk-btn sk-btn-primary" disabled={!config || issue !== null || start.isPending} data-testid="start-study"
        onClick={() => { if (config) start.mutate(studyRequest(s, config, space) as never); }}>
        {start.isPending ? 'Starting…' : 'Start study'}
      </button>
      {start.error && <ErrorState title="The server refused the study" message={errorMessage(start.error)} />}
    </div>
  );
}
