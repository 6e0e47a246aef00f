import { useId } from 'react';
import { getAt, issuesAt, useConfigForm } from './context.ts';
import { Toggle } from './fields.tsx';

/** Feature sets offered as checkboxes (the nested tiers an ablation usually compares), in run order. */
export const ABLATION_SETS = ['price', 'price+microstructure', 'price+microstructure+derivatives', 'price+derivatives'] as const;
const DEFAULT_SETS: readonly string[] = ABLATION_SETS.slice(0, 3);

/** nextFeatureSets(sets, spec, on) – the list after (un)checking one set: offered sets in ABLATION_SETS order, others kept after them. */
export function nextFeatureSets(sets: readonly string[], spec: string, on: boolean): string[] {
  const chosen = new Set(sets);
  if (on) chosen.add(spec); else chosen.delete(spec);
  const offered: string[] = ABLATION_SETS.filter((s) => chosen.has(s));
  return [...offered, ...sets.filter((s) => chosen.has(s) && !offered.includes(s))];
}

/**
 * AblationField – the "Ablation" switch (hpo.ablation.enabled) and one checkbox per feature set
 * (hpo.ablation.feature_sets, kept in ABLATION_SETS order; sets typed in YAML that are not offered
 * here are kept after them). Each checked set is a variant with the same CV, labels and model.
 */
export function AblationField() {
  const { draft, set, issues } = useConfigForm();
  const base = useId();
  const enabled = getAt(draft, 'hpo.ablation.enabled') === true;
  const raw = getAt(draft, 'hpo.ablation.feature_sets');
  const sets: string[] = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [...DEFAULT_SETS];
  const toggle = (spec: string, on: boolean) => set('hpo.ablation.feature_sets', nextFeatureSets(sets, spec, on));
  const mine = issuesAt(issues, 'hpo.ablation.feature_sets');
  return (
    <div className="tier" data-testid="ablation">
      <Toggle variant="switch" path="hpo.ablation.enabled" label="Ablation — compare feature sets" />
      <p className="form-note">Each checked set is evaluated with the same purged CV, labels and model; the variants join the PBO family and the report states each tier's lift. The backtest stays on the features above.</p>
      <div className="tier-features" role="group" aria-label="Ablation feature sets">
        {ABLATION_SETS.map((spec, i) => (
          <div key={spec} className={`toggle toggle-check${enabled ? '' : ' toggle-disabled'}`} data-path="hpo.ablation.feature_sets">
            <input id={`${base}-${i}`} type="checkbox" checked={sets.includes(spec)} disabled={!enabled} onChange={(e) => toggle(spec, e.target.checked)} />
            <label htmlFor={`${base}-${i}`}>{spec.split('+').join(' + ')}</label>
          </div>
        ))}
      </div>
      {mine.map((i) => <div key={i.text} className="field-error" role="alert"><code>{i.path}</code> {i.message}</div>)}
    </div>
  );
}
