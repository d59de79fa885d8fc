// Entry of a worker thread that runs a TypeScript module: a worker does not inherit the main thread's
// `--import tsx` loader, so it registers tsx itself, then imports `workerData.entry`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
