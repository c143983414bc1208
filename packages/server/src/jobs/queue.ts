import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { processAlive } from '../db/lock.js';
import { errorEnvelope } from '../errors.js';
import { sql, type Store } from '../store/store.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

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

/** Makes the runner of a job from its kind and parameters, to submit an ended job again. */
export type JobFactory = (params: Record<string, unknown>) => JobRunner;

const terminal: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function isTerminal(status: JobStatus): boolean {
  return terminal.includes(status);
}

export interface JobQueueOptions {
  /** Where job records are kept (table `jobs`); in memory only when absent. */
  store?: Store;
  /** Ended jobs kept in memory (all are kept in the store). */
  keep?: number;
  /** Milliseconds between heartbeats of this process's live jobs in the store (default 15 s). */
  heartbeatMs?: number;
  /** A job of another host whose heartbeat is older than this is taken as abandoned (default 2 min). */
  staleMs?: number;
  /** Where a failed write of the job records is reported (the jobs themselves go on); default: nowhere. */
  log?: (line: string) => void;
}

interface JobRow {
  id: string;
  kind: JobState['kind'];
  status: JobStatus;
  params: Record<string, unknown>;
  progress: JobState['progress'];
  result: unknown;
  error: JobState['error'];
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function fromRow(r: JobRow): JobState {
  return { id: r.id, kind: r.kind, status: r.status, params: r.params, progress: r.progress, result: r.result ?? null, error: r.error ?? null, createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at) };
}

/**
 * A job queue: jobs run one at a time in submission order (PGlite has one connection, and
 * builds are CPU-bound), report progress, can be cancelled, and are kept in memory for
 * polling and streaming. With a store, every job is also recorded in the table `jobs` (status
 * changes at once, progress at most once a second), so that jobs outlive the process: `recover`
 * marks the jobs a dead process left queued or running as "interrupted", and `resubmit` runs
 * an ended job again with the same parameters. A job that ends without finishing has written
 * nothing, because every job stores its output in one transaction at its end.
 */
export class JobQueue {
  /** This process's identity in the job records. */
  readonly instance = randomUUID();
  private readonly jobs = new Map<string, JobState>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly runners = new Map<string, JobRunner>();
  private readonly factories = new Map<JobState['kind'], JobFactory>();
  private readonly pending: string[] = [];
  private readonly events = new EventEmitter();
  private readonly lastProgressWrite = new Map<string, number>();
  private running: Promise<void> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly store: Store | undefined;
  private readonly keep: number;
  private readonly staleMs: number;
  private readonly log: (line: string) => void;

  constructor(options: JobQueueOptions = {}) {
    this.store = options.store;
    this.keep = options.keep ?? 500;
    this.staleMs = options.staleMs ?? 120_000;
    this.log = options.log ?? (() => {});
    this.events.setMaxListeners(0);
    if (this.store) {
      this.heartbeat = setInterval(() => this.write(sql`update jobs set heartbeat_at = now() where owner_instance = ${this.instance} and status in ('queued', 'running')`), options.heartbeatMs ?? 15_000);
      this.heartbeat.unref();
    }
  }

  /** How to run a job of this kind again from its parameters (`resubmit`). */
  define(kind: JobState['kind'], factory: JobFactory): void {
    this.factories.set(kind, factory);
  }

  submit(kind: JobState['kind'], params: Record<string, unknown>, run: JobRunner): JobState {
    const job: JobState = { id: randomUUID(), kind, status: 'queued', params, progress: { done: 0, total: 0, message: 'queued' }, result: null, error: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null };
    this.jobs.set(job.id, job);
    this.controllers.set(job.id, new AbortController());
    this.runners.set(job.id, run);
    this.pending.push(job.id);
    this.write(sql`
      insert into jobs (id, kind, status, params, progress, owner_instance, owner_host, owner_pid, created_at, heartbeat_at)
      values (${job.id}, ${kind}, 'queued', ${JSON.stringify(params)}::jsonb, ${JSON.stringify(job.progress)}::jsonb, ${this.instance}, ${hostname()}, ${process.pid}, ${job.createdAt}, now())`);
    this.prune();
    this.pump();
    return { ...job };
  }

  /**
   * Submits an ended job (failed, cancelled, interrupted or succeeded) again as a new job with
   * the same kind and parameters. Throws when the job is unknown, still live, or of a kind
   * with no factory (`define`).
   */
  async resubmit(id: string): Promise<JobState | undefined> {
    const job = await this.find(id);
    if (!job) return undefined;
    if (!isTerminal(job.status)) throw new Error(`job "${id}" is still ${job.status}`);
    const factory = this.factories.get(job.kind);
    if (!factory) throw new Error(`jobs of kind "${job.kind}" cannot be submitted again`);
    return this.submit(job.kind, job.params, factory(job.params));
  }

  get(id: string): JobState | undefined {
    const job = this.jobs.get(id);
    return job && { ...job, progress: { ...job.progress } };
  }

  /** A job of this process, or one recorded in the store (an earlier process's). */
  async find(id: string): Promise<JobState | undefined> {
    const live = this.get(id);
    if (live || !this.store) return live;
    await this.flush();
    const [row] = await this.store.rows<JobRow>(sql`select * from jobs where id = ${id}`);
    return row && fromRow(row);
  }

  /** Jobs of this process, newest first. */
  list(): JobState[] {
    return [...this.jobs.values()].reverse().map((j) => ({ ...j }));
  }

  /** Every job: this process's and those recorded in the store, newest first. */
  async listAll(limit = 500): Promise<JobState[]> {
    if (!this.store) return this.list().slice(0, limit);
    await this.flush();
    const rows = await this.store.rows<JobRow>(sql`select * from jobs order by created_at desc, id limit ${limit}`);
    const byId = new Map(rows.map((r) => [r.id, fromRow(r)]));
    for (const job of this.list()) byId.set(job.id, job);
    return [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1)).slice(0, limit);
  }

  /**
   * Marks the jobs that a process no longer running left queued or running as "interrupted",
   * with a message saying so: a process of this host that is gone (or whose PID this process
   * now has), or one of another host whose heartbeat is older than `staleMs`. Returns them.
   */
  async recover(): Promise<JobState[]> {
    if (!this.store) return [];
    const here = hostname();
    const live = await this.store.rows<JobRow & { owner_host: string; owner_pid: number; heartbeat_at: Date | string }>(sql`
      select * from jobs where status in ('queued', 'running') and owner_instance <> ${this.instance}`);
    const now = Date.now();
    const dead = live.filter((r) => (r.owner_host === here ? r.owner_pid === process.pid || !processAlive(r.owner_pid) : now - new Date(r.heartbeat_at).getTime() > this.staleMs));
    const out: JobState[] = [];
    for (const r of dead) {
      const error = {
        code: 'JOB_INTERRUPTED',
        message: `job ${r.id} (${r.kind}): the server process ${r.owner_pid} on ${r.owner_host} stopped while the job was ${r.status}; nothing of it was stored. Submit it again with POST /api/jobs/${r.id}/retry`,
        details: { status: r.status, progress: r.progress, pid: r.owner_pid, host: r.owner_host },
      };
      const [row] = await this.store.rows<JobRow>(sql`
        update jobs set status = 'interrupted', error = ${JSON.stringify(error)}::jsonb, finished_at = now()
        where id = ${r.id} and status in ('queued', 'running') returning *`);
      if (row) out.push(fromRow(row));
    }
    return out;
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

  /** Cancels every queued and running job (the server is stopping). */
  cancelAll(): void {
    for (const job of [...this.jobs.values()]) if (!isTerminal(job.status)) this.cancel(job.id);
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

  /** Resolves when no job is queued or running and every record is written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    await this.flush();
  }

  /** Stops the heartbeat (the server is closing); pending record writes still complete. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.idle();
  }

  /** Resolves when every record write issued so far has completed. */
  async flush(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.writes;
      await current;
    } while (current !== this.writes);
  }

  /** Queues a write of the job records, in order; a failed write is logged and the next ones go on. */
  private write(query: SQL): void {
    const store = this.store;
    if (!store) return;
    this.writes = this.writes.then(
      () => store.db.execute(query).then(
        () => undefined,
        (e: unknown) => {
          this.log(`jobs: cannot write the job records to the store (${(e as Error).message}); the jobs go on, but GET /api/jobs after a restart may not show their latest state`);
        },
      ),
    );
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
    this.lastProgressWrite.delete(job.id);
    this.write(sql`
      update jobs set status = ${status}, progress = ${JSON.stringify(job.progress)}::jsonb, result = ${JSON.stringify(result ?? null)}::jsonb,
        error = ${error === null ? null : JSON.stringify(error)}::jsonb, finished_at = ${job.finishedAt}, heartbeat_at = now()
      where id = ${job.id}`);
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
        this.write(sql`update jobs set status = 'running', started_at = ${job.startedAt}, heartbeat_at = now() where id = ${job.id}`);
        this.emit(job);
        try {
          const result = await run({
            signal,
            progress: (done, total, message) => {
              job.progress = { done, total, message };
              const now = Date.now();
              if (now - (this.lastProgressWrite.get(job.id) ?? 0) >= 1000) {
                this.lastProgressWrite.set(job.id, now);
                this.write(sql`update jobs set progress = ${JSON.stringify(job.progress)}::jsonb, heartbeat_at = now() where id = ${job.id}`);
              }
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
