import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, lockFileName, StoreLockedError } from '../src/db/lock.js';
import { runChild } from './children/run.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'softpower-lock-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the embedded store lock', () => {
  it('a second server on a locked store refuses with a message naming the lock file and the owner PID', async () => {
    const dir = await tempDir();
    const lock = await acquireLock(dir);
    try {
      const server = runChild(new URL('../bin/softpower-server.mjs', import.meta.url), ['--data', dir, '--port', '0']);
      expect(await server.exited).toBe(1);
      expect(server.stderr).toContain('STORE_LOCKED');
      expect(server.stderr).toContain(join(dir, lockFileName));
      expect(server.stderr).toContain(`process ${process.pid}`);
    } finally {
      await lock.release();
    }
  });

  it('a lock held by a live process is refused; once that process is killed, its stale lock is cleared and taken', async () => {
    const dir = await tempDir();
    const holder = runChild(new URL('./children/hold-lock.ts', import.meta.url), [dir]);
    await holder.line(/^locked$/);
    const pid = holder.process.pid!;
    const refused = await acquireLock(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreLockedError);
    expect((refused as StoreLockedError).owner.pid).toBe(pid);
    expect((refused as StoreLockedError).message).toContain(join(dir, lockFileName));

    holder.process.kill('SIGKILL');
    await holder.exited;
    const lock = await acquireLock(dir);
    expect(lock.clearedStale?.pid).toBe(pid);
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });
});
