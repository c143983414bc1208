export * from './schema.js';
export * from './articles.js';
