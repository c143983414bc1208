import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  AnalysisCancelledError,
  mergeChunks,
  planChunks,
  prepareAnalysis,
  runChunk,
  problem,
  SoftPowerError,
  type AnalysisKind,
  type AnalysisSettings,
  type ChunkResult,
  type IndexData,
  type IndexSpec,
  type SensitivityResult,
  type UncertaintyResult,
} from '@softpower/engine';
import type { WorkerInput, WorkerReply } from './sensitivity-worker.js';

export interface ParallelOptions {
  /**
   * Threads computing replications, this one included: K - 1 worker threads are started and
   * this thread runs chunks too while they start and work. Default: the number of CPUs.
   */
  readonly workers?: number;
  /** Runs per chunk (default: about 8 chunks per thread, 4 to 256 runs). The numbers do not depend on it. */
  readonly chunkSize?: number;
  /**
   * Whether this thread takes chunks too (default true). With false, `workers` worker threads
   * are started and do every run.
   */
  readonly mainThread?: boolean;
  readonly signal?: AbortSignal;
  /** Called whenever a chunk completes, with the runs done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The default number of workers: every CPU the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

let workerSource: Promise<string | undefined> | undefined;

/**
 * The worker program as one CommonJS script: sensitivity-worker.ts and the engine bundled by
 * esbuild, once per process. A worker then starts in about a tenth of a second, instead of
 * half a second or more when every module goes through the TypeScript loader. Undefined when
 * bundling fails: the workers then start from sensitivity-worker.mjs.
 */
function bundledWorker(): Promise<string | undefined> {
  workerSource ??= (async () => {
    try {
      const esbuild = await import('esbuild');
      const here = fileURLToPath(new URL('.', import.meta.url));
      const built = await esbuild.build({
        stdin: {
          contents: "import { parentPort, workerData } from 'node:worker_threads';\nimport { serveAnalysis } from './sensitivity-worker.ts';\nserveAnalysis(parentPort, workerData);\n",
          resolveDir: here,
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      });
      return built.outputFiles[0].text;
    } catch {
      return undefined;
    }
  })();
  return workerSource;
}

function startWorker(source: string | undefined, input: WorkerInput): Worker {
  return source === undefined ? new Worker(new URL('./sensitivity-worker.mjs', import.meta.url), { workerData: input }) : new Worker(source, { eval: true, workerData: input });
}

/**
 * Runs an uncertainty or sensitivity analysis with its replications spread over threads: this
 * one and `workers - 1` worker threads take chunks of runs from one queue. Each replication's
 * randomness is derived from the seed and its own index (not from the thread or the order the
 * chunks complete in), and the chunks are merged in run order, so the numbers are identical
 * for any number of workers.
 *
 * Rejects with `SoftPowerError` on bad inputs (before any worker starts) and with
 * `AnalysisCancelledError` when `signal` is aborted; the workers are stopped in every case.
 */
export async function runParallel(kind: 'uncertainty', spec: IndexSpec, data: IndexData, assumptions: unknown, settings: AnalysisSettings, options?: ParallelOptions): Promise<UncertaintyResult>;
export async function runParallel(kind: 'sensitivity', spec: IndexSpec, data: IndexData, assumptions: unknown, settings: AnalysisSettings, options?: ParallelOptions): Promise<SensitivityResult>;
export async function runParallel(kind: AnalysisKind, spec: IndexSpec, data: IndexData, assumptions: unknown, settings: AnalysisSettings, options: ParallelOptions = {}): Promise<UncertaintyResult | SensitivityResult> {
  const prepared = prepareAnalysis(kind, spec, data, assumptions, settings);
  const threads = options.workers ?? defaultWorkers();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new SoftPowerError([problem('ANALYSIS_SETTING', `sensitivity: the number of workers must be a whole number of at least 1, got ${threads}`, { value: threads, hint: 'Give --workers 1 to run in this thread only, or the number of CPU cores to use.' })]);
  }
  const chunkSize = options.chunkSize ?? Math.min(256, Math.max(4, Math.ceil(prepared.runs / (8 * threads))));
  const plan = planChunks(prepared.runs, chunkSize);
  const chunks: ChunkResult[] = [];
  let done = 0;
  let next = 0;
  const signal = options.signal;
  if (signal?.aborted) throw new AnalysisCancelledError();
  const input: WorkerInput = { kind, spec, data, assumptions, settings };
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => finish(new AnalysisCancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      const record = (chunk: ChunkResult) => {
        chunks.push(chunk);
        done += chunk.end - chunk.start;
        options.onProgress?.(done, prepared.runs);
        if (chunks.length === plan.length) finish();
      };
      const feed = (worker: Worker) => {
        if (next >= plan.length) return;
        const [start, end] = plan[next++];
        worker.postMessage({ type: 'chunk', start, end });
      };
      const mainThread = options.mainThread ?? true;
      const spawned = Math.min(mainThread ? threads - 1 : threads, plan.length);
      const spawn = (source: string | undefined, w: number) => {
        const worker = startWorker(source, input);
        workers.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          if (settled) return;
          if (reply.type === 'ready') feed(worker);
          else if (reply.type === 'chunk') {
            record(reply.chunk);
            feed(worker);
          } else if (reply.type === 'problems') finish(new SoftPowerError(reply.problems));
          else finish(new Error(`sensitivity worker ${w}: ${reply.message}`));
        });
        worker.on('error', (e) => finish(e));
        worker.on('exit', (code) => {
          if (!settled && code !== 0) finish(new Error(`sensitivity worker ${w} stopped with exit code ${code}`));
        });
      };
      if (spawned > 0) {
        void bundledWorker().then((source) => {
          if (settled || next >= plan.length) return;
          for (let w = 1; w <= spawned; w++) spawn(source, w);
        });
      }
      // This thread takes chunks too, yielding between them so that replies, progress and
      // Ctrl-C are handled.
      const local = () => {
        if (!mainThread || settled || next >= plan.length) return;
        const [start, end] = plan[next++];
        try {
          record(runChunk(prepared, start, end));
        } catch (e) {
          finish(e);
          return;
        }
        setImmediate(local);
      };
      setImmediate(local);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return mergeChunks(prepared, chunks);
}
