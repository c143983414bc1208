import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { inTransaction, type Queryable } from '@softpower/media';
import * as schema from './schema.js';

/** One Drizzle interface over PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /**
   * The same database as plain SQL for the media monitor's tables: PGlite itself (its
   * `transaction` holds the database for one caller), or the pool with transactions on a
   * checked-out client.
   */
  sql: Queryable;
  /** Where the data live: the PGlite directory, "memory", or the PostgreSQL URL without its password. */
  location: string;
  /** Applies the committed migrations (drizzle-kit SQL) that have not run yet. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * The server's own migration log, so that other packages (the media monitor's article tables)
 * can keep their migrations in their own folder and log on the same database.
 */
export const migrationsTable = '__softpower_server_migrations';

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** Hides the password of a connection URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * A pool as plain SQL: queries on any connection, a transaction on one checked-out client. A
 * client whose transaction failed is released with the error, so the pool discards it rather
 * than hand a possibly broken connection to the next caller.
 */
function poolQueryable(pool: pg.Pool): Queryable {
  return {
    query: (text, params) => pool.query(text, params),
    transaction: async (work) => {
      const client = await pool.connect();
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await inTransaction(client, work);
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      client.release();
      return result;
    },
  };
}

/**
 * Opens the store's database. PGlite keeps its files in `<dataDir>/pgdata` (in memory when no
 * directory is given); PostgreSQL is reached through a connection pool.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    const db = drizzlePostgres(pool, { schema });
    await pool.query('select 1');
    return {
      db: db as unknown as Database,
      sql: poolQueryable(pool),
      kind: 'postgres',
      location: redactUrl(options.url),
      migrate: () => migratePostgres(db, { migrationsFolder, migrationsTable }),
      close: () => pool.end(),
    };
  }
  let client: PGlite;
  if (options.dataDir) {
    const dir = join(options.dataDir, 'pgdata');
    await mkdir(dir, { recursive: true });
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Database,
    sql: client,
    kind: 'pglite',
    location: options.dataDir ? join(options.dataDir, 'pgdata') : 'memory',
    migrate: () => migratePglite(db, { migrationsFolder, migrationsTable }),
    close: () => client.close(),
  };
}
