/**
 * @skippy/io/gbdt – helper threads for core's gradient-boosted trees (`fitGbdt(…, { threads })`):
 * Node worker_threads over SharedArrayBuffer implementing core's `GbdtThreads` hook.
 *
 * `gbdtWorkerThreads(helpers)` returns this thread's pool of `helpers` workers (created on first use,
 * kept for the process, unref'd so they never keep it alive). A fit attaches its state (every array in
 * shared memory) by one message per helper; then each step is a generation counter bumped in a shared
 * control word, and the fitting thread and the helpers claim the step's parts from a shared counter
 * and run core's `gbdtTask(state, part)` on each part they claim: on a busy machine a helper the
 * scheduler has not woken yet simply claims nothing (the fitting thread runs its part), instead of
 * stalling every step. Waiting spins briefly (steps are tens of microseconds apart) and then sleeps in
 * Atomics.wait, so idle helpers cost nothing. A helper's exception travels back through a MessageChannel
 * that the fitting thread reads synchronously, and is rethrown from `run()`. The arithmetic is core's,
 * run on disjoint parts, so the trees are bit-identical to a fit without threads.
 *
 * Atomics.wait blocks the calling thread: use this in Node (main thread or a worker), never in a browser
 * main thread. One fit at a time per thread (fitGbdt is synchronous, so this holds unless a fit starts
 * another from its progress callback, which attach() refuses).
 */
import { MessageChannel, Worker, isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { gbdtFactoryWith, gbdtTask } from '@skippy/core/models/gbdt';
import type { GbdtShared, GbdtThreads } from '@skippy/core/models/gbdt';
import type { ModelFactory } from '@skippy/core/models';

/**
 * Control words: generation, helpers attached/detached (acks), parts done, next unclaimed part, command,
 * steps that threw, a helper failed to boot, threads asleep in Atomics.wait.
 */
const SEQ = 0, ACK = 1, DONE = 2, CLAIM = 3, CMD = 4, FAILED = 5, DEAD = 6, SLEEPERS = 7, HELPER_PARTS = 8, ALL_PARTS = 9;
const CMD_RUN = 1, CMD_DETACH = 2;
/**
 * Atomics.load polls before a waiting thread sleeps: a few tens of microseconds on a machine with idle
 * cores (steps are that far apart), a few microseconds when the load average exceeds the cores (a
 * spinning helper then only burns its scheduler share, and a woken sleeper is scheduled sooner).
 */
const SPIN_IDLE = 20_000, SPIN_BUSY = 2_000;
let spin = SPIN_IDLE;

/** chooseSpin() – the spin count for the next fit, from the 1-minute load average per core. */
function chooseSpin(): number {
  return loadavg()[0] > availableParallelism() ? SPIN_BUSY : SPIN_IDLE;
}

interface HelperData { gbdtHelper: true; part: number; ctl: Int32Array; errors: MessagePort }

/** waitChange(ctl, at, from) – returns once ctl[at] differs from `from` (spin, then sleep). */
function waitChange(ctl: Int32Array, at: number, from: number): number {
  for (let k = 0; k < spin; k++) {
    const v = Atomics.load(ctl, at);
    if (v !== from) return v;
  }
  for (;;) {
    Atomics.add(ctl, SLEEPERS, 1);
    Atomics.wait(ctl, at, from, 1000);
    Atomics.sub(ctl, SLEEPERS, 1);
    const v = Atomics.load(ctl, at);
    if (v !== from) return v;
  }
}

/** bump(ctl, at, by) – ctl[at] += by, waking sleepers only when there are any (a futex wake is a system call). */
function bump(ctl: Int32Array, at: number, by: number): void {
  Atomics.add(ctl, at, by);
  if (Atomics.load(ctl, SLEEPERS) > 0) Atomics.notify(ctl, at);
}

/**
 * claimParts(ctl, state, parts, who, errors) – runs unclaimed parts of the current step until none is
 * left: whichever thread gets to a part first runs it, so a helper the scheduler has not woken yet
 * costs nothing but the parts the caller runs itself (the same arithmetic on any thread).
 */
function claimParts(ctl: Int32Array, state: GbdtShared, parts: number, who: string, errors: MessagePort | null): void {
  for (;;) {
    const k = Atomics.add(ctl, CLAIM, 1);
    if (k >= parts) return;
    Atomics.add(ctl, errors ? HELPER_PARTS : ALL_PARTS, 1);
    try { gbdtTask(state, k); } catch (e) {
      const msg = `gbdt ${who}: ${e instanceof Error ? e.message : String(e)}`;
      if (errors) errors.postMessage(msg);
      else console.error(msg);
      Atomics.add(ctl, FAILED, 1);
    }
    bump(ctl, DONE, 1);
  }
}

/** The helper side: on each attached state, claim parts of every step until detached, then return to the event loop. */
function runHelper(data: HelperData, port: { on(ev: 'message', f: (m: { state: GbdtShared; spinCount: number }) => void): void }): void {
  const { ctl, part, errors } = data;
  port.on('message', ({ state, spinCount }) => {
    spin = spinCount;
    let seq = Atomics.load(ctl, SEQ);
    bump(ctl, ACK, 1);
    for (;;) {
      seq = waitChange(ctl, SEQ, seq);
      if (Atomics.load(ctl, CMD) === CMD_DETACH) break;
      claimParts(ctl, state, state.parts, `helper ${part}`, errors);
    }
    bump(ctl, ACK, 1);
  });
}

if (!isMainThread && parentPort && (workerData as Partial<HelperData> | null)?.gbdtHelper === true) runHelper(workerData as HelperData, parentPort);

/** Boot of a helper: registers the TypeScript loader when needed and loads this module. */
const BOOT = fileURLToPath(new URL('./boot.mjs', import.meta.url));

class WorkerThreads implements GbdtThreads {
  readonly helpers: number;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(64));
  private readonly workers: Worker[] = [];
  /** One error channel per helper (read synchronously by run()). */
  private readonly errors: MessagePort[] = [];
  private state: GbdtShared | null = null;
  /** Share of the last attached fit's parts the helpers ran (0 when they never got a core in time). */
  lastHelperShare = 1;

  constructor(helpers: number) {
    this.helpers = helpers;
    for (let part = 1; part <= helpers; part++) {
      const { port1, port2 } = new MessageChannel();
      port1.unref();
      this.errors.push(port1);
      const data = { gbdtHelper: true, part, ctl: this.ctl, deadAt: DEAD, ackAt: ACK, errors: port2, entry: import.meta.url };
      const w = new Worker(BOOT, { workerData: data, transferList: [port2] });
      w.unref();
      this.workers.push(w);
    }
  }

  buffer(byteLength: number): ArrayBufferLike {
    return new SharedArrayBuffer(byteLength);
  }

  attach(state: GbdtShared): void {
    if (this.state !== null) throw new Error('gbdt threads: a fit is already attached on this thread');
    if (state.parts !== this.helpers + 1) throw new Error(`gbdt threads: state has ${state.parts} parts, expected ${this.helpers + 1}`);
    Atomics.store(this.ctl, ACK, 0); Atomics.store(this.ctl, FAILED, 0); Atomics.store(this.ctl, CMD, CMD_RUN);
    Atomics.store(this.ctl, CLAIM, state.parts);
    Atomics.store(this.ctl, HELPER_PARTS, 0); Atomics.store(this.ctl, ALL_PARTS, 0);
    spin = chooseSpin();
    for (const w of this.workers) w.postMessage({ state, spinCount: spin });
    this.waitFor(ACK, this.helpers);
    this.state = state;
  }

  run(): void {
    const st = this.state;
    if (st === null) throw new Error('gbdt threads: run() before attach()');
    Atomics.store(this.ctl, DONE, 0);
    Atomics.store(this.ctl, CLAIM, 0);
    bump(this.ctl, SEQ, 1);
    claimParts(this.ctl, st, st.parts, 'fitting thread', null);
    this.waitFor(DONE, st.parts);
    if (Atomics.load(this.ctl, FAILED) > 0) {
      Atomics.store(this.ctl, FAILED, 0);
      const msgs = this.errors.map((port) => receiveMessageOnPort(port)).filter((m) => m !== undefined);
      throw new Error(msgs.length > 0 ? String(msgs[0]!.message) : 'gbdt: a step failed on the fitting thread');
    }
  }

  detach(): void {
    if (this.state === null) return;
    this.state = null;
    Atomics.store(this.ctl, ACK, 0);
    Atomics.store(this.ctl, CMD, CMD_DETACH);
    bump(this.ctl, SEQ, 1);
    this.waitFor(ACK, this.helpers);
    const byHelpers = Atomics.load(this.ctl, HELPER_PARTS), all = byHelpers + Atomics.load(this.ctl, ALL_PARTS);
    this.lastHelperShare = all > 0 ? byHelpers / all : 1;
  }

  /** waitFor(at, n) – returns once ctl[at] reaches n; throws when a helper failed to boot. */
  private waitFor(at: number, n: number): void {
    let v = Atomics.load(this.ctl, at);
    while (v < n) {
      v = waitChange(this.ctl, at, v);
      if (Atomics.load(this.ctl, DEAD) !== 0) throw new Error('gbdt threads: a helper thread failed to start (see its error above)');
    }
  }
}

const pools = new Map<number, WorkerThreads>();

/**
 * gbdtWorkerThreads(helpers = 1) – this thread's pool of `helpers` (1..16) helper threads for
 * `fitGbdt(…, { threads })`; the same pool on every call with the same count.
 */
export function gbdtWorkerThreads(helpers = 1): GbdtThreads {
  if (!Number.isInteger(helpers) || helpers < 1 || helpers > 16) throw new Error(`gbdt helpers must be an integer in [1, 16]; was ${helpers}`);
  let pool = pools.get(helpers);
  if (!pool) pools.set(helpers, pool = new WorkerThreads(helpers));
  return pool;
}

/** A threaded fit whose helpers ran less than this share of the parts did not get a core in time. */
const STARVED_SHARE = 0.15;
/** After a starved threaded fit, this many fits run on the fitting thread alone before threads are tried again. */
const STARVED_SKIP = 3;

/**
 * gbdtThreadedFactory(helpers = availableParallelism() − 1) – core's gbdt model factory fitting on this
 * thread plus `helpers` helper threads (none on a 1-core machine: then it is core's gbdtFactory). When
 * the helpers of a fit ran under 15 % of its parts (other processes held the cores: measured on this
 * 2-core box under load, one helper then made the 100k × 20 fit slower, 2.0–2.8 s vs 1.7–2.4 s), the next
 * three fits run on this thread alone, then threads are tried again. Hosts pass it to runExperiment's
 * `models`; the models are identical either way.
 */
export function gbdtThreadedFactory(helpers = Math.min(16, availableParallelism() - 1)): ModelFactory {
  const single = gbdtFactoryWith({});
  if (helpers < 1) return single;
  let skip = 0;
  return {
    kind: 'gbdt',
    async fit(spec, data, req) {
      if (skip > 0) { skip--; return single.fit(spec, data, req); }
      // the helpers start on the first threaded fit, not when a host lists the factory
      const pool = gbdtWorkerThreads(helpers);
      const fitted = await gbdtFactoryWith({ threads: pool }).fit(spec, data, req);
      if (pool instanceof WorkerThreads && pool.lastHelperShare < STARVED_SHARE) skip = STARVED_SKIP;
      return fitted;
    },
  };
}
