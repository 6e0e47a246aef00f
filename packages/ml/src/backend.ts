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
  if (name === 'wasm') shareUnchangedTensorsOnWasm();
  chosen = name;
  return chosen;
}

let shared = false;

/**
 * The wasm backend copies a tensor's bytes for Identity (every clone — the engine clones each tensor
 * a gradient saves, ~480 per TCN training step) and for a Cast to the same dtype; the cpu backend
 * shares the data and counts references, as the wasm backend itself does for Reshape. Tensors are
 * immutable (a Variable's assign swaps its data id), so sharing gives the same values without the copy.
 */
function shareUnchangedTensorsOnWasm(): void {
  if (shared) return;
  shared = true;
  for (const kernelName of ['Identity', 'Cast']) {
    const base = tf.getKernel(kernelName, 'wasm');
    if (!base) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...base,
      kernelFunc: (args) => {
        const x = args.inputs.x as tf.TensorInfo;
        const dtype = kernelName === 'Cast' ? (args.attrs as { dtype: tf.DataType }).dtype : x.dtype;
        if (dtype !== x.dtype || x.dtype === 'string') return base.kernelFunc(args);
        (args.backend as { incRef(dataId: unknown): void }).incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape, dtype };
      },
    });
  }
}

/** ensureMlBackend() – the active backend (initialises wasm, falling back to cpu, on first use). */
export function ensureMlBackend(): Promise<MlBackend> {
  if (chosen && tf.getBackend() === chosen) return Promise.resolve(chosen);
  pending ??= setMlBackend(chosen ?? 'wasm');
  return pending;
}
