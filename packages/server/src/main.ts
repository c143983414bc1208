import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { consoleReporter, main as cliMain, type Reporter } from '@softpower/cli';
import { MediaAnalysisError, MediaCommandError, registerMediaCommands, type MediaStoreHandle } from '@softpower/media';
import { acquireLock, StoreLockedError } from './db/lock.js';
import { defaultDataDir, serveCommand } from './serve.js';
import { openStore } from './store/store.js';

/**
 * Where a command finds the store, as the program's options give it (`--database-url` or
 * DATABASE_URL, `--data` or SOFTPOWER_DATA_DIR, default `.softpower/store`).
 */
export interface StoreLocation {
  data: string;
  databaseUrl?: string;
}

/**
 * Opens the store for one command: PostgreSQL when a URL is given, else the embedded store
 * in `data` with its lock held until `close` (a running server holds it, and the command
 * refuses with the owner's PID and address: use that server's API instead).
 */
export async function openCommandStore(location: StoreLocation): Promise<MediaStoreHandle> {
  if (location.databaseUrl) {
    const store = await openStore({ databaseUrl: location.databaseUrl });
    return { db: store.handle.sql, close: () => store.close() };
  }
  const dataDir = resolve(location.data);
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireLock(dataDir);
  try {
    const store = await openStore({ dataDir });
    return {
      db: store.handle.sql,
      close: async () => {
        await store.close();
        await lock.release();
      },
    };
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** Adds `serve` and `media …` to the index commands of @softpower/cli, with the store options they share. */
export function extendProgram(program: Command, reporter: Reporter): void {
  program
    .addOption(new Option('--data <dir>', 'embedded store directory').env('SOFTPOWER_DATA_DIR').default(defaultDataDir))
    .addOption(new Option('--database-url <url>', 'PostgreSQL instead of the embedded store').env('DATABASE_URL'));
  const location = (): StoreLocation => program.opts<StoreLocation>();
  program
    .command('serve')
    .description('start the observatory server: the embedded store (or PostgreSQL), the bundled data and frameworks, the API and the dashboard')
    .addOption(new Option('-p, --port <n>', 'port').env('PORT').argParser(Number))
    .addOption(new Option('--host <addr>', 'address to listen on (0.0.0.0 for every interface)').env('HOST'))
    .option('--no-bundled', 'serve the store as it is: no bundled data, no builds')
    .addOption(new Option('--feeds <file>', 'poll the feeds of this list in the background (url[,minutes[,language[,source]]] a line)').env('SOFTPOWER_FEEDS'))
    .action(async (options: { port?: number; host?: string; bundled: boolean; feeds?: string }) => {
      const { data, databaseUrl } = location();
      const code = await serveCommand({ data, databaseUrl, port: options.port, host: options.host, loadBundled: options.bundled, feeds: options.feeds }, reporter);
      if (code !== 0) process.exitCode = code;
    });
  registerMediaCommands(program, {
    openStore: () => openCommandStore(location()),
    output: { out: (text) => reporter.out(text), err: (text) => reporter.info(text) },
  });
}

/** Exit codes of the commands added here: a locked store, and the media commands' own. */
export function extensionExitCode(error: unknown, reporter: Reporter): number | undefined {
  if (error instanceof StoreLockedError) {
    reporter.info(`error STORE_LOCKED: ${error.message}`);
    return 1;
  }
  if (error instanceof MediaCommandError) {
    reporter.info(error.message);
    return error.exitCode;
  }
  if (error instanceof MediaAnalysisError) {
    reporter.info(`error ${error.code}: ${error.message}`);
    return 1;
  }
  return undefined;
}

/**
 * The `softpower` command: index commands (build, check, compare, sensitivity, docs), `serve`
 * and `media …`. Returns the exit code; never throws.
 */
export function main(argv: string[], reporter: Reporter = consoleReporter()): Promise<number> {
  return cliMain(argv, reporter, { extend: extendProgram, exitCode: extensionExitCode });
}
