/**
 * The TensorFlow.js backend the models run on. `wasm` (XNNPACK, single-threaded) is ~10–20× faster
 * than the pure-JS `cpu` backend on these nets (bench `models.tcn.epoch.50k`); both are deterministic.
 * A host whose wasm binary cannot load (e.g. a browser worker without the .wasm served) falls back to `cpu`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type MlBackend = 'wasm' | 'cpu';

/** The wasm binaries by file name (a bundler's asset URLs), or one prefix URL ending in '/'. */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

export interface MlBackendOptions {
  /**
   * Where the wasm backend fetches its `.wasm` binaries (tfjs `setWasmPaths`): a browser worker passes the
   * URLs its bundler emitted. Applied before the wasm backend first initialises (later calls cannot move it).
   * @default next to the tfjs-backend-wasm script (Node reads them from node_modules)
   */
  wasmPaths?: WasmPaths;
}

let chosen: MlBackend | null = null;
let pending: Promise<MlBackend> | null = null;

/** setMlBackend(name, options) – selects the backend for later fits (call before the first fit, or between fits); resolves to the one in use (cpu when wasm failed to load). */
export async function setMlBackend(name: MlBackend, options: MlBackendOptions = {}): Promise<MlBackend> {
  pending = null;
  if (name === 'wasm' && options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
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

/** The wasm backend's handle as its kernels see it (heap views, output allocation, reference counts). */
interface WasmBackendLike {
  incRef(dataId: unknown): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * sliceFromHeap(args, base) – the wasm Slice without its first step, which copies the whole input out
 * of the wasm heap (readSync) before copying the slice: the output is allocated first, then the slice
 * is copied between heap views (one block when contiguous, rows of the last axis for rank 3).
 */
function sliceFromHeap(args: Parameters<tf.KernelFunc>[0], base: tf.KernelConfig): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo, attrs = args.attrs as { begin: number | number[]; size?: number | number[] };
  if (x.dtype === 'string' || x.shape.length > 3) return base.kernelFunc(args);
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
  const backend = args.backend as WasmBackendLike;
  const out = backend.makeOutput(size, x.dtype);
  const xv = backend.typedArrayFromHeap(x), ov = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const from = tf.slice_util.computeFlatOffset(begin, strides);
    ov.set(xv.subarray(from, from + tf.util.sizeFromShape(size)));
  } else if (x.shape.length === 3) {
    let o = 0;
    for (let i = begin[0]; i < begin[0] + size[0]; i++) for (let j = begin[1]; j < begin[1] + size[1]; j++) {
      const from = i * strides[0] + j * strides[1] + begin[2];
      ov.set(xv.subarray(from, from + size[2]), o);
      o += size[2];
    }
  } else {
    const from = begin[0] * strides[0] + begin[1];
    for (let i = 0; i < size[0]; i++) ov.set(xv.subarray(from + i * strides[0], from + i * strides[0] + size[1]), i * size[1]);
  }
  return out;
}

/**
 * The wasm backend copies a tensor's bytes for Identity (every clone — the engine clones each tensor
 * a gradient saves, ~480 per TCN training step) and for a Cast to the same dtype; the cpu backend
 * shares the data and counts references, as the wasm backend itself does for Reshape. Tensors are
 * immutable (a Variable's assign swaps its data id), so sharing gives the same values without the copy.
 * Slice copies from heap views (sliceFromHeap) instead of reading the whole input out first.
 */
function shareUnchangedTensorsOnWasm(): void {
  if (shared) return;
  shared = true;
  const slice = tf.getKernel('Slice', 'wasm');
  if (slice) {
    tf.unregisterKernel('Slice', 'wasm');
    tf.registerKernel({ ...slice, kernelFunc: (args) => sliceFromHeap(args, slice) });
  }
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
        (args.backend as WasmBackendLike).incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape, dtype };
      },
    });
  }
}

/** ensureMlBackend(options) – the active backend (initialises wasm, falling back to cpu, on first use). */
export function ensureMlBackend(options: MlBackendOptions = {}): Promise<MlBackend> {
  if (chosen && tf.getBackend() === chosen) return Promise.resolve(chosen);
  pending ??= setMlBackend(chosen ?? 'wasm', options);
  return pending;
}
