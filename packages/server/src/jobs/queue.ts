import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { errorEnvelope } from '../errors.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobState {
  id: string;
  kind: 'build' | 'sensitivity';
  status: JobStatus;
  params: Record<string, unknown>;
  progress: { done: number; total: number; message: string };
  result: unknown;
  error: { code: string; message: string; details: unknown } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, message: string): void;
}

export type JobRunner = (context: JobContext) => Promise<unknown>;

const terminal: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(status: JobStatus): boolean {
  return terminal.includes(status);
}

/**
 * An in-process job queue: jobs run one at a time in submission order (PGlite has one
 * connection, and builds are CPU-bound), report progress, can be cancelled, and are kept in
 * memory for polling and streaming. A job that ends without finishing has written nothing,
 * because every job stores its output in one transaction at its end.
 */
export class JobQueue {
  private readonly jobs = new Map<string, JobState>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly runners = new Map<string, JobRunner>();
  private readonly pending: string[] = [];
  private readonly events = new EventEmitter();
  private running: Promise<void> | null = null;

  constructor(private readonly keep = 500) {
    this.events.setMaxListeners(0);
  }

  submit(kind: JobState['kind'], params: Record<string, unknown>, run: JobRunner): JobState {
    const job: JobState = { id: randomUUID(), kind, status: 'queued', params, progress: { done: 0, total: 0, message: 'queued' }, result: null, error: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null };
    this.jobs.set(job.id, job);
    this.controllers.set(job.id, new AbortController());
    this.runners.set(job.id, run);
    this.pending.push(job.id);
    this.prune();
    this.pump();
    return { ...job };
  }

  get(id: string): JobState | undefined {
    const job = this.jobs.get(id);
    return job && { ...job, progress: { ...job.progress } };
  }

  list(): JobState[] {
    return [...this.jobs.values()].reverse().map((j) => ({ ...j }));
  }

  /** Cancels a queued or running job; returns false when it had already ended. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || isTerminal(job.status)) return false;
    this.controllers.get(id)?.abort();
    if (job.status === 'queued') {
      this.pending.splice(this.pending.indexOf(id), 1);
      this.finish(job, 'cancelled', null, null);
    }
    return true;
  }

  /** Calls `listener` with every change of the job until it ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (job: JobState) => void): () => void {
    const handler = (job: JobState) => {
      if (job.id === id) listener({ ...job });
    };
    this.events.on('change', handler);
    return () => this.events.off('change', handler);
  }

  /** Resolves when the job has ended. */
  async wait(id: string): Promise<JobState> {
    const job = this.get(id);
    if (!job) throw new Error(`no job ${id}`);
    if (isTerminal(job.status)) return job;
    return new Promise((resolve) => {
      const off = this.subscribe(id, (j) => {
        if (isTerminal(j.status)) {
          off();
          resolve(j);
        }
      });
    });
  }

  /** Resolves when no job is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private emit(job: JobState): void {
    this.events.emit('change', job);
  }

  private finish(job: JobState, status: JobStatus, result: unknown, error: JobState['error']): void {
    job.status = status;
    job.result = result;
    job.error = error;
    job.finishedAt = new Date().toISOString();
    this.runners.delete(job.id);
    this.controllers.delete(job.id);
    this.emit(job);
  }

  private pump(): void {
    if (this.running) return;
    this.running = (async () => {
      for (let id = this.pending.shift(); id !== undefined; id = this.pending.shift()) {
        const job = this.jobs.get(id)!;
        const run = this.runners.get(id)!;
        const signal = this.controllers.get(id)!.signal;
        job.status = 'running';
        job.startedAt = new Date().toISOString();
        this.emit(job);
        try {
          const result = await run({
            signal,
            progress: (done, total, message) => {
              job.progress = { done, total, message };
              this.emit(job);
            },
          });
          this.finish(job, 'succeeded', result, null);
        } catch (e) {
          if (signal.aborted) this.finish(job, 'cancelled', null, null);
          else this.finish(job, 'failed', null, errorEnvelope(e).body.error);
        }
      }
      this.running = null;
    })();
  }

  private prune(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (isTerminal(job.status)) this.jobs.delete(id);
    }
  }
}
