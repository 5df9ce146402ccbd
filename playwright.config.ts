import { defineConfig } from '@playwright/test';
import type { Target } from './test/e2e/fixtures';

/**
 * Two targets run the same specs: Debian's Chromium against the browser
 * harness, and the real Electron app where an Electron binary exists (skipped
 * with a printed reason where it does not).
 */
export default defineConfig<{ target: Target }>({
  testDir: './test/e2e',
  outputDir: './test-results/artifacts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure', locale: 'zh-CN' },
  projects: [
    { name: 'chromium-harness', use: { target: 'harness' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
