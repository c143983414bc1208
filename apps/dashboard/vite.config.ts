import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { worldShapes, type WorldScale } from './scripts/world-shapes.js';

const api = process.env.SOFTPOWER_API ?? 'http://127.0.0.1:8787';

/**
 * Serves and emits `world-<scale>.json`: world-atlas country shapes cut at the antimeridian
 * once at build time (scripts/world-shapes.ts), so that the browser only parses them.
 */
function worldShapesAssets(scales: readonly WorldScale[]): Plugin {
  const cache = new Map<string, string>();
  const source = (scale: WorldScale) => {
    if (!cache.has(scale)) cache.set(scale, JSON.stringify(worldShapes(scale)));
    return cache.get(scale)!;
  };
  return {
    name: 'softpower-world-shapes',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const scale = scales.find((s) => request.url?.split('?')[0].endsWith(`/world-${s}.json`));
        if (!scale) return next();
        response.setHeader('content-type', 'application/json');
        response.end(source(scale));
      });
    },
    generateBundle() {
      for (const scale of scales) this.emitFile({ type: 'asset', fileName: `world-${scale}.json`, source: source(scale) });
    },
  };
}

export default defineConfig({
  plugins: [react(), worldShapesAssets(['110m', '50m'])],
  base: './',
  server: { proxy: { '/api': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
