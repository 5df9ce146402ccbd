import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, openLedger, type SqliteDatabase } from '@main/ledger';
import { createLedgerThread, LEDGER_THREAD_CLOSED, type LedgerThread } from '@main/threads';
import { isAppError } from '@shared/errors';
import { echoTask, ITEMS_TABLE_SQL, TEST_APP_ERROR, type EchoEvent, type EchoRequest, type EchoResult } from './fixtures/echo-task';
import { BROKEN_ENTRY, ECHO_ENTRY } from './fixtures/entries';

type EchoThread = LedgerThread<EchoRequest, EchoResult, EchoEvent>;

let dir: string;
let ledgerPath: string;
let db: SqliteDatabase;
const threads: EchoThread[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-threads-'));
  ledgerPath = join(dir, LEDGER_FILE);
  // As in the app: the main thread opens and migrates the ledger first.
  db = openLedger(dir);
  db.exec(ITEMS_TABLE_SQL);
});

afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function track(thread: EchoThread): EchoThread {
  threads.push(thread);
  return thread;
}

function workerThread(path = ledgerPath, entry = ECHO_ENTRY): EchoThread {
  return track(createLedgerThread<EchoRequest, EchoResult, EchoEvent>({ kind: 'worker', entry, ledgerPath: path }));
}

function inThread(): EchoThread {
  return track(createLedgerThread<EchoRequest, EchoResult, EchoEvent>({ kind: 'in-thread', db, handle: echoTask }));
}

function rejection(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  return promise.then(
    () => {
      throw new Error('expected the run to reject');
    },
    (error: unknown) => {
      if (!(error instanceof Error)) throw new Error(`rejected with a non-Error: ${String(error)}`);
      return error;
    },
  );
}

describe.each([
  ['worker', () => workerThread()],
  ['in-thread', () => inThread()],
] as const)('ledger thread (%s)', (_name, make) => {
  it('runs a task that writes rows; its events arrive in order before the result', async () => {
    const thread = make();
    const seen: string[] = [];
    const result = await thread
      .run({ kind: 'write', names: ['a', 'b', 'c'] }, (event) => seen.push(`event ${event.wrote}`))
      .then((value) => {
        seen.push('result');
        return value;
      });
    expect(result).toEqual({ written: 3, total: 3 });
    expect(seen).toEqual(['event a', 'event b', 'event c', 'result']);
    // Committed to the ledger file, visible to the main thread's connection.
    expect(db.prepare('SELECT name FROM thread_test_items ORDER BY name').pluck().all()).toEqual(['a', 'b', 'c']);
  });

  it('runs tasks one at a time, in call order', async () => {
    const thread = make();
    const order: string[] = [];
    const runs = [
      thread.run({ kind: 'sleep', ms: 30, then: 'first' }).then((result) => order.push(JSON.stringify(result))),
      thread.run({ kind: 'write', names: ['x'] }).then((result) => order.push(JSON.stringify(result))),
      thread.run({ kind: 'count' }).then((result) => order.push(JSON.stringify(result))),
    ];
    await Promise.all(runs);
    expect(order).toEqual(['{"slept":"first"}', '{"written":1,"total":1}', '{"total":1}']);
  });

  it("rejects with the handler's plain Error message", async () => {
    const error = await rejection(make().run({ kind: 'fail-plain' }));
    expect(error.message).toBe('plain failure');
    expect(isAppError(error)).toBe(false);
  });

  it('rejects with an equivalent AppError (code, translations, details)', async () => {
    const error = await rejection(make().run({ kind: 'fail-app' }));
    expect(isAppError(error)).toBe(true);
    if (!isAppError(error)) return;
    expect(error.code).toBe(TEST_APP_ERROR.code);
    expect(error.message).toBe(TEST_APP_ERROR.message);
    expect(error.localized).toEqual(TEST_APP_ERROR.localized);
    expect(error.details).toEqual(TEST_APP_ERROR.details);
    expect(error.toPayload()).toEqual(TEST_APP_ERROR.toPayload());
  });

  it("keeps a SQLite error's code", async () => {
    const error = await rejection(make().run({ kind: 'duplicate', name: 'twice' }));
    expect(error.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(error.message).toMatch(/UNIQUE constraint failed/);
    expect(error.name).toBe('SqliteError');
  });

  it('rejects a result that is not plain data, and keeps working', async () => {
    const thread = make();
    const error = await rejection(thread.run({ kind: 'not-cloneable' }));
    expect(error.name).toBe('DataCloneError');
    await expect(thread.run({ kind: 'count' })).resolves.toEqual({ total: 0 });
  });

  it('fails the run, not the thread, when the event listener throws', async () => {
    const thread = make();
    const error = await rejection(
      thread.run({ kind: 'write', names: ['p', 'q'] }, () => {
        throw new Error('listener failed');
      }),
    );
    expect(error.message).toBe('listener failed');
    // The task itself ran to the end.
    await expect(thread.run({ kind: 'count' })).resolves.toEqual({ total: 2 });
  });

  it('close() lets the running task finish; later runs reject', async () => {
    const thread = make();
    const running = thread.run({ kind: 'sleep', ms: 30, then: 'finished' });
    const closed = thread.close();
    await expect(running).resolves.toEqual({ slept: 'finished' });
    await closed;
    await expect(thread.run({ kind: 'count' })).rejects.toThrow(LEDGER_THREAD_CLOSED);
    await thread.close(); // idempotent
  });
});

describe('ledger thread (worker only)', () => {
  it('rejects the pending run clearly when the worker dies, and starts a new worker for the next run', async () => {
    const thread = workerThread();
    await thread.run({ kind: 'write', names: ['kept'] });
    const queued = thread.run({ kind: 'count' });
    const error = await rejection(thread.run({ kind: 'exit', code: 3 }));
    expect(error.message).toMatch(/^ledger thread stopped: .*code 3/);
    // The run ahead of it had finished; nothing after it was pending.
    await expect(queued).resolves.toEqual({ total: 1 });
    await expect(thread.run({ kind: 'write', names: ['after'] })).resolves.toEqual({ written: 1, total: 2 });
  });

  it('rejects every pending run when the worker dies', async () => {
    const thread = workerThread();
    const dying = thread.run({ kind: 'exit', code: 3 });
    const behind = thread.run({ kind: 'count' });
    await expect(dying).rejects.toThrow(/^ledger thread stopped: /);
    await expect(behind).rejects.toThrow(/^ledger thread stopped: /);
    await expect(thread.run({ kind: 'count' })).resolves.toEqual({ total: 0 });
  });

  it('reports an entry that fails to load, on every run', async () => {
    const thread = workerThread(ledgerPath, BROKEN_ENTRY);
    await expect(thread.run({ kind: 'count' })).rejects.toThrow('ledger thread stopped: broken entry failed to load');
    await expect(thread.run({ kind: 'count' })).rejects.toThrow('ledger thread stopped: broken entry failed to load');
  });

  it('answers with the open error when the ledger cannot be opened, and stays up', async () => {
    const thread = workerThread(join(dir, 'missing', LEDGER_FILE));
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await rejection(thread.run({ kind: 'count' }));
      expect(error.message).toBe('Cannot open database because the directory does not exist');
      expect(error.name).toBe('TypeError');
    }
  });

  it('close() asks a running task to stop early, and the task sees it while it runs', async () => {
    const thread = workerThread();
    let waiting!: () => void;
    const started = new Promise<void>((resolve) => (waiting = resolve));
    const running = thread.run({ kind: 'until-stopped', maxMs: 20_000 }, () => waiting());
    await started;
    const closed = thread.close();
    await expect(running).resolves.toEqual({ slept: 'stopped' });
    await closed;
  });

  it('close() after the worker died resolves', async () => {
    const thread = workerThread();
    await expect(thread.run({ kind: 'exit', code: 3 })).rejects.toThrow(/^ledger thread stopped: /);
    await thread.close();
    await expect(thread.run({ kind: 'count' })).rejects.toThrow(LEDGER_THREAD_CLOSED);
  });

  it('does not keep a CLI process alive while idle (tsx registered through its API, no close())', () => {
    const script = fileURLToPath(new URL('./fixtures/cli-run-once.mjs', import.meta.url));
    const child = spawnSync(process.execPath, [script, ledgerPath], { encoding: 'utf8', timeout: 30_000 });
    expect(child.error).toBeUndefined(); // a timeout would mean the worker held the process
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ result: { written: 1, total: 1 }, events: [{ wrote: 'from-cli' }] });
  });
});
