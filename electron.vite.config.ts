import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';

/**
 * The production renderer gets a strict CSP in its HTML. The dev server is left
 * without it because Vite's HMR preamble is an inline script.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'marketcode-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/** `@renderer/…` and `@shared/…` for the renderer; main runs from source through tsx and keeps relative imports. */
export const RENDERER_ALIASES = {
  '@renderer': resolve(__dirname, 'src/renderer/src'),
  '@shared': resolve(__dirname, 'src/shared'),
};

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // Worker threads (docs/threads.md): each emitted as out/main/<name>.js.
          'import-thread': resolve(__dirname, 'src/main/batches/import-thread/worker-entry.ts'),
        },
        // Shared chunks next to the entries, not in chunks/, so any main-process
        // module's import.meta.url is in out/main and can find a worker entry.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules.
      rolldownOptions: { output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    publicDir: resolve(__dirname, 'resources/public'),
    // The renderer's path aliases (also in tsconfig.web.json and vitest.config.mts); main and preload stay relative.
    resolve: { alias: RENDERER_ALIASES },
    plugins: [react(), contentSecurityPolicy()],
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
