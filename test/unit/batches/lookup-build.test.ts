import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { createBatchStore } from '@main/batches';
import { createLookupBuilder, LookupBuildPausedError, type LookupBuildProgress } from '@main/batches/lookup-build';
import { openLedger, type SqliteDatabase } from '@main/ledger';

const NOW = () => new Date('2026-11-22T08:00:00.000Z');
const codeOf = (app: number, index: number) => `C${app}${String(index).padStart(7, '0')}`.slice(0, 9);
const urlOf = (app: number, index: number) => `P.URL.CN/0U.A${app}${String(index).padStart(14, '0')}`;

let db: SqliteDatabase;
afterEach(() => db?.close());

/** An application whose segments are imported (codes in `codes`) but not yet in the look-ups. */
function importedApplication(
  applicationId: number,
  segments: [number, number][],
  code: (index: number) => string = (index) => codeOf(applicationId, index),
): void {
  const now = NOW().toISOString();
  const count = segments.reduce((sum, [start, end]) => sum + end - start + 1, 0);
  db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES (?, ?, ?, 'downloading', 'test', ?, ?)`,
  ).run(`isv-${applicationId}`, applicationId, Math.ceil(count / 10_000) * 10_000, now, now);
  const segment = db.prepare(
    "INSERT INTO segments (application_id, code_start, code_end, state, imported_at) VALUES (?, ?, ?, 'imported', ?)",
  );
  const insert = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
  for (const [start, end] of segments) {
    segment.run(applicationId, start, end, now);
    for (let index = start; index <= end; index++) insert.run(applicationId, index, code(index), urlOf(applicationId, index));
  }
}

function builder(chunkRows = 7) {
  return createLookupBuilder({ db, audit: createAuditLog(db, { now: NOW }), now: NOW, chunkRows });
}

function lookupCount(table: 'code_lookup' | 'code_url_lookup', applicationId: number): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE application_id = ?`).get(applicationId) as { n: number }).n;
}

function segmentStates(applicationId: number) {
  return createBatchStore(db)
    .segments(applicationId)
    .map((segment) => ({ start: segment.code_start, state: segment.state, indexed: segment.indexed_at !== null }));
}

describe('look-up build', () => {
  it('makes every imported code findable by code and by code_url, and marks the segments indexed', () => {
    db = openLedger(':memory:');
    importedApplication(1, [
      [0, 29],
      [30, 59],
    ]);
    const progress: LookupBuildProgress[] = [];
    expect(builder().build(1, (event) => progress.push(event))).toEqual({ kind: 'built', segments: 2, codes: 60 });

    const store = createBatchStore(db);
    expect(store.codeByCode(codeOf(1, 42))).toMatchObject({ application_id: 1, code_index: 42 });
    expect(store.codeByUrl(urlOf(1, 7))).toMatchObject({ application_id: 1, code_index: 7 });
    expect(lookupCount('code_lookup', 1)).toBe(60);
    expect(lookupCount('code_url_lookup', 1)).toBe(60);
    expect(segmentStates(1)).toEqual([
      { start: 0, state: 'imported', indexed: true },
      { start: 30, state: 'imported', indexed: true },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM lookup_builds').get()).toEqual({ n: 0 });
    // Chunks of 7 over 60 keys: one event when the sort is done, then 9, one per chunk, ending at the total.
    expect(progress.filter((event) => event.lookup === 'code_url').at(-1)).toMatchObject({ merged: 60, total: 60 });
    expect(progress.filter((event) => event.lookup === 'code')).toHaveLength(10);
    const audit = createAuditLog(db);
    expect(audit.list().map((entry) => entry.action)).toContain('application.indexed');
    expect(audit.verify().ok).toBe(true);
    expect(builder().build(1)).toEqual({ kind: 'nothing-to-build' });
  });

  it('resumes after the last committed chunk when a build is stopped part way', () => {
    db = openLedger(':memory:');
    importedApplication(1, [[0, 99]]);
    let chunks = 0;
    expect(() =>
      builder(10).build(1, () => {
        // 1 + 10 events for the url look-up, then 1 + 3 for the code look-up.
        if (++chunks === 15) throw new Error('power cut');
      }),
    ).toThrow('power cut');
    // The url look-up finished (10 chunks); the code look-up has 3 chunks committed.
    expect(lookupCount('code_url_lookup', 1)).toBe(100);
    expect(lookupCount('code_lookup', 1)).toBe(30);
    expect(segmentStates(1)[0]!.indexed).toBe(false);

    expect(builder(10).build(1)).toEqual({ kind: 'built', segments: 1, codes: 100 });
    expect(lookupCount('code_lookup', 1)).toBe(100);
    expect(lookupCount('code_url_lookup', 1)).toBe(100);
    expect(segmentStates(1)[0]!.indexed).toBe(true);
  });

  it('pauses between chunks when asked to stop (the app is closing) and resumes from its cursor', () => {
    db = openLedger(':memory:');
    importedApplication(1, [[0, 49]]);
    // Progress comes once after the sort, then once per chunk: stop after two chunks.
    let events = 0;
    expect(() =>
      builder(10).build(
        1,
        () => events++,
        () => events >= 3,
      ),
    ).toThrow(LookupBuildPausedError);
    expect(lookupCount('code_url_lookup', 1)).toBe(20);
    expect(builder(10).build(1)).toEqual({ kind: 'built', segments: 1, codes: 50 });
    expect(lookupCount('code_url_lookup', 1)).toBe(50);
    expect(lookupCount('code_lookup', 1)).toBe(50);
  });

  it('takes a segment back out when one of its codes is already in another application, and indexes the rest', () => {
    db = openLedger(':memory:');
    importedApplication(1, [[0, 19]]);
    expect(builder().build(1).kind).toBe('built');
    // Application 2's index 25 carries application 1's code for index 3.
    importedApplication(
      2,
      [
        [0, 19],
        [20, 39],
      ],
      (index) => (index === 25 ? codeOf(1, 3) : codeOf(2, index)),
    );
    const outcome = builder().build(2);
    expect(outcome).toEqual({ kind: 'conflict', failed_segments: [{ code_start: 20, code_end: 39 }] });
    const failed = createBatchStore(db).segment(2, 20)!;
    expect(failed.state).toBe('failed');
    expect(JSON.parse(failed.error_json!)).toMatchObject({ code: 'PACKAGE_CODE_ALREADY_IN_LEDGER', details: { code: codeOf(1, 3) } });
    expect((db.prepare('SELECT COUNT(*) AS n FROM codes WHERE application_id = 2').get() as { n: number }).n).toBe(20);

    expect(builder().build(2)).toEqual({ kind: 'built', segments: 1, codes: 20 });
    expect(lookupCount('code_lookup', 2)).toBe(20);
    expect(lookupCount('code_url_lookup', 2)).toBe(20);
    // Application 1 keeps its code.
    expect(createBatchStore(db).codeByCode(codeOf(1, 3))).toMatchObject({ application_id: 1, code_index: 3 });
    expect(segmentStates(2)).toEqual([
      { start: 0, state: 'imported', indexed: true },
      { start: 20, state: 'failed', indexed: false },
    ]);
    expect(createAuditLog(db).verify().ok).toBe(true);
  });

  it.each([
    ['inside one chunk', 100],
    ['across a chunk boundary', 1],
  ])('fails both segments when two of them carry the same code (%s)', (_name, chunkRows) => {
    db = openLedger(':memory:');
    importedApplication(
      1,
      [
        [0, 9],
        [10, 19],
        [20, 29],
      ],
      (index) => (index === 24 ? codeOf(1, 5) : codeOf(1, index)),
    );
    const outcome = builder(chunkRows).build(1);
    expect(outcome).toEqual({
      kind: 'conflict',
      failed_segments: expect.arrayContaining([
        { code_start: 0, code_end: 9 },
        { code_start: 20, code_end: 29 },
      ]) as unknown,
    });
    expect(builder(chunkRows).build(1)).toEqual({ kind: 'built', segments: 1, codes: 10 });
    expect(segmentStates(1)).toEqual([
      { start: 0, state: 'failed', indexed: false },
      { start: 10, state: 'imported', indexed: true },
      { start: 20, state: 'failed', indexed: false },
    ]);
    expect(lookupCount('code_lookup', 1)).toBe(10);
    expect(lookupCount('code_url_lookup', 1)).toBe(10);
    expect((db.prepare('SELECT COUNT(*) AS n FROM codes').get() as { n: number }).n).toBe(10);
  });

  it('a later build (a retried segment) merges only the new segment and leaves indexed ones alone', () => {
    db = openLedger(':memory:');
    importedApplication(1, [[0, 19]]);
    expect(builder().build(1).kind).toBe('built');
    const now = NOW().toISOString();
    db.prepare("INSERT INTO segments (application_id, code_start, code_end, state, imported_at) VALUES (1, 20, 39, 'imported', ?)").run(
      now,
    );
    const insert = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (1, ?, ?, ?)');
    for (let index = 20; index <= 39; index++) insert.run(index, codeOf(1, index), urlOf(1, index));

    expect(builder().build(1)).toEqual({ kind: 'built', segments: 1, codes: 20 });
    expect(lookupCount('code_lookup', 1)).toBe(40);
    expect(segmentStates(1).every((segment) => segment.indexed)).toBe(true);
  });

  it('refuses to advance a build another process has moved on', () => {
    db = openLedger(':memory:');
    importedApplication(1, [[0, 29]]);
    let moved = false;
    expect(() =>
      builder(10).build(1, () => {
        if (moved) return;
        moved = true;
        db.prepare("UPDATE lookup_builds SET merged_through = 'ZZZZ' WHERE application_id = 1").run();
      }),
    ).toThrow(/advanced by another process/);
  });
});
