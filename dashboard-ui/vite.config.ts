import { defineConfig } from 'vitest/config';

// The gateway serves the built files from its web root (Gateway's csproj copies dist/ there),
// so every asset path is relative to "/" and the API is on the same origin.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    // `npm run dev` serves the UI with hot reload and forwards the API to a running `./livedash dev`.
    proxy: {
      '/api': { target: 'http://127.0.0.1:5080', changeOrigin: false },
      '/ws': { target: 'ws://127.0.0.1:5080', ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
