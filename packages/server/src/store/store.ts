import { sql, type SQL } from 'drizzle-orm';
import { migrateMediaPipeline } from '@softpower/media';
import { openDatabase, type Database, type DatabaseHandle } from '../db/client.js';

export interface StoreOptions {
  /** PostgreSQL connection URL; when absent the store is PGlite. */
  databaseUrl?: string;
  /** PGlite directory; in memory when absent (tests). */
  dataDir?: string;
  /** Skip migrations (they run by default). */
  migrate?: boolean;
}

/**
 * The observatory's store: one Drizzle database (PGlite or PostgreSQL) and a generation counter
 * that every write bumps, so that read caches know when to drop their entries.
 */
export class Store {
  readonly db: Database;
  private generationValue = 0;
  private readonly cache = new Map<string, unknown>();

  constructor(readonly handle: DatabaseHandle) {
    this.db = handle.db;
  }

  get kind(): 'pglite' | 'postgres' {
    return this.handle.kind;
  }

  get generation(): number {
    return this.generationValue;
  }

  /** Call after every committed write. */
  changed(): void {
    this.generationValue++;
    this.cache.clear();
  }

  /**
   * Memoises a read until the next write; concurrent callers of one key share one query.
   * Bounded so that odd queries cannot exhaust memory; a failed read is not kept.
   */
  async cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit as Promise<T>;
    const generation = this.generationValue;
    const pending = read();
    if (this.cache.size >= 2000) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, pending);
    try {
      return await pending;
    } catch (e) {
      if (this.cache.get(key) === pending) this.cache.delete(key);
      throw e;
    } finally {
      if (generation !== this.generationValue && this.cache.get(key) === pending) this.cache.delete(key);
    }
  }

  /** Rows of a raw SQL query, the same on both drivers. */
  async rows<T>(query: SQL): Promise<T[]> {
    const result = (await this.db.execute(query)) as unknown as { rows: T[] };
    return result.rows;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * Opens the store and applies pending migrations. `openStore({ databaseUrl })` uses PostgreSQL;
 * `openStore({ dataDir })` PGlite in `<dataDir>/pgdata` (take the lock first, see `acquireLock`);
 * `openStore()` an in-memory PGlite.
 *
 * @example
 * const store = await openStore();
 * await store.rows(sql`select count(*) from countries`); // [{ count: 0 }]
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const handle = options.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: options.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: options.dataDir });
  try {
    if (options.migrate !== false) {
      await handle.migrate();
      // The media monitor keeps its own DDL (idempotent, partitions created on demand).
      await migrateMediaPipeline(handle.sql);
    }
  } catch (e) {
    await handle.close();
    throw e;
  }
  return new Store(handle);
}

export { sql };
