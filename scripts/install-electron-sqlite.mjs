#!/usr/bin/env node
// Fetches better-sqlite3's prebuilt binary for Electron's ABI into
// native/electron/, beside the Node build that tests and the CLI use.
// Electron loads it through better-sqlite3's `nativeBinding` option. Where the
// prebuilt cannot be fetched (offline, CI) it says why in one line and exits 0:
// tests and the CLI never need it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const targetDir = join(root, 'native', 'electron');
const target = join(targetDir, 'better_sqlite3.node');
const stampFile = join(targetDir, 'versions.json');

function skip(reason) {
  console.log(`electron better-sqlite3: skipped (${reason}); tests and the CLI use the Node build.`);
  process.exit(0);
}

let electronVersion;
let sqlitePackageDir;
try {
  electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  sqlitePackageDir = dirname(require.resolve('better-sqlite3/package.json'));
} catch {
  skip('electron or better-sqlite3 is not installed');
}
const sqliteVersion = JSON.parse(readFileSync(join(sqlitePackageDir, 'package.json'), 'utf8')).version;
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(wanted)) {
  console.log(`electron better-sqlite3: up to date for Electron ${electronVersion}.`);
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') skip('ELECTRON_SKIP_BINARY_DOWNLOAD=1, so there is no Electron to run it');

// prebuild-install writes into build/Release of the package it runs in, so it
// runs in a scratch copy to leave the Node build untouched.
const scratch = mkdtempSync(join(tmpdir(), 'mc-electron-sqlite-'));
try {
  cpSync(join(sqlitePackageDir, 'package.json'), join(scratch, 'package.json'));
  const prebuildInstall = require.resolve('prebuild-install/bin.js', { paths: [sqlitePackageDir] });
  const result = spawnSync(
    process.execPath,
    [prebuildInstall, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform],
    { cwd: scratch, encoding: 'utf8', timeout: 120_000 },
  );
  const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
  if (result.status !== 0 || !existsSync(built)) {
    const why = (result.stderr || result.stdout || result.error?.message || 'unknown error').trim().split('\n').pop();
    rmSync(scratch, { recursive: true, force: true });
    skip(`could not fetch the Electron ${electronVersion} prebuilt: ${why}`);
  }
  mkdirSync(targetDir, { recursive: true });
  copyFileSync(built, target);
  writeFileSync(stampFile, JSON.stringify(wanted));
  console.log(`electron better-sqlite3: installed the Electron ${electronVersion} build at native/electron/.`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
