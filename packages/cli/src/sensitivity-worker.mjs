// Entry point of a worker thread of `softpower index sensitivity`: registers the TypeScript
// loader in this thread (hooks are per thread), then serves chunks of the analysis.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveAnalysis } = await import('./sensitivity-worker.ts');
serveAnalysis(parentPort, workerData);
