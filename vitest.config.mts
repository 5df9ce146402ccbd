import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's path aliases (as in electron.vite.config.ts and tsconfig.web.json), and `@main` for tests
  // (tsconfig.node.json); src/main itself keeps relative imports, since the CLI runs it from source.
  resolve: {
    alias: {
      '@renderer': resolve(import.meta.dirname, 'src/renderer/src'),
      '@shared': resolve(import.meta.dirname, 'src/shared'),
      '@main': resolve(import.meta.dirname, 'src/main'),
      '@preload': resolve(import.meta.dirname, 'src/preload'),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: 'forks',
    // Tests never write keys into a developer's real keychain; the store's keychain path is tested with injected keys.
    env: { MARKETCODE_SECRET_STORE: 'file' },
  },
});
