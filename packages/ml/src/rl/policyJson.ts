/**
 * A trained PPO policy as plain JSON (the frozen policy artifact, core/pipeline/frozen.ts) and its host
 * restorer: `policyFromJSON` rebuilds the actor (the critic's weights are kept too, so the JSON is the
 * whole net) and acts deterministically – argmax of the logits, the trainer's greedy pass (greedyActions),
 * in the same plain-JS arithmetic, so a restored policy takes the trained one's actions exactly
 * (float32 weights written as JSON numbers round-trip exactly).
 */
import { UserInputError } from '@skippy/core';
import type { RestoredPolicy } from '@skippy/core/rl';
import { greedyActions, type PolicyNet } from './policyNet.ts';

export const PPO_POLICY_FORMAT = 'skippy-ppo-policy/1';

export interface PpoPolicyJSON {
  format: typeof PPO_POLICY_FORMAT;
  architecture: { obsSize: number; numActions: number; hidden: number[] };
  shapes: [number, number][];
  params: number[][];
}

export function policyToJSON(net: PolicyNet): PpoPolicyJSON {
  return {
    format: PPO_POLICY_FORMAT, architecture: { obsSize: net.obsSize, numActions: net.numActions, hidden: [...net.hidden] },
    shapes: net.shapes.map((s) => [s[0], s[1]]), params: net.params.map((p) => Array.from(p)),
  };
}

const posInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x > 0;

/** policyNetFromJSON(json, field) – the net of policyToJSON's JSON; a malformed one is a UserInputError naming `field`. */
export function policyNetFromJSON(json: unknown, field = 'policy'): PolicyNet {
  const j = json as Partial<PpoPolicyJSON> | null;
  if (!j || typeof j !== 'object' || j.format !== PPO_POLICY_FORMAT) throw new UserInputError(`${field}.format`, `a ${PPO_POLICY_FORMAT} policy`, j && typeof j === 'object' ? j.format : j);
  const a = j.architecture;
  if (!a || !posInt(a.obsSize) || !posInt(a.numActions) || !Array.isArray(a.hidden) || !a.hidden.every(posInt)) throw new UserInputError(`${field}.architecture`, '{ obsSize, numActions, hidden } of positive integers', a);
  // the layout initPolicyNet makes: actor then critic, each W [in × out], b [1 × out] per layer
  const expected: [number, number][] = [];
  for (const head of [a.numActions, 1]) {
    const sizes = [a.obsSize, ...a.hidden, head];
    for (let l = 0; l + 1 < sizes.length; l++) expected.push([sizes[l], sizes[l + 1]], [1, sizes[l + 1]]);
  }
  if (!Array.isArray(j.shapes) || !Array.isArray(j.params) || j.shapes.length !== expected.length || j.params.length !== expected.length) {
    throw new UserInputError(`${field}.params`, `${expected.length} weight arrays for ${a.obsSize} inputs → [${a.hidden.join(', ')}] → ${a.numActions} actions`, Array.isArray(j.params) ? j.params.length : j.params);
  }
  const params = j.params.map((p, i) => {
    const [r, c] = expected[i];
    if (!Array.isArray(j.shapes![i]) || j.shapes![i][0] !== r || j.shapes![i][1] !== c) throw new UserInputError(`${field}.shapes[${i}]`, `[${r}, ${c}]`, j.shapes![i]);
    if (!Array.isArray(p) || p.length !== r * c || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new UserInputError(`${field}.params[${i}]`, `${r * c} finite numbers`, Array.isArray(p) ? `${p.length} values` : p);
    return Float32Array.from(p);
  });
  return { obsSize: a.obsSize, numActions: a.numActions, hidden: [...a.hidden], shapes: expected, params };
}

/** policyFromJSON(json, field) – the restored policy: act(obs) = argmax of the actor's logits (first on ties). */
export function policyFromJSON(json: unknown, field = 'policy'): RestoredPolicy {
  const net = policyNetFromJSON(json, field);
  const out = new Int32Array(1);
  return {
    obsSize: net.obsSize, numActions: net.numActions,
    act(obs: Float32Array): number {
      if (obs.length !== net.obsSize) throw new Error(`policy expects ${net.obsSize} inputs; got ${obs.length}`);
      greedyActions(net, obs, 1, out);
      return out[0];
    },
  };
}
