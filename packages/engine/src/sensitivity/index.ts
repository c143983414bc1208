export * from './assumptions.js';
export * from './sampling.js';
export * from './estimators.js';
export * from './uncertainty.js';
export * from './runner.js';
export * from './remove-one.js';
export { compileBuild, incrementalResults, type CompiledBuild, type CompileOptions, type IncrementalBuild } from '../pipeline/incremental.js';
