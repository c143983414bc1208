import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
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
const requestsPerClient = 50;

/** One keep-alive GET; resolves with the status and the milliseconds it took. */
function get(url: URL, agentOptions: { agent: Agent }): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent: agentOptions.agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * The observatory server (`npm start`, its own process) on loopback: first start (embedded
 * store created, bundled data imported, every framework built), second start on the same
 * store, then 200 concurrent keep-alive clients reading rankings of the bundled frameworks
 * (pages of the index and of the pillars). Target: p99 < 50 ms with no errors.
 */
export async function benchServer(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'softpower-bench-'));
  let server: Started | undefined;
  try {
    server = await startChild(dataDir);
    const firstStart = server.seconds;
    await stopChild(server.child);
    server = await startChild(dataDir);
    const secondStart = server.seconds;

    const frameworks = (await (await fetch(`${server.url}/api/frameworks`)).json()) as { items: { id: string; latestBuildId: string | null }[] };
    const built = frameworks.items.filter((f) => f.latestBuildId).map((f) => f.id);
    const paths = built.flatMap((id) => [`/api/frameworks/${id}/results?limit=20`, `/api/frameworks/${id}/results?limit=50&offset=50`, `/api/frameworks/${id}/results?level=2&limit=100`]);
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const base = new URL(server.url);
    // Each distinct ranking is read once first: the figures are of a server in use, not of its first read.
    for (const path of paths) await get(new URL(path, base), { agent });
    const latencies: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < requestsPerClient; i++) {
          const { status, ms } = await get(new URL(paths[(c + i) % paths.length], base), { agent });
          if (status !== 200) errors++;
          latencies.push(ms);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    return [
      { name: 'first start, process to listening (create store, import data/derived, build every framework)', value: firstStart, unit: 's' },
      { name: 'second start, process to listening (same store, nothing to import or build)', value: secondStart, unit: 's' },
      { name: `rankings, ${clients} concurrent clients × ${requestsPerClient} requests, ${built.length} frameworks`, value: latencies.length / seconds, unit: 'req/s' },
      { name: 'latency p50', value: percentile(latencies, 0.5), unit: 'ms' },
      { name: 'latency p99', value: percentile(latencies, 0.99), unit: 'ms', note: 'target < 50 ms' },
      { name: 'errors (status other than 200)', value: errors, unit: '', note: 'target 0' },
    ];
  } finally {
    if (server) await stopChild(server.child);
    await rm(dataDir, { recursive: true, force: true });
  }
}
