export { main, createProgram, exitCodes, type MainExtension } from './main.js';
export { consoleReporter, type Reporter } from './reporter.js';
export { loadSpec, readSpecFile, type LoadedSpec, type InputFile } from './io/spec.js';
export { readTable, parseCsv, type LoadedTable } from './io/tables.js';
export { writeBuildOutputs, buildTables, type OutputFormat, type Manifest } from './io/write.js';
export { toCsv, objectsToCsv, formatCell, type Cell } from './io/csv.js';
export { rankingText, textTable } from './format.js';
export { indexSpecJsonSchema } from './schema.js';
export { runParallel, defaultWorkers, type ParallelOptions } from './parallel.js';
