import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './machine.js';

const serverBin = fileURLToPath(new URL('../packages/server/bin/softpower-server.mjs', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  /** Seconds from spawning the process to listening (Node and tsx start-up included). */
  seconds: number;
}

/** `npm start` on a store directory in its own process; resolves once it prints its address. */
function startChild(dataDir: string): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [serverBin, '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOFTPOWER_TOKEN: 'bench' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1], seconds: (performance.now() - t0) / 1000 });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${err.slice(-2000)}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

const clients = 200;
const requestsPerClient = 100;
const warmUpPerClient = 10;

/** One keep-alive GET; calls back with the status and the milliseconds it took. */
function get(options: RequestOptions, done: (status: number, ms: number) => void): void {
  const t0 = performance.now();
  const req = request(options, (res) => {
    res.on('data', () => {});
    res.on('end', () => done(res.statusCode ?? 0, performance.now() - t0));
  });
  req.on('error', () => done(0, performance.now() - t0));
  req.end();
}

const getAsync = (options: RequestOptions) => new Promise<number>((resolve) => get(options, (status) => resolve(status)));

/** Resolves once the server has no queued or running job (the rank intervals of a first start). */
async function jobsIdle(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { jobs: number };
    if (health.jobs === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * The observatory server (`npm start`, its own process) on loopback: first start (embedded
 * store created, bundled data imported, every framework built), second start on the same
 * store, then 200 concurrent keep-alive clients reading rankings of the bundled frameworks
 * (pages of the index and of the pillars). Target: p99 < 50 ms with no errors.
 * SOFTPOWER_BENCH_STORE=<dir> runs on that (already loaded) store and skips the first start.
 */
export async function benchServer(): Promise<Figure[]> {
  const given = process.env.SOFTPOWER_BENCH_STORE;
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'softpower-bench-')));
  let server: Started | undefined;
  const figures: Figure[] = [];
  try {
    if (!given) {
      server = await startChild(dataDir);
      const firstStart = server.seconds;
      const t0Jobs = performance.now();
      await jobsIdle(server.url);
      figures.push(
        { name: 'first start, process to listening (create store, import data/derived, build every framework)', value: firstStart, unit: 's' },
        { name: 'first start, process to the last default rank interval stored (N = 200 per framework, in the background)', value: firstStart + (performance.now() - t0Jobs) / 1000, unit: 's' },
      );
      await stopChild(server.child);
    }
    server = await startChild(dataDir);
    const secondStart = server.seconds;

    const frameworks = (await (await fetch(`${server.url}/api/frameworks`)).json()) as { items: { id: string; latestBuildId: string | null }[] };
    const built = frameworks.items.filter((f) => f.latestBuildId).map((f) => f.id);
    const paths = built.flatMap((id) => [`/api/frameworks/${id}/results?limit=20`, `/api/frameworks/${id}/results?limit=50&offset=50`, `/api/frameworks/${id}/results?level=2&limit=100`]);
    await jobsIdle(server.url);
    // A lean closed-loop load generator: 200 keep-alive sockets, request options built once,
    // latencies into a preallocated array, bodies drained without being kept.
    const agent = new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
    const base = new URL(server.url);
    const options: RequestOptions[] = paths.map((path) => ({ host: base.hostname, port: Number(base.port), path, agent, headers: { accept: 'application/json' } }));
    // Each distinct ranking is read once first, then every client opens its connection and
    // reads a few pages: the figures are of a server in use, not of its first reads or of 200
    // TCP handshakes at once.
    for (const o of options) await getAsync(o);
    let count = 0;
    let errors = 0;
    let latencies = new Float64Array(0);
    const load = (perClient: number) => {
      latencies = new Float64Array(clients * perClient);
      count = 0;
      errors = 0;
      return Promise.all(
        Array.from(
          { length: clients },
          (_, c) =>
            new Promise<void>((resolve) => {
              let i = 0;
              const next = () => {
                if (i === perClient) return resolve();
                get(options[(c + i++) % options.length], (status, ms) => {
                  if (status !== 200) errors++;
                  latencies[count++] = ms;
                  next();
                });
              };
              next();
            }),
        ),
      );
    };
    await load(warmUpPerClient);
    const t0 = performance.now();
    await load(requestsPerClient);
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    latencies.sort();
    return [
      ...figures,
      { name: 'second start, process to listening (same store, nothing to import, build or analyse)', value: secondStart, unit: 's' },
      { name: `rankings, ${clients} concurrent clients × ${requestsPerClient} requests, ${built.length} frameworks`, value: latencies.length / seconds, unit: 'req/s' },
      { name: 'latency p50', value: percentile(latencies, 0.5), unit: 'ms' },
      { name: 'latency p99', value: percentile(latencies, 0.99), unit: 'ms', note: 'target < 50 ms' },
      { name: 'errors (status other than 200)', value: errors, unit: '', note: 'target 0' },
    ];
  } finally {
    if (server) await stopChild(server.child);
    if (!given) await rm(dataDir, { recursive: true, force: true });
  }
}
