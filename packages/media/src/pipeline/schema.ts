import { migrateMediaStore, type Queryable } from '../store/schema.js';

/**
 * The pipeline's tables, beside the article store of `migrateMediaStore`:
 *
 * - `media_article_analysis`: one row per stored article (language as analysed, communicator
 *   type, whether it covers the home country, tone and where the tone comes from, counted
 *   lexicon themes). Keyed like `media_articles`, so Citus co-locates the two on
 *   `source_country`.
 * - `media_rollups`: additive counts per source country × period (day, ISO week, month) ×
 *   theme (`''` = every article) × communicator type (`all` = every type), updated in the
 *   transaction that inserts the articles. Distribution column `source_country`.
 * - `media_events`: the GDELT events between the home country and a partner, one row per
 *   GlobalEventID (what makes re-ingesting an Events file change nothing), and
 *   `media_event_lens`: their additive sums per home × partner × month. Distribution column
 *   `partner` for both.
 * - `media_feeds`: subscribed feeds and what is remembered between polls (ETag,
 *   Last-Modified, items seen).
 */
export const mediaPipelineSchemaSql = `
CREATE TABLE IF NOT EXISTS media_article_analysis (
  source_country char(3) NOT NULL,
  article_id char(64) NOT NULL,
  published_at timestamptz NOT NULL,
  language text,
  language_method text NOT NULL,
  communicator_type text NOT NULL,
  mentions_home boolean NOT NULL,
  tone double precision,
  tone_origin text CHECK (tone_origin IN ('gdelt', 'lexicon')),
  tone_note text,
  themes jsonb NOT NULL DEFAULT '{}'::jsonb,
  analysed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_country, article_id)
);

CREATE INDEX IF NOT EXISTS media_article_analysis_published ON media_article_analysis (source_country, published_at);

CREATE TABLE IF NOT EXISTS media_rollups (
  source_country char(3) NOT NULL,
  period_kind text NOT NULL CHECK (period_kind IN ('day', 'week', 'month')),
  period_start date NOT NULL,
  theme text NOT NULL,
  communicator_type text NOT NULL,
  articles integer NOT NULL,
  home_articles integer NOT NULL,
  tone_sum double precision NOT NULL,
  tone_count integer NOT NULL,
  home_tone_sum double precision NOT NULL,
  home_tone_count integer NOT NULL,
  mentions integer NOT NULL,
  PRIMARY KEY (source_country, period_kind, period_start, theme, communicator_type)
);

CREATE INDEX IF NOT EXISTS media_rollups_period ON media_rollups (period_kind, period_start);

CREATE TABLE IF NOT EXISTS media_events (
  partner char(3) NOT NULL,
  home char(3) NOT NULL,
  global_event_id bigint NOT NULL,
  day date NOT NULL,
  direction text NOT NULL CHECK (direction IN ('home-to-partner', 'partner-to-home')),
  quad_class smallint NOT NULL,
  goldstein double precision NOT NULL,
  mentions integer NOT NULL,
  avg_tone double precision,
  source_url text,
  PRIMARY KEY (partner, home, global_event_id)
);

CREATE TABLE IF NOT EXISTS media_event_lens (
  partner char(3) NOT NULL,
  home char(3) NOT NULL,
  month date NOT NULL,
  events integer NOT NULL,
  mentions bigint NOT NULL,
  goldstein_sum double precision NOT NULL,
  tone_sum double precision NOT NULL,
  quad_mentions bigint[] NOT NULL,
  quad_events integer[] NOT NULL,
  PRIMARY KEY (partner, home, month)
);

CREATE TABLE IF NOT EXISTS media_feeds (
  url text PRIMARY KEY,
  subscription jsonb NOT NULL,
  state jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Creates the article store and the pipeline's tables if they do not exist (idempotent). */
export async function migrateMediaPipeline(db: Queryable): Promise<void> {
  await migrateMediaStore(db);
  for (const statement of mediaPipelineSchemaSql.split(';').map((s) => s.trim()).filter((s) => s.length > 0)) {
    await db.query(statement);
  }
}
