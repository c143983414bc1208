#!/usr/bin/env node
// Builds the dashboard (vite build → apps/dashboard/dist) when dist is missing or older than
// its sources: the dashboard's src, index.html, vite config, package.json and world-shapes
// script, the engine it bundles and the media lexicon's theme names. `npm start` calls this so that users never run a build step themselves.
// Usage: node apps/dashboard/scripts/ensure-built.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(app, 'src'), join(app, 'scripts', 'world-shapes.ts'), join(app, 'index.html'), join(app, 'vite.config.ts'), join(app, 'package.json'), join(app, '../../packages/engine/src'), join(app, '../../data/media/lexicon/themes.csv')];
const marker = join(app, 'dist', 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Why a build is needed, or null when dist is up to date. */
export function staleReason() {
  if (!existsSync(marker)) return 'apps/dashboard/dist is missing';
  const built = statSync(marker).mtimeMs;
  const changed = sources.find((s) => newest(s) > built);
  return changed ? `${changed.slice(app.length - 'apps/dashboard'.length)} changed since the last build` : null;
}

const args = new Set(process.argv.slice(2));
const reason = args.has('--force') ? 'forced' : staleReason();
if (reason === null) {
  if (!args.has('--quiet')) console.error('dashboard: up to date (apps/dashboard/dist)');
  process.exit(0);
}
console.error(`dashboard: building (${reason})…`);
const vite = join(dirname(createRequire(join(app, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', args.has('--quiet') ? 'error' : 'warn'], { cwd: app, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`dashboard: the build failed (exit ${result.status ?? result.signal}); run "npm run build:dashboard" to see why`);
  process.exit(result.status ?? 1);
}
console.error('dashboard: built into apps/dashboard/dist');
