#!/usr/bin/env node
// `npm start`: the observatory server, run from the TypeScript sources (tsx).
import { register } from 'tsx/esm/api';

register();
const { serveCommand, defaultPort, defaultDataDir } = await import('../src/serve.ts');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: npm start -- [--port <n>] [--host <addr>] [--data <dir>] [--database-url <url>] [--feeds <file>]

Starts the Soft Power Observatory server: creates the embedded store if absent, loads the
bundled data, builds the bundled frameworks and serves the API (docs at /docs).

  --port <n>            port (default PORT or ${defaultPort})
  --host <addr>         address to listen on (default HOST or 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>          embedded store directory (default SOFTPOWER_DATA_DIR or ${defaultDataDir})
  --database-url <url>  PostgreSQL instead of the embedded store (default DATABASE_URL)
  --no-bundled          serve the store as it is: no bundled data, no builds
  --feeds <file>        poll the feeds of this list in the background (default SOFTPOWER_FEEDS)

Environment: SOFTPOWER_TOKEN (write token), SOFTPOWER_READ_TOKEN (close reads).
`);
  process.exit(0);
}
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = option('port');
const reporter = { out: (text) => process.stdout.write(text + '\n'), info: (text) => process.stderr.write(text + '\n') };
process.exitCode = await serveCommand({ data: option('data'), port: port === undefined ? undefined : Number(port), host: option('host'), databaseUrl: option('database-url'), loadBundled: !args.includes('--no-bundled'), feeds: option('feeds') }, reporter);
