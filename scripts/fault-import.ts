/**
 * `npm run fault:import`: kill -9 the server during an import, restart it, and check that the
 * store is as before the import and that the import can be run again.
 *
 * 1. starts the server (`npm start`) on a new embedded store, without the bundled data;
 * 2. imports the countries and the indicator catalogue, and records the counts of values and imports;
 * 3. times the import of a smaller file (wdi-2.csv), then posts a large one (wdi-1.csv, 64 341
 *    rows) and sends SIGKILL to the server at 70 % of the time that import should take, inside
 *    its transaction (parsing and checking take the first third or so);
 * 4. restarts the server on the same store (the stale lock of the killed process is cleared),
 *    checks the counts, re-runs the import and checks that every row arrived.
 * Exits 0 when every check holds, 1 otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverBin = join(root, 'packages/server/bin/softpower-server.mjs');
const token = 'fault-import';

interface Server {
  child: ChildProcess;
  url: string;
  log: () => string;
}

function start(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [serverBin, '--data', dataDir, '--port', '0', '--no-bundled'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOFTPOWER_TOKEN: token },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1], log: () => out });
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
}

async function counts(url: string): Promise<{ values: number; imports: number }> {
  const values = (await (await fetch(`${url}/api/indicator-values?limit=1`)).json()) as { total: number };
  const imports = (await (await fetch(`${url}/api/imports?limit=1`)).json()) as { total: number };
  return { values: values.total, imports: imports.total };
}

async function post(url: string, path: string, body: Buffer): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });
}

let failed = false;
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
}

const dataDir = await mkdtemp(join(tmpdir(), 'softpower-fault-'));
try {
  const derived = join(root, 'data/derived');
  let server = await start(dataDir);
  console.log(`server ${server.child.pid} on ${server.url}, store ${dataDir}`);
  check((await post(server.url, '/api/countries', await readFile(join(derived, 'countries.csv')))).ok, 'countries imported');
  check((await post(server.url, '/api/indicators', await readFile(join(derived, 'indicator_catalogue.csv')))).ok, 'indicator catalogue imported');
  const small = await readFile(join(derived, 'indicators/wdi-2.csv'));
  const t1 = performance.now();
  check((await post(server.url, '/api/indicator-values?name=wdi-2.csv', small)).ok, 'wdi-2.csv imported');
  const smallMs = performance.now() - t1;
  const before = await counts(server.url);
  console.log(`before: ${before.values} indicator values, ${before.imports} imports`);

  const big = await readFile(join(derived, 'indicators/wdi-1.csv'));
  const expectedMs = (smallMs * big.length) / small.length;
  const killAt = 0.7 * expectedMs;
  const killed = server.child;
  const answer = post(server.url, '/api/indicator-values?name=wdi-1.csv', big).then(
    (r) => `answered ${r.status}`,
    () => 'connection cut',
  );
  const exited = new Promise<void>((resolve) => killed.once('exit', () => resolve()));
  const t0 = performance.now();
  while (killed.exitCode === null && killed.signalCode === null) {
    if (performance.now() - t0 > killAt) killed.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await exited;
  const outcome = await answer;
  console.log(`server killed with SIGKILL ${(performance.now() - t0).toFixed(0)} ms after the upload started (the import should take ${expectedMs.toFixed(0)} ms); the client saw: ${outcome}`);
  check(outcome === 'connection cut', 'the server died before it answered (the import was in flight)');

  server = await start(dataDir);
  check(/removed a stale lock/.test(server.log()), 'the restarted server cleared the stale lock of the killed one');
  const after = await counts(server.url);
  console.log(`after restart: ${after.values} indicator values, ${after.imports} imports`);
  check(after.values === before.values && after.imports === before.imports, 'the store is as before the import');

  const rerun = await post(server.url, '/api/indicator-values?name=wdi-1.csv', big);
  const outcomeJson = (await rerun.json()) as { rows?: number; changed?: boolean };
  check(rerun.status === 201 && outcomeJson.changed === true, 'the import runs again');
  const final = await counts(server.url);
  check(final.values === before.values + (outcomeJson.rows ?? NaN) && final.imports === before.imports + 1, `every row arrived (${final.values} values)`);
  server.child.kill('SIGINT');
  await new Promise((resolve) => server.child.once('exit', resolve));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
