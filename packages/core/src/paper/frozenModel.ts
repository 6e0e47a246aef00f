/**
 * frozenModel(json, restorers) – a FittedModel back from the JSON a fit's toJSON() wrote (the frozen
 * artifact's `model`): core's logistic and gradient-boosted trees, bagged ensembles of them, and any
 * kind a host restorer knows (e.g. @skippy/ml's modelFromJSON for mlp / tcn). Predictions equal the
 * fitted model's bit for bit: logistic's raw-unit coefficients are rebuilt with the same operations,
 * in the same order, as fitLogistic; a bag averages its members in the same order as fitModel.
 */
import type { FittedModel } from '../models/contract.ts';
import { gbdtFromJSON } from '../models/gbdt/factory.ts';
import { predictLogistic } from '../models/logistic.ts';
import type { LogisticModel } from '../models/logistic.ts';
import { UserInputError } from '../util/errors.ts';
import type { FrozenPolicyArtifact } from '../pipeline/frozen.ts';
import type { RestoredPolicy } from '../rl/contract.ts';

/** A host's restorer: the model for its kinds, null for JSON it does not know. */
export type ModelRestorer = (json: unknown) => FittedModel | null;

const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');

function logisticFromJSON(j: Record<string, unknown>): FittedModel {
  const { p, mean, scale, coef, intercept } = j;
  if (typeof p !== 'number' || !isNumArray(mean) || !isNumArray(scale) || !isNumArray(coef) || typeof intercept !== 'number' || mean.length !== p || scale.length !== p || coef.length !== p) {
    throw new UserInputError('frozen.model', 'a logistic model JSON with p, mean, scale, coef (p values each) and intercept', Object.keys(j).join(','));
  }
  const rawCoef = new Float64Array(p);
  let rawIntercept = intercept;
  for (let k = 0; k < p; k++) { rawCoef[k] = coef[k] / scale[k]; rawIntercept -= rawCoef[k] * mean[k]; }
  const m: LogisticModel = {
    p, mean: Float64Array.from(mean), scale: Float64Array.from(scale), coef: Float64Array.from(coef), intercept, rawCoef, rawIntercept,
    nUsed: 0, nDropped: 0, iterations: 0, converged: true, objective: Number.NaN, gradNorm: Number.NaN,
  };
  return { kind: 'logistic', predict: async (d, rows) => predictLogistic(m, d.X, rows), coef: m.coef, importance: null, history: [], toJSON: () => j };
}

export function frozenModel(json: unknown, restorers: readonly ModelRestorer[] = []): FittedModel {
  if (json === null || typeof json !== 'object') throw new UserInputError('frozen.model', 'the JSON of a fitted model', json);
  const j = json as Record<string, unknown>;
  if (j.kind === 'logistic') return logisticFromJSON(j);
  if (j.kind === 'gbdt') return gbdtFromJSON(j);
  if (j.kind === 'bagged') {
    if (!Array.isArray(j.members) || j.members.length === 0) throw new UserInputError('frozen.model.members', 'a non-empty list of bagged members', j.members);
    const members = j.members.map((m) => frozenModel(m, restorers));
    return {
      kind: `${members[0].kind} (bagged ×${members.length})`,
      async predict(d, r) {
        const out = new Float64Array(r.length);
        for (const m of members) { const p = await m.predict(d, r); for (let k = 0; k < r.length; k++) out[k] += p[k] / members.length; }
        return out;
      },
      coef: null, importance: null, history: [], toJSON: () => j,
    };
  }
  for (const restore of restorers) {
    const m = restore(json);
    if (m) return m;
  }
  throw new UserInputError('frozen.model.kind', 'a model kind this host can restore (logistic, gbdt, bagged; mlp and tcn need @skippy/ml)', String(j.kind ?? j.format ?? 'unknown'));
}

/**
 * frozenPolicies(frozen, restore) – a policy artifact's policies restored per symbol by the host's
 * restorer (e.g. @skippy/ml's policyFromJSON), each told the field it came from (`frozen.policies.<symbol>`).
 */
export function frozenPolicies(frozen: FrozenPolicyArtifact, restore: (json: unknown, field: string) => RestoredPolicy): Record<string, RestoredPolicy> {
  return Object.fromEntries(frozen.symbols.map((s) => {
    if (!Object.hasOwn(frozen.policies ?? {}, s)) throw new UserInputError(`frozen.policies.${s}`, `a trained policy for every symbol of the run (${frozen.symbols.join(', ')})`, 'missing');
    return [s, restore(frozen.policies[s], `frozen.policies.${s}`)];
  }));
}
