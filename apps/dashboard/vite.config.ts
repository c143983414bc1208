import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.SOFTPOWER_API ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
  base: './',
  server: { proxy: { '/api': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : id.includes('world-atlas') ? 'world' : undefined),
      },
    },
  },
});
