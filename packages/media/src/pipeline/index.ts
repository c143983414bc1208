export * from './schema.js';
export * from './periods.js';
export * from './rollups.js';
export * from './query.js';
export * from './ingest.js';
export * from './feeds.js';
export * from './sources.js';
export * from './classify.js';
