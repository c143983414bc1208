import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What the owner of a store writes into `<dataDir>/softpower.lock`. */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** The address the owner serves, when it is a server. */
  url?: string;
}

export const lockFileName = 'softpower.lock';

/** Thrown when another live process owns the store. */
export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';
  constructor(
    readonly lockPath: string,
    readonly owner: LockInfo,
  ) {
    const serving = owner.url ? `, serving ${owner.url}` : '';
    super(
      `store: ${lockPath} is held by process ${owner.pid} on ${owner.hostname} (started ${owner.startedAt}${serving}); ` +
        `PGlite cannot be shared between processes. Use that server's API, or stop process ${owner.pid} first.`,
    );
    this.name = 'StoreLockedError';
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock is stale when its process is gone. A lock written on another host (a data directory
 * on a network share) cannot be checked from here and counts as live: remove the file by hand
 * once you know that process has stopped.
 */
export function lockIsStale(info: LockInfo): boolean {
  return info.hostname === hostname() && !processAlive(info.pid);
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return undefined;
    return { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt ?? 'unknown'), url: parsed.url };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return undefined;
  }
}

export interface StoreLock {
  path: string;
  info: LockInfo;
  /** Records the address the owner serves, for the message other processes see. */
  setUrl(url: string): Promise<void>;
  release(): Promise<void>;
  /** True when the lock replaced a stale one left by a dead process. */
  clearedStale?: LockInfo;
}

/**
 * Takes `<dataDir>/softpower.lock` with an exclusive create. A lock left by a dead process on
 * this host is removed and taken; a live one throws `StoreLockedError` naming its owner.
 */
export async function acquireLock(dataDir: string): Promise<StoreLock> {
  const path = join(dataDir, lockFileName);
  const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  let clearedStale: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      const write = async () => {
        const h = await open(path, 'w');
        await h.writeFile(JSON.stringify(info));
        await h.close();
      };
      return {
        path,
        info,
        clearedStale,
        setUrl: async (url) => {
          info.url = url;
          await write();
        },
        release: async () => {
          const current = await readLock(path);
          if (current?.pid === info.pid && current.hostname === info.hostname) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = await readLock(path);
      if (owner && !lockIsStale(owner)) throw new StoreLockedError(path, owner);
      clearedStale = owner ?? { pid: 0, hostname: 'unknown', startedAt: 'unknown' };
      await rm(path, { force: true });
    }
  }
  const owner = (await readLock(path)) ?? { pid: 0, hostname: 'unknown', startedAt: 'unknown' };
  throw new StoreLockedError(path, owner);
}

/** Who holds the store's lock, if anyone alive does (for the CLI to decide whether to use the API). */
export async function lockOwner(dataDir: string): Promise<LockInfo | undefined> {
  const info = await readLock(join(dataDir, lockFileName));
  return info && !lockIsStale(info) ? info : undefined;
}
