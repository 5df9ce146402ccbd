/**
 * kill -9 during the upgrade split, then a restart: the same end state as without the kill. Every row in exactly
 * one ledger, one `ledger.split` entry in each, both audit chains intact. The child is the real CLI (`marketcode info`),
 * run on a fresh copy of a shared ledger each time and killed at a point spread over its start-up and the split.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE, openDatabase } from '@main/ledger';
import { modeLedgerPath, recordedLedgerMode } from '@main/modes';
import { inspect, sharedLedgerDir } from './helpers';

const BIN = join(process.cwd(), 'bin', 'marketcode.mjs');
const KILLS = 6;

let original: string;
const copies: string[] = [];
beforeAll(async () => {
  original = (await sharedLedgerDir(40_000)).dataDir;
}, 60_000);
afterAll(() => {
  for (const dir of [original, ...copies]) rmSync(dir, { recursive: true, force: true });
});

function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-split-crash-'));
  copies.push(dir);
  cpSync(original, dir, { recursive: true });
  return dir;
}

/**
 * Runs `marketcode info` on a data dir that has no Training ledger yet. With `killAfterSplitMs`, kills it that long
 * after the Training ledger appears (the split's first step). Says when that was.
 */
function runCli(dataDir: string, killAfterSplitMs?: number): Promise<{ code: number | null; splitStartedMs?: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'info', '--data-dir', dataDir], {
      env: { ...process.env, LANG: 'en_US.UTF-8' },
      stdio: 'ignore',
    });
    let splitStartedMs: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (splitStartedMs !== undefined || !existsSync(modeLedgerPath(dataDir, 'training')!)) return;
      splitStartedMs = Date.now() - started;
      if (killAfterSplitMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterSplitMs);
    }, 1);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started, ...(splitStartedMs !== undefined ? { splitStartedMs } : {}) });
    });
  });
}

/** A kill left the split half done: the Training ledger exists and Live is not marked as Live's yet. */
function interrupted(dataDir: string): boolean {
  const live = openDatabase(join(dataDir, LEDGER_FILE), { readonly: true });
  try {
    return existsSync(modeLedgerPath(dataDir, 'training')!) && recordedLedgerMode(live) === undefined;
  } finally {
    live.close();
  }
}

describe('crash safety of the upgrade split', () => {
  it(`${KILLS} SIGKILLs at points spread over the split, each followed by a restart, end as an uninterrupted split does`, async () => {
    const probe = freshCopy();
    const clean = await runCli(probe);
    expect(clean.code).toBe(0);
    const expected = inspect(probe);
    expect(expected.splitEntries).toEqual([1, 1]);
    // From the split's first step to the end of the run.
    const window = clean.ms - clean.splitStartedMs!;
    let halfDone = 0;
    for (let attempt = 0; attempt < KILLS; attempt++) {
      const dir = freshCopy();
      await runCli(dir, Math.round((window * attempt) / KILLS));
      if (interrupted(dir)) halfDone += 1;
      const restarted = await runCli(dir);
      expect(restarted.code).toBe(0);
      const after = inspect(dir);
      expect({ attempt, ...after }).toEqual({ attempt, ...expected });
    }
    // The kills did land inside the split, not only before or after it.
    expect(halfDone).toBeGreaterThan(0);
  }, 120_000);
});
