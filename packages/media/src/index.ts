export * from './ingest/index.js';
export * from './analysis/index.js';
