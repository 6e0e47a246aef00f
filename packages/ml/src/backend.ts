/**
 * The TensorFlow.js backend the models run on. `wasm` (XNNPACK, single-threaded) is ~10–20× faster
 * than the pure-JS `cpu` backend on these nets (bench `models.tcn.epoch.50k`); both are deterministic.
 * A host whose wasm binary cannot load (e.g. a browser worker without the .wasm served) falls back to `cpu`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type MlBackend = 'wasm' | 'cpu';

let chosen: MlBackend | null = null;
let pending: Promise<MlBackend> | null = null;

/** setMlBackend(name) – selects the backend for later fits (call before the first fit, or between fits). */
export async function setMlBackend(name: MlBackend): Promise<MlBackend> {
  pending = null;
  const ok = await tf.setBackend(name).catch(() => false);
  if (!ok) {
    if (name === 'cpu') throw new Error('the TensorFlow.js cpu backend failed to initialise');
    await tf.setBackend('cpu');
    chosen = 'cpu';
    return chosen;
  }
  await tf.ready();
  chosen = name;
  return chosen;
}

/** ensureMlBackend() – the active backend (initialises wasm, falling back to cpu, on first use). */
export function ensureMlBackend(): Promise<MlBackend> {
  if (chosen && tf.getBackend() === chosen) return Promise.resolve(chosen);
  pending ??= setMlBackend(chosen ?? 'wasm');
  return pending;
}
