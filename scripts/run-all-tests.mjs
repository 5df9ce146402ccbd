#!/usr/bin/env node
// `npm test`: unit and service tests (vitest, Node), then the build, then the
// end-to-end specs (Playwright, Debian's Chromium through the harness; Electron
// where its binary exists). Ends with one summary line for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const resultsDir = 'test-results';
mkdirSync(resultsDir, { recursive: true });
const unitReport = `${resultsDir}/unit.json`;
const e2eReport = `${resultsDir}/e2e.json`;
rmSync(unitReport, { force: true });
rmSync(e2eReport, { force: true });

function step(title, command, args) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

const node = process.execPath;
const unitOk = step('unit and service tests (vitest)', node, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitReport}`,
]);
const buildOk = step('build (electron-vite)', node, ['node_modules/electron-vite/bin/electron-vite.js', 'build']);
const e2eOk = buildOk && step('end-to-end (Playwright)', node, ['node_modules/@playwright/test/cli.js', 'test']);

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(unitReport)) {
  const unit = JSON.parse(readFileSync(unitReport, 'utf8'));
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + unit.numTodoTests;
}
if (existsSync(e2eReport)) {
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}
const ok = unitOk && buildOk && e2eOk && counts.failed === 0;
if (!ok && counts.failed === 0) counts.failed = 1; // a step died before reporting: never print a clean line
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
