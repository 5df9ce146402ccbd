import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { createBatchStore, type SegmentRow } from '@main/batches';
import { createSegmentImporter } from '@main/batches/import-segment';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { DEMO_ACCOUNT, buildPackageText, createCodeGenerator, encryptPackage, type PackageLayout } from '@main/simulator';

const APPLICATION_ID = 7;
const SEGMENT_SIZE = 25_000;
const NOW = () => new Date('2026-11-23T08:00:00.000Z');
const READING = { serviceKey: DEMO_ACCOUNT.serviceKey, columns: null };

let db: SqliteDatabase;
afterEach(() => db?.close());

function setUp(layout: PackageLayout = 'index_code_url') {
  db = openLedger(':memory:');
  const now = NOW().toISOString();
  db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES ('isv-7', ?, 30000, 'downloading', 'test', ?, ?)`,
  ).run(APPLICATION_ID, now, now);
  db.prepare("INSERT INTO segments (application_id, code_start, code_end, state) VALUES (?, 0, ?, 'pending')").run(
    APPLICATION_ID,
    SEGMENT_SIZE - 1,
  );
  const store = createBatchStore(db);
  const importer = createSegmentImporter({ db, store, audit: createAuditLog(db, { now: NOW }), failedPackagesDir: null, now: NOW });
  const generator = createCodeGenerator('import-segment-test');
  const buffer = encryptPackage(
    buildPackageText(generator, { serialStart: 0, codeStart: 0, codeEnd: SEGMENT_SIZE - 1 }, layout),
    DEMO_ACCOUNT.serviceKey,
  );
  const segment = () => store.segment(APPLICATION_ID, 0)!;
  const rows = () => (db.prepare('SELECT COUNT(*) AS n FROM codes').get() as { n: number }).n;
  return { store, importer, buffer, segment, rows };
}

describe('segment import: rows in batch transactions, the segment marked imported last', () => {
  it('clears the rows an interrupted attempt left before importing the segment whole', () => {
    const { importer, buffer, segment, rows } = setUp();
    // What a crash after two committed batches leaves: a pending segment with staged rows.
    const insert = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
    for (let index = 0; index < 20_000; index++) insert.run(APPLICATION_ID, index, `LEFTOVER${index}`.slice(0, 9), `P.URL.CN/LEFT${index}`);

    const progress: number[] = [];
    const outcome = importer.importBuffer(segment(), buffer, READING, ({ codesInSegment }) => progress.push(codesInSegment));
    expect(outcome).toMatchObject({ ok: true, count: SEGMENT_SIZE });
    expect(progress).toEqual([10_000, 20_000, 25_000]);
    expect(rows()).toBe(SEGMENT_SIZE);
    expect(db.prepare("SELECT COUNT(*) AS n FROM codes WHERE code LIKE 'LEFTOVER%'").get()).toEqual({ n: 0 });
    expect(segment()).toMatchObject({ state: 'imported', attempts: 1 });
  });

  it('a failure after some batches takes the staged rows out and fails the segment', () => {
    const { importer, buffer, segment, rows } = setUp();
    // A row written at index 24,999 between two batches: the last batch's insert fails on the primary key.
    let batches = 0;
    const outcome = importer.importBuffer(segment(), buffer, READING, () => {
      if (++batches === 2) {
        db.prepare("INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, 24999, 'XXXXXXXXX', 'P.URL.CN/X')").run(
          APPLICATION_ID,
        );
      }
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PACKAGE_IMPORT_FAILED' } });
    expect(segment().state).toBe('failed');
    expect(rows()).toBe(0);
  });

  it('stops, and leaves the rows alone, when another import claims the segment part way', () => {
    const { store, importer, buffer, segment, rows } = setUp();
    let theirs: number | undefined;
    const outcome = importer.importBuffer(segment(), buffer, READING, ({ codesInSegment }) => {
      // Another process (the CLI next to the app) claims the segment after our first batch.
      if (codesInSegment === 10_000) theirs = store.claimPendingSegment(APPLICATION_ID, 0);
    });
    expect(theirs).toBe(2);
    expect(outcome).toMatchObject({ ok: false });
    // Not ours to fail or clear any more: still pending, rows as they were.
    expect(segment()).toMatchObject({ state: 'pending', attempts: 2 } satisfies Partial<SegmentRow>);
    expect(rows()).toBe(10_000);
  });

  it('keeps extra columns in code_extras and the skipped header with the segment; none for the common layout', () => {
    const { store, importer, buffer, segment } = setUp('header_4col');
    expect(importer.importBuffer(segment(), buffer, READING, () => undefined)).toMatchObject({ ok: true, layout: 'extra+code+index+url' });
    expect(segment()).toMatchObject({ state: 'imported', layout: 'extra+code+index+url', header: '微信码,原始码,索引,二维码' });
    const extras = store.codeExtras(APPLICATION_ID, 0, SEGMENT_SIZE - 1);
    expect(extras.size).toBe(SEGMENT_SIZE);
    expect(extras.get(42)).toEqual(['800000000042']);
    // Failing the segment takes its extras out with its codes.
    db.prepare('DELETE FROM codes WHERE application_id = ?').run(APPLICATION_ID);
    expect(store.codeExtras(APPLICATION_ID, 0, SEGMENT_SIZE - 1).size).toBe(0);
  });

  it('writes no code_extras row for a package without extra columns', () => {
    const { importer, buffer, segment } = setUp();
    expect(importer.importBuffer(segment(), buffer, READING, () => undefined)).toMatchObject({ ok: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM code_extras').get()).toEqual({ n: 0 });
    expect(segment().header).toBeNull();
  });
});
