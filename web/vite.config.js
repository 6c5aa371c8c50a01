// Vite build of the dashboard into dist/ (relative asset paths, so `mroi serve --static
// web/dist` serves it from any prefix); `npm run dev` proxies /api to MROI_API
// (default http://127.0.0.1:8787: `mroi serve --port 8787` or `npm run mock`).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900, sourcemap: false },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': process.env.MROI_API || 'http://127.0.0.1:8787' },
  },
});
