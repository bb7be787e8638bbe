import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The runtime serves the build from the jar (classpath ui/); `npm run dev` proxies the API to a
// runtime started on :8080.
export default defineConfig({
  plugins: [react()],
  build: { outDir: '../target/classes/ui', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/webhooks': 'http://localhost:8080',
      '/observe': 'http://localhost:8080',
    },
  },
  test: { environment: 'jsdom', globals: true, include: ['src/**/*.test.{ts,tsx}'] },
});
