import { communicatorTypes } from '../sources/registry.js';

/**
 * What the store needs from a database connection. `@electric-sql/pglite` and a `pg` Client
 * (or a PoolClient: one connection, since BEGIN/COMMIT must reach the same session) satisfy it.
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Runs `work` in a transaction on one connection that no other query can interleave with:
   * PGlite's `transaction` (which holds its mutex), or a pool's checked-out client. Without
   * it, `inTransaction` sends BEGIN and COMMIT through `query`, which is right for a single
   * connection used by one caller at a time (a `pg` Client, a PoolClient, a CLI's PGlite).
   */
  transaction?<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/**
 * The VALUES list of a multi-row INSERT: `rows` tuples of `columns` numbered parameters.
 *
 * @example
 * placeholders(2, 3) // → '($1, $2, $3), ($4, $5, $6)'
 */
export function placeholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
}

/** Source country of articles whose source the registry does not know (ISO 3166 reserves ZZZ-like codes for user use). */
export const unknownSourceCountry = 'ZZZ';

/**
 * The media tables. `media_articles` is range-partitioned by publication month, one partition
 * per month created on demand (`ensureMonthPartitions`); its primary key starts with
 * `source_country`, the distribution column for Citus (`create_distributed_table(
 * 'media_articles', 'source_country')`), and `media_article_themes` shares it so the two
 * tables can be co-located.
 */
export const mediaSchemaSql = `
CREATE TABLE IF NOT EXISTS media_sources (
  domain text PRIMARY KEY,
  name text,
  country_iso3 char(3),
  language text,
  communicator_type text CHECK (communicator_type IN (${communicatorTypes.map((t) => `'${t}'`).join(', ')})),
  origin text NOT NULL,
  note text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS media_unknown_domains (
  domain text PRIMARY KEY,
  articles integer NOT NULL,
  examples jsonb NOT NULL DEFAULT '[]'::jsonb,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS media_articles (
  source_country char(3) NOT NULL,
  published_at timestamptz NOT NULL,
  id char(64) NOT NULL,
  url text NOT NULL,
  canonical_url text NOT NULL,
  source_domain text NOT NULL,
  language text,
  title text,
  body text NOT NULL,
  content_hash char(64),
  origin text NOT NULL,
  syndication_of char(64),
  syndication_reason text,
  syndication_similarity real,
  run_id bigint,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_country, published_at, id)
) PARTITION BY RANGE (published_at);

CREATE INDEX IF NOT EXISTS media_articles_id ON media_articles (id);
CREATE INDEX IF NOT EXISTS media_articles_canonical_url ON media_articles (canonical_url);
CREATE INDEX IF NOT EXISTS media_articles_content_hash ON media_articles (content_hash);

CREATE TABLE IF NOT EXISTS media_article_themes (
  source_country char(3) NOT NULL,
  article_id char(64) NOT NULL,
  theme text NOT NULL,
  origin text NOT NULL,
  published_at timestamptz NOT NULL,
  mentions integer NOT NULL CHECK (mentions > 0),
  first_offset integer,
  PRIMARY KEY (source_country, article_id, theme, origin)
);

CREATE TABLE IF NOT EXISTS media_ingest_runs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  counts jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE IF NOT EXISTS media_ingest_errors (
  run_id bigint NOT NULL REFERENCES media_ingest_runs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  code text NOT NULL,
  severity text NOT NULL,
  message text NOT NULL,
  file text,
  line integer,
  column_name text,
  value text,
  PRIMARY KEY (run_id, seq)
);
`;

/** Creates the media tables if they do not exist (idempotent). */
export async function migrateMediaStore(db: Queryable): Promise<void> {
  for (const statement of mediaSchemaSql.split(';').map((s) => s.trim()).filter((s) => s.length > 0)) {
    await db.query(statement);
  }
}

/** "YYYY-MM" of an ISO instant (UTC). */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** Name of the partition holding one month, e.g. `media_articles_y2019m10`. */
export function partitionName(month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`media store: month "${month}" must be written YYYY-MM`);
  return `media_articles_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
}

/** Creates the monthly partitions of `media_articles` that are missing. */
export async function ensureMonthPartitions(db: Queryable, months: Iterable<string>): Promise<void> {
  for (const month of new Set(months)) {
    const year = Number(month.slice(0, 4));
    const m = Number(month.slice(5, 7));
    const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF media_articles FOR VALUES FROM ('${month}-01T00:00:00Z') TO ('${next}-01T00:00:00Z')`,
    );
  }
}

/**
 * Runs `work` in one transaction, handing it the connection to use: `db.transaction` when the
 * connection offers one, else BEGIN and COMMIT on `db`; rolls back and rethrows on error.
 * `work` must send its queries through `tx`: on PGlite a query on `db` itself waits for the
 * transaction to end, which never comes.
 */
export async function inTransaction<T>(db: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  if (db.transaction) return db.transaction(work);
  await db.query('BEGIN');
  try {
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    // the work's error is the one to report, not a failed ROLLBACK on a broken connection
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
