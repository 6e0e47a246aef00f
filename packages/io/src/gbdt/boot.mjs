// Boot of a gbdt helper thread (see index.ts): registers the TypeScript loader when the entry is .ts
// (Node 20 resolves a worker's entry before --import hooks apply), then loads the entry. A failure is
// flagged in the shared control words so the fitting thread, blocked in Atomics.wait, throws instead of
// waiting for ever.
import { workerData } from 'node:worker_threads';

try {
  if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import(workerData.entry);
} catch (e) {
  console.error(e);
  Atomics.store(workerData.ctl, workerData.deadAt, 1);
  Atomics.add(workerData.ctl, workerData.ackAt, 1);
  Atomics.notify(workerData.ctl, workerData.ackAt);
}
