/**
 * The data directory is its owner's only (DESIGN §6a): a fresh one is created 0700 with 0600 files, and
 * one an older version left world-readable is narrowed when the app (or the CLI) opens it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, SECRETS_FILE } from '@main/compose';
import { LEDGER_FILE, openLedger } from '@main/ledger';

const mode = (path: string) => statSync(path).mode & 0o777;
const LEDGER_FILES = [LEDGER_FILE, `${LEDGER_FILE}-wal`, `${LEDGER_FILE}-shm`];

let parent: string;
let savedUmask: number;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'mc-permissions-'));
  // The usual desktop umask, so files come out 0644 unless the code sees to it.
  savedUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(savedUmask);
  rmSync(parent, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('owner-only files', () => {
  it('a fresh data directory is 0700 and its ledger (with -wal and -shm), secrets and log are 0600', async () => {
    const dataDir = join(parent, 'Marketcode Station');
    const app = await composeApp({ dataDir, mode: 'training' });
    try {
      await app.services.settings.set({ key: 'locale', value: 'en' }, 'operator');
      app.logger.info('a line so the log file exists');
    } finally {
      await app.close();
    }
    const reopened = openLedger(dataDir);
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const file of LEDGER_FILES) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
      expect(mode(join(dataDir, 'logs'))).toBe(0o700);
      expect(mode(join(dataDir, 'logs', 'marketcode.log'))).toBe(0o600);
      // Everything the process makes from now on is owner-only too.
      writeFileSync(join(dataDir, SECRETS_FILE), '{}');
      expect(mode(join(dataDir, SECRETS_FILE))).toBe(0o600);
    } finally {
      reopened.close();
    }
  });

  it('an existing 0644 ledger in a 0755 folder, with its log and secrets, ends 0700/0600 once opened', async () => {
    const dataDir = join(parent, 'old');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const old = openLedger(dataDir);
    old.prepare('SELECT 1').get();
    writeFileSync(join(dataDir, 'logs', 'marketcode.log'), 'old line\n');
    writeFileSync(join(dataDir, SECRETS_FILE), JSON.stringify({ cipher: 'plain', values: {} }));
    const target = join(parent, 'elsewhere.txt');
    writeFileSync(target, 'not ours to change');
    symlinkSync(target, join(dataDir, 'link.txt'));
    for (const file of [...LEDGER_FILES, 'logs/marketcode.log', SECRETS_FILE]) chmodSync(join(dataDir, file), 0o644);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'logs'), 0o755);
    chmodSync(target, 0o644);
    // Still open in another process's place: its -wal and -shm exist and are 0644.
    expect(mode(join(dataDir, `${LEDGER_FILE}-wal`))).toBe(0o644);

    const app = await composeApp({ dataDir, mode: 'training' });
    await app.close();
    old.close();

    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    for (const file of [...LEDGER_FILES, 'logs/marketcode.log', SECRETS_FILE]) {
      if (existsSync(join(dataDir, file))) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    }
    expect(mode(join(dataDir, LEDGER_FILE))).toBe(0o600);
    // A symbolic link is not followed out of the data directory.
    expect(mode(target)).toBe(0o644);
  });

  it('every ledger openLedger opens is owner-only, in any folder of the data directory (e.g. a Training ledger)', () => {
    const folder = join(parent, 'data', 'training');
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    const db = openLedger(folder);
    try {
      db.prepare('SELECT 1').get();
      expect(mode(folder)).toBe(0o700);
      for (const file of LEDGER_FILES) expect([file, mode(join(folder, file))]).toEqual([file, 0o600]);
    } finally {
      db.close();
    }
  });
});
