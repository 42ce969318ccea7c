import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The explorer page: static files in web/dist, served by `viscura serve` at `/` (and by any static host). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
  },
});
