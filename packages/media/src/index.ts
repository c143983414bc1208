export * from './ingest/index.js';
export * from './analysis/index.js';
export * from './pipeline/index.js';
export * from './cli/index.js';
export * from './errors.js';
export * from './api/index.js';
