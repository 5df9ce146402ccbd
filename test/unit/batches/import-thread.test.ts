import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createImportThread } from '@main/batches/import-thread';
import { LEDGER_FILE, openLedger, type SqliteDatabase } from '@main/ledger';
import type { Logger } from '@main/logging';

let dir: string;
let db: SqliteDatabase | undefined;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function recordingLogger(warnings: string[]): Logger {
  const ignore = () => undefined;
  return { debug: ignore, info: ignore, warn: (message) => void warnings.push(message), error: ignore };
}

describe('import thread placement', () => {
  it('runs in a worker thread on a ledger file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-import-thread-'));
    db = openLedger(dir);
    const thread = createImportThread({ ledger: db, ledgerPath: join(dir, LEDGER_FILE) });
    await expect(thread.run({ kind: 'build-lookups', application_id: 1 })).resolves.toEqual({
      kind: 'build-lookups',
      outcome: { kind: 'nothing-to-build' },
    });
    await thread.close();
  });

  it('goes on on the main thread when the worker cannot start at all, and says so in the log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mc-import-thread-'));
    db = openLedger(dir);
    const warnings: string[] = [];
    // A built entry that is not there: what a packaged app without the worker file would meet.
    const missing = pathToFileURL(join(dir, 'no-such-import-thread.js'));
    const thread = createImportThread({
      ledger: db,
      ledgerPath: join(dir, LEDGER_FILE),
      placement: missing,
      logger: recordingLogger(warnings),
    });

    await expect(thread.run({ kind: 'build-lookups', application_id: 1 })).rejects.toThrow(/^ledger thread stopped/);
    expect(warnings).toEqual(['import thread unavailable: importing on the main thread']);
    await expect(thread.run({ kind: 'build-lookups', application_id: 1 })).resolves.toMatchObject({
      outcome: { kind: 'nothing-to-build' },
    });
    await thread.close();
  });
});
