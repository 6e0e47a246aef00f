import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `npm run dev -w @skippy/web` serves the app with hot reload and forwards the API to the
 * workbench server (SKIPPY_SERVER_URL, default http://127.0.0.1:5178) – every path the app calls on the
 * server: /trpc, /healthz, /auth and /artifacts; `npm run build -w @skippy/web`
 * writes apps/web/dist, which the server serves itself.
 */
const server = process.env.SKIPPY_SERVER_URL ?? 'http://127.0.0.1:5178';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/trpc': { target: server, changeOrigin: true },
      '/healthz': { target: server, changeOrigin: true },
      // token auth (SKIPPY_TOKEN): the app posts its token here and the answer sets the session cookie
      '/auth/': { target: server, changeOrigin: true },
      // report.html / report.json / Parquet download links of the Run report page
      '/artifacts/': { target: server, changeOrigin: true },
    },
  },
});
