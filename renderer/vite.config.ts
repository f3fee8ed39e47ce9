import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The config runs in Node; import.meta.dirname avoids a node: import the renderer's lint rule forbids.
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // The station's CSP allows no inline script, so nothing may be inlined as a data: module.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev:renderer` against a station started on 8787 (`npm run station`).
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
});
