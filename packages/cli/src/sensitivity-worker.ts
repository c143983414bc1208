import type { MessagePort } from 'node:worker_threads';
import { prepareAnalysis, runChunk, SoftPowerError, type AnalysisKind, type AnalysisSettings, type IndexData, type IndexSpec, type PreparedAnalysis, type Problem } from '@softpower/engine';

/** What a worker is started with: the same inputs the main thread prepared its analysis from. */
export interface WorkerInput {
  readonly kind: AnalysisKind;
  readonly spec: IndexSpec;
  readonly data: IndexData;
  readonly assumptions: unknown;
  readonly settings: AnalysisSettings;
}

/** Main thread → worker. */
export type WorkerRequest = { readonly type: 'chunk'; readonly start: number; readonly end: number };

/** Worker → main thread. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'chunk'; readonly chunk: ReturnType<typeof runChunk> }
  | { readonly type: 'problems'; readonly problems: Problem[] }
  | { readonly type: 'failed'; readonly message: string };

/**
 * The worker side of the parallel runner: prepares the analysis from its inputs (identically
 * to the main thread, since preparation is a pure function of them), then runs every chunk
 * [start, end) it is sent and posts the result back, transferring the buffers.
 */
export function serveAnalysis(port: MessagePort | null, input: WorkerInput): void {
  if (!port) throw new Error('sensitivity worker: started outside a worker thread');
  const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  let prepared: PreparedAnalysis;
  try {
    prepared = prepareAnalysis(input.kind, input.spec, input.data, input.assumptions, input.settings);
  } catch (e) {
    post(e instanceof SoftPowerError ? { type: 'problems', problems: e.problems } : { type: 'failed', message: (e as Error).stack ?? String(e) });
    return;
  }
  port.on('message', (request: WorkerRequest) => {
    try {
      const chunk = runChunk(prepared, request.start, request.end);
      post({ type: 'chunk', chunk }, [chunk.scores.buffer, chunk.ranks.buffer, chunk.outputs.buffer, chunk.parameters.buffer] as ArrayBuffer[]);
    } catch (e) {
      post({ type: 'failed', message: (e as Error).stack ?? String(e) });
    }
  });
  post({ type: 'ready' });
}
