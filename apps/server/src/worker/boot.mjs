// Worker bootstrap: registers the TypeScript loader inside the worker thread, then loads the
// TypeScript entry given in workerData (Node 20 resolves a worker's entry before --import hooks apply).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
