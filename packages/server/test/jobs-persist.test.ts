import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { JobQueue } from '../src/jobs/queue.js';
import { runBuild } from '../src/store/builds.js';
import { saveBundledSpec } from '../src/store/specs.js';
import { startServer } from '../src/serve.js';
import { openStore, sql, type Store } from '../src/store/store.js';
import { asemSpecPath, backends, testToken } from './support.js';

const auth = { authorization: `Bearer ${testToken}` };

/** The PID of a process that has exited: a server that was killed. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

async function insertJob(store: Store, id: string, status: string, pid: number, host = hostname(), heartbeat = 'now()'): Promise<void> {
  await store.db.execute(sql`
    insert into jobs (id, kind, status, params, progress, owner_instance, owner_host, owner_pid, created_at, started_at, heartbeat_at)
    values (${id}, 'build', ${status}, ${JSON.stringify({ framework: 'asem-default', version: 1 })}::jsonb, ${JSON.stringify({ done: 1, total: 3, message: 'building' })}::jsonb,
      ${`instance-${id}`}, ${host}, ${pid}, now(), now(), ${sql.raw(heartbeat)})`);
}

describe.each(backends())('job records in the store ($name)', (backend) => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;

  beforeAll(async () => {
    store = await backend.open();
    await saveBundledSpec(store, asemSpecPath);
    await runBuild(store, 'asem-default');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.close();
    await store?.close();
  });

  it('a job is recorded with its kind, params, status, progress, result and times, and found by a later process', async () => {
    const first = new JobQueue({ store });
    const firstApp = await createApp({ store, jobs: first, token: testToken });
    const started = await firstApp.inject({ method: 'POST', url: '/api/builds', headers: auth, payload: { framework: 'asem-default' } });
    expect(started.statusCode).toBe(202);
    const ended = await first.wait(started.json().id);
    expect(ended.status).toBe('succeeded');
    await firstApp.close();
    await first.close();

    const later = new JobQueue({ store });
    const laterApp = await createApp({ store, jobs: later, token: testToken });
    const job = (await laterApp.inject(`/api/jobs/${ended.id}`)).json();
    expect(job).toMatchObject({ id: ended.id, kind: 'build', status: 'succeeded', params: { framework: 'asem-default', version: 1 }, progress: { done: 3, total: 3 }, error: null });
    expect((job.result as { id: string }).id).toBe((ended.result as { id: string }).id);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect((await laterApp.inject('/api/jobs')).json().items.map((j: { id: string }) => j.id)).toContain(ended.id);
    await laterApp.close();
    await later.close();
  }, 60_000);

  it('on start, jobs left running or queued by a dead process are marked interrupted with a message; those of live processes are not', async () => {
    const dead = await deadPid();
    await insertJob(store, 'killed-running', 'running', dead);
    await insertJob(store, 'killed-queued', 'queued', dead);
    await insertJob(store, 'alive-here', 'running', process.ppid);
    await insertJob(store, 'other-host-fresh', 'running', 1, 'another-host.example');
    await insertJob(store, 'other-host-silent', 'running', 1, 'another-host.example', "now() - interval '1 hour'");
    jobs = new JobQueue({ store });
    const interrupted = await jobs.recover();
    expect(interrupted.map((j) => j.id).sort()).toEqual(['killed-queued', 'killed-running', 'other-host-silent']);
    app = await createApp({ store, jobs, token: testToken });
    const job = (await app.inject('/api/jobs/killed-running')).json();
    expect(job.status).toBe('interrupted');
    expect(job.error.code).toBe('JOB_INTERRUPTED');
    expect(job.error.message).toContain(`server process ${dead}`);
    expect(job.error.message).toContain('/api/jobs/killed-running/retry');
    expect(job.progress).toEqual({ done: 1, total: 3, message: 'building' });
    expect((await app.inject('/api/jobs/alive-here')).json().status).toBe('running');
    expect((await app.inject('/api/jobs/other-host-fresh')).json().status).toBe('running');
    expect(await new JobQueue({ store }).recover()).toEqual([]);
  });

  it('an interrupted job is submitted again with POST /api/jobs/{id}/retry and runs to the end; a live one cannot be', async () => {
    const builds = (await app.inject('/api/builds?framework=asem-default')).json().total;
    const retried = await app.inject({ method: 'POST', url: '/api/jobs/killed-running/retry', headers: auth });
    expect(retried.statusCode, retried.body).toBe(202);
    const again = retried.json();
    expect(again).toMatchObject({ kind: 'build', params: { framework: 'asem-default', version: 1 } });
    expect(['queued', 'running']).toContain(again.status);
    expect(again.id).not.toBe('killed-running');
    expect((await jobs.wait(again.id)).status).toBe('succeeded');
    expect((await app.inject('/api/builds?framework=asem-default')).json().total).toBe(builds + 1);
    const live = await app.inject({ method: 'POST', url: '/api/jobs/alive-here/retry', headers: auth });
    expect(live.statusCode).toBe(409);
    expect(live.json().error.code).toBe('CONFLICT');
    expect((await app.inject({ method: 'POST', url: '/api/jobs/nope/retry', headers: auth })).statusCode).toBe(404);
  }, 60_000);
});

describe('startServer and the job records', () => {
  it('a server started on a store whose previous process was killed mid-job reports the job interrupted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-jobs-'));
    try {
      const before = await openStore({ dataDir: dir });
      await insertJob(before, 'left-by-kill', 'running', await deadPid());
      await before.close();
      const lines: string[] = [];
      const server = await startServer({ dataDir: dir, port: 0, loadBundled: false, token: testToken, log: (line) => lines.push(line) });
      try {
        expect(lines.some((l) => l.includes('left-by-kill') && l.includes('interrupted'))).toBe(true);
        const job = (await (await fetch(`${server.url}/api/jobs/left-by-kill`)).json()) as { status: string; error: { code: string } };
        expect(job.status).toBe('interrupted');
        expect(job.error.code).toBe('JOB_INTERRUPTED');
      } finally {
        await server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('job records that cannot be written', () => {
  it('a failed write of a job record is logged with its cause, and the job still runs to the end', async () => {
    const failing = { db: { execute: () => Promise.reject(new Error('connection terminated')) } } as unknown as Store;
    const lines: string[] = [];
    const jobs = new JobQueue({ store: failing, log: (line) => lines.push(line) });
    try {
      const job = jobs.submit('build', { framework: 'asem-default' }, async () => 'done');
      expect((await jobs.wait(job.id)).status).toBe('succeeded');
      await jobs.flush();
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatch(/^jobs: cannot write the job records to the store \(connection terminated\)/);
    } finally {
      await jobs.close();
    }
  });
});
