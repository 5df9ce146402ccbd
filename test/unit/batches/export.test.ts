import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '@main/audit';
import {
  createPrintRunExporter,
  csvField,
  firstUncovered,
  mergeIntervals,
  type ExportRequest,
  type PrintRunExporter,
  type PrintRunManifest,
} from '@main/batches/export';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { AppError } from '@shared/errors';

const APP = 581865877;
const OTHER = 581865878;
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

/** 9 characters, unique across the two applications used here. */
const codeOf = (applicationId: number, index: number) => `${applicationId % 10}${String(index).padStart(8, '0')}`;
/** 28 characters: `P.URL.CN/0U.` + 16. */
const urlOf = (applicationId: number, index: number) =>
  `P.URL.CN/0U.${applicationId % 10}${index.toString(36).toUpperCase().padStart(15, '0')}`;

function insertApplication(db: SqliteDatabase, applicationId: number, codeCount: number): void {
  db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES (?, ?, ?, 'imported', 'test', ?, ?)`,
  ).run(`isv-${applicationId}`, applicationId, codeCount, new Date(T0).toISOString(), new Date(T0).toISOString());
}

function insertSegment(
  db: SqliteDatabase,
  applicationId: number,
  start: number,
  end: number,
  state: 'imported' | 'pending' | 'failed' = 'imported',
  options: { urlOnly?: boolean } = {},
): void {
  const insertCode = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('INSERT INTO segments (application_id, code_start, code_end, state) VALUES (?, ?, ?, ?)').run(
      applicationId,
      start,
      end,
      state,
    );
    if (state !== 'imported') return;
    for (let index = start; index <= end; index++) {
      insertCode.run(applicationId, index, options.urlOnly ? null : codeOf(applicationId, index), urlOf(applicationId, index));
    }
  })();
}

let dir: string;
let out: string;
let db: SqliteDatabase;
let audit: AuditLog;
let exporter: PrintRunExporter;
let tick: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-export-'));
  out = join(dir, 'out');
  mkdirSync(out);
  db = openLedger(dir);
  tick = 0;
  audit = createAuditLog(db, { now: () => new Date(T0 + 1000 * tick++) });
  exporter = createPrintRunExporter({ db, audit, now: () => new Date(T0 + 60_000) });
  insertApplication(db, APP, 10_000);
  insertSegment(db, APP, 0, 99);
  insertSegment(db, APP, 100, 199);
  insertSegment(db, APP, 200, 299, 'pending');
  insertSegment(db, APP, 300, 399, 'failed');
  insertSegment(db, APP, 400, 499);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(overrides: Partial<ExportRequest> = {}): ExportRequest {
  return {
    application_id: APP,
    code_start: 3,
    code_end: 5,
    format: 'csv',
    columns: ['index', 'code', 'code_url'],
    header: false,
    line_ending: 'crlf',
    ...overrides,
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const printRunCount = () => (db.prepare('SELECT COUNT(*) AS n FROM print_runs').get() as { n: number }).n;

describe('exportRange: file contents', () => {
  it('writes CSV, all columns, no header, CRLF byte for byte', async () => {
    await exporter.exportRange(request(), join(out, 'a.csv'), 'operator');
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe(
      '3,700000003,P.URL.CN/0U.7000000000000003\r\n' +
        '4,700000004,P.URL.CN/0U.7000000000000004\r\n' +
        '5,700000005,P.URL.CN/0U.7000000000000005\r\n',
    );
  });

  it('writes TXT with a header, LF, and the columns in the order asked', async () => {
    await exporter.exportRange(
      request({ format: 'txt', columns: ['code_url', 'index'], header: true, line_ending: 'lf', code_start: 98, code_end: 101 }),
      join(out, 'b.txt'),
      'operator',
    );
    expect(readFileSync(join(out, 'b.txt'), 'utf8')).toBe(
      'code_url\tcode_index\n' +
        'P.URL.CN/0U.700000000000002Q\t98\n' +
        'P.URL.CN/0U.700000000000002R\t99\n' +
        'P.URL.CN/0U.700000000000002S\t100\n' +
        'P.URL.CN/0U.700000000000002T\t101\n',
    );
  });

  it('writes CSV headers and single columns, CRLF vs LF', async () => {
    await exporter.exportRange(request({ columns: ['code'], header: true }), join(out, 'c.csv'), 'operator');
    expect(readFileSync(join(out, 'c.csv'), 'utf8')).toBe('code\r\n700000003\r\n700000004\r\n700000005\r\n');
    await exporter.exportRange(request({ columns: ['code', 'index'], header: true, line_ending: 'lf' }), join(out, 'd.csv'), 'operator');
    expect(readFileSync(join(out, 'd.csv'), 'utf8')).toBe('code,code_index\n700000003,3\n700000004,4\n700000005,5\n');
    await exporter.exportRange(request({ format: 'txt', columns: ['index', 'code'] }), join(out, 'e.txt'), 'operator');
    expect(readFileSync(join(out, 'e.txt'), 'utf8')).toBe('3\t700000003\r\n4\t700000004\r\n5\t700000005\r\n');
  });

  it('crosses segment and chunk boundaries without losing or repeating a row', async () => {
    const small = createPrintRunExporter({ db, audit, chunkRows: 7 });
    await small.exportRange(request({ code_start: 90, code_end: 120 }), join(out, 'small.csv'), 'operator');
    await exporter.exportRange(request({ code_start: 90, code_end: 120 }), join(out, 'big.csv'), 'operator');
    const lines = readFileSync(join(out, 'small.csv'), 'utf8').split('\r\n');
    expect(lines).toHaveLength(32);
    expect(lines.slice(0, -1).map((line) => Number(line.split(',')[0]))).toEqual(Array.from({ length: 31 }, (_, i) => 90 + i));
    expect(readFileSync(join(out, 'small.csv'))).toEqual(readFileSync(join(out, 'big.csv')));
  });

  it('exports a url-only range when the code column is left out', async () => {
    insertApplication(db, OTHER, 10_000);
    insertSegment(db, OTHER, 0, 9, 'imported', { urlOnly: true });
    await exporter.exportRange(
      request({ application_id: OTHER, code_start: 0, code_end: 1, columns: ['index', 'code_url'] }),
      join(out, 'u.csv'),
      'cli',
    );
    expect(readFileSync(join(out, 'u.csv'), 'utf8')).toBe('0,P.URL.CN/0U.8000000000000000\r\n1,P.URL.CN/0U.8000000000000001\r\n');
  });
});

describe('exportRange: manifest, print run and audit entry', () => {
  it('writes a manifest whose SHA-256 matches the file and records the run and its audit entry', async () => {
    const file = join(out, 'run.csv');
    const run = await exporter.exportRange(request({ code_start: 0, code_end: 149, header: true }), file, 'supervisor:alice');
    const bytes = readFileSync(file);
    expect(run).toEqual({
      id: 1,
      application_id: APP,
      code_start: 0,
      code_end: 149,
      count: 150,
      format: 'csv',
      columns: ['index', 'code', 'code_url'],
      header: true,
      line_ending: 'crlf',
      file_path: file,
      file_sha256: sha256(bytes),
      actor: 'supervisor:alice',
      created_at: '2025-01-02T03:05:05.000Z',
    });
    const manifest = JSON.parse(readFileSync(file + '.manifest.json', 'utf8')) as PrintRunManifest;
    expect(manifest).toEqual({
      product: 'Marketcode Station',
      application_id: APP,
      isv_application_id: `isv-${APP}`,
      code_start: 0,
      code_end: 149,
      count: 150,
      format: 'csv',
      columns: ['index', 'code', 'code_url'],
      header: true,
      line_ending: 'crlf',
      file: 'run.csv',
      file_sha256: sha256(bytes),
      exported_at: '2025-01-02T03:05:05.000Z',
      print_run_id: 1,
      audit_head: { seq: audit.head()!.seq, hash: audit.head()!.hash },
    });
    expect(Object.keys(manifest)).toEqual([
      'product',
      'application_id',
      'isv_application_id',
      'code_start',
      'code_end',
      'count',
      'format',
      'columns',
      'header',
      'line_ending',
      'file',
      'file_sha256',
      'exported_at',
      'print_run_id',
      'audit_head',
    ]);
    expect(readdirSync(out).sort()).toEqual(['run.csv', 'run.csv.manifest.json']);

    expect(db.prepare('SELECT * FROM print_runs').all()).toEqual([
      {
        id: 1,
        application_id: APP,
        code_start: 0,
        code_end: 149,
        count: 150,
        format: 'csv',
        columns: 'index,code,code_url',
        header: 1,
        line_ending: 'crlf',
        file_path: file,
        file_sha256: sha256(bytes),
        actor: 'supervisor:alice',
        created_at: '2025-01-02T03:05:05.000Z',
      },
    ]);
    const entries = audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'supervisor:alice',
      action: 'print_run.exported',
      subject: `application:${APP}`,
      details: {
        print_run_id: 1,
        code_start: 0,
        code_end: 149,
        count: 150,
        format: 'csv',
        columns: ['index', 'code', 'code_url'],
        header: true,
        line_ending: 'crlf',
        file: 'run.csv',
        file_sha256: sha256(bytes),
      },
    });
    expect(createAuditLog(db).verify()).toEqual({ ok: true, entries: 1 });
    // The manifest anchors the chain at the export's own entry.
    expect(manifest.audit_head).toEqual({ seq: entries[0]!.seq, hash: entries[0]!.hash });
    expect(exporter.printRuns(APP)).toEqual([run]);
    expect(exporter.printRuns(OTHER)).toEqual([]);
  });

  it('lists print runs in order and merges exported ranges that overlap or touch', async () => {
    const ranges: [number, number][] = [
      [20, 29],
      [0, 9],
      [25, 40],
      [10, 15],
      [100, 100],
      [400, 420],
    ];
    for (const [index, [start, end]] of ranges.entries()) {
      await exporter.exportRange(request({ code_start: start, code_end: end }), join(out, `r${index}.csv`), 'operator');
    }
    expect(exporter.printRuns(APP).map((run) => [run.id, run.code_start, run.code_end])).toEqual(
      ranges.map(([start, end], index) => [index + 1, start, end]),
    );
    expect(exporter.exportedRanges(APP)).toEqual([
      [0, 15],
      [20, 40],
      [100, 100],
      [400, 420],
    ]);
    expect(exporter.exportedRanges(OTHER)).toEqual([]);
    expect(createAuditLog(db).verify()).toEqual({ ok: true, entries: 6 });
  });
});

describe('exportRange: refusals leave nothing behind', () => {
  async function refused(req: ExportRequest, file: string, code: string): Promise<AppError> {
    const before = readdirSync(out).sort();
    const error = await exporter.exportRange(req, file, 'operator').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe(code);
    expect(appError.localized.en.message.length).toBeGreaterThan(0);
    expect(appError.localized['zh-CN'].message).toMatch(/[\u4e00-\u9fff]/);
    expect(appError.localized.en.hint).toBeTruthy();
    expect(appError.localized['zh-CN'].hint).toBeTruthy();
    expect(readdirSync(out).sort()).toEqual(before);
    expect(printRunCount()).toBe(0);
    expect(audit.list()).toEqual([]);
    return appError;
  }

  it('refuses an unknown application', async () => {
    const error = await refused(request({ application_id: 42 }), join(out, 'x.csv'), 'APPLICATION_NOT_FOUND');
    expect(error.localized.en.message).toContain('42');
  });

  it('refuses start > end and a range outside the application', async () => {
    await refused(request({ code_start: 6, code_end: 5 }), join(out, 'x.csv'), 'EXPORT_RANGE_REVERSED');
    const outside = await refused(request({ code_start: 9990, code_end: 10_000 }), join(out, 'x.csv'), 'EXPORT_RANGE_OUT_OF_BOUNDS');
    expect(outside.localized.en.message).toContain('0–9999');
  });

  it('names the first index that is not in an imported segment', async () => {
    const pending = await refused(request({ code_start: 150, code_end: 250 }), join(out, 'x.csv'), 'EXPORT_RANGE_NOT_IMPORTED');
    expect(pending.details).toMatchObject({ first_missing_index: 200 });
    expect(pending.localized.en.message).toContain('index 200');
    expect(pending.localized['zh-CN'].message).toContain('序号 200');
    const failed = await refused(request({ code_start: 300, code_end: 300 }), join(out, 'x.csv'), 'EXPORT_RANGE_NOT_IMPORTED');
    expect(failed.details).toMatchObject({ first_missing_index: 300 });
    const beyond = await refused(request({ code_start: 450, code_end: 600 }), join(out, 'x.csv'), 'EXPORT_RANGE_NOT_IMPORTED');
    expect(beyond.details).toMatchObject({ first_missing_index: 500 });
  });

  it('refuses the code column for codes that have only a code_url', async () => {
    insertApplication(db, OTHER, 10_000);
    insertSegment(db, OTHER, 0, 9);
    insertSegment(db, OTHER, 10, 19, 'imported', { urlOnly: true });
    const error = await refused(
      request({ application_id: OTHER, code_start: 5, code_end: 15, columns: ['code_url', 'code'] }),
      join(out, 'x.csv'),
      'EXPORT_CODE_COLUMN_UNAVAILABLE',
    );
    expect(error.details).toMatchObject({ first_index_without_code: 10, without_code: 6 });
    expect(error.localized.en.message).toContain('url-only');
  });

  it('refuses codes missing behind a segment marked imported', async () => {
    db.prepare('DELETE FROM codes WHERE application_id = ? AND code_index = 50').run(APP);
    const error = await refused(request({ code_start: 40, code_end: 60 }), join(out, 'x.csv'), 'EXPORT_CODES_MISSING');
    expect(error.details).toMatchObject({ first_missing_index: 50 });
  });

  it('refuses a folder that does not exist, and an existing file or manifest', async () => {
    await refused(request(), join(out, 'missing', 'x.csv'), 'EXPORT_FOLDER_NOT_FOUND');
    expect(existsSync(join(out, 'missing'))).toBe(false);
    writeFileSync(join(out, 'taken.csv'), 'keep me');
    await refused(request(), join(out, 'taken.csv'), 'EXPORT_OUTPUT_EXISTS');
    expect(readFileSync(join(out, 'taken.csv'), 'utf8')).toBe('keep me');
    writeFileSync(join(out, 'y.csv.manifest.json'), '{}');
    await refused(request(), join(out, 'y.csv'), 'EXPORT_OUTPUT_EXISTS');
    await refused(request(), out, 'EXPORT_OUTPUT_EXISTS');
  });

  it('refuses malformed requests', async () => {
    const cases: [Partial<ExportRequest> | Record<string, unknown>, string][] = [
      [{ columns: [] }, 'columns'],
      [{ columns: ['index', 'index'] }, 'columns'],
      [{ columns: ['index', 'qr'] }, 'columns'],
      [{ format: 'xlsx' }, 'format'],
      [{ line_ending: 'cr' }, 'line_ending'],
      [{ header: 'yes' }, 'header'],
      [{ code_start: -1 }, 'code_start'],
      [{ code_end: 1.5 }, 'code_end'],
      [{ application_id: 0 }, 'application_id'],
    ];
    for (const [overrides, field] of cases) {
      const error = await refused({ ...request(), ...overrides } as ExportRequest, join(out, 'x.csv'), 'EXPORT_INVALID_REQUEST');
      expect(error.details).toEqual({ field });
    }
  });

  it('removes the partial file when writing fails', async () => {
    mkdirSync(join(out, 'w.csv.partial'));
    const error = await exporter.exportRange(request(), join(out, 'w.csv'), 'operator').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXPORT_WRITE_FAILED' });
    expect(readdirSync(out)).toEqual(['w.csv.partial']);
    expect(printRunCount()).toBe(0);
    expect(audit.list()).toEqual([]);
  });

  it('removes the file and manifest when recording the run fails', async () => {
    db.exec("CREATE TRIGGER no_runs BEFORE INSERT ON print_runs BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const error = await exporter.exportRange(request(), join(out, 'z.csv'), 'operator').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXPORT_RECORD_FAILED' });
    expect((error as AppError).localized.en.message).toContain('disk on fire');
    expect(readdirSync(out)).toEqual([]);
    expect(audit.list()).toEqual([]);
  });

  it('rolls the run back when its audit entry is refused (one transaction)', async () => {
    const error = await exporter.exportRange(request(), join(out, 'token=abc.csv'), 'operator').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AUDIT_SECRET_IN_DETAILS' });
    expect(readdirSync(out)).toEqual([]);
    expect(printRunCount()).toBe(0);
    expect(audit.list()).toEqual([]);
  });

  it('refuses a second export to a file that is still being written', async () => {
    const file = join(out, 'same.csv');
    const first = exporter.exportRange(request({ code_start: 0, code_end: 199 }), file, 'operator');
    const second = await exporter.exportRange(request(), file, 'operator').catch((caught: unknown) => caught);
    expect(second).toMatchObject({ code: 'EXPORT_BUSY' });
    const run = await first;
    expect(run.count).toBe(200);
    expect(printRunCount()).toBe(1);
  });
});

describe('exportRange: values that need care', () => {
  it('quotes a CSV field only when needed, and refuses a TXT value with a tab, leaving nothing', async () => {
    db.prepare('UPDATE codes SET code = ? WHERE application_id = ? AND code_index = 4').run('a,b"c\td', APP);
    await exporter.exportRange(request({ columns: ['index', 'code'], line_ending: 'lf' }), join(out, 'q.csv'), 'operator');
    expect(readFileSync(join(out, 'q.csv'), 'utf8')).toBe('3,700000003\n4,"a,b""c\td"\n5,700000005\n');
    const error = await exporter
      .exportRange(request({ format: 'txt', columns: ['code'] }), join(out, 'q.txt'), 'operator')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXPORT_UNSAFE_VALUE', details: { column: 'code', index: 4 } });
    expect(readdirSync(out).sort()).toEqual(['q.csv', 'q.csv.manifest.json']);
    expect(printRunCount()).toBe(1);
  });

  it('csvField follows RFC 4180', () => {
    expect(csvField('P.URL.CN/0U.JYJXP3HJI2C98A9O')).toBe('P.URL.CN/0U.JYJXP3HJI2C98A9O');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('')).toBe('');
  });
});

describe('helpers', () => {
  it('firstUncovered walks imported segments in order', () => {
    const segment = (code_start: number, code_end: number, state: 'imported' | 'pending' = 'imported') =>
      ({ application_id: 1, code_start, code_end, state }) as Parameters<typeof firstUncovered>[0][number];
    const segments = [segment(100, 199), segment(0, 99), segment(200, 299, 'pending'), segment(300, 399)];
    expect(firstUncovered(segments, 0, 199)).toBeUndefined();
    expect(firstUncovered(segments, 50, 250)).toBe(200);
    expect(firstUncovered(segments, 350, 450)).toBe(400);
    expect(firstUncovered([], 5, 6)).toBe(5);
  });

  it('mergeIntervals merges overlapping and adjacent intervals', () => {
    const rows = (pairs: [number, number][]) => pairs.map(([code_start, code_end]) => ({ code_start, code_end }));
    expect(
      mergeIntervals(
        rows([
          [0, 5],
          [3, 4],
          [6, 8],
          [10, 12],
        ]),
      ),
    ).toEqual([
      [0, 8],
      [10, 12],
    ]);
    expect(mergeIntervals([])).toEqual([]);
  });
});

describe('large exports', () => {
  it('streams 200,000 rows into a complete file', async () => {
    insertApplication(db, OTHER, 200_000);
    for (let start = 0; start < 200_000; start += 50_000) insertSegment(db, OTHER, start, start + 49_999);
    const file = join(out, 'big.txt');
    const run = await exporter.exportRange(
      {
        application_id: OTHER,
        code_start: 0,
        code_end: 199_999,
        format: 'txt',
        columns: ['index', 'code', 'code_url'],
        header: true,
        line_ending: 'lf',
      },
      file,
      'operator',
    );
    const bytes = readFileSync(file);
    expect(run.count).toBe(200_000);
    expect(run.file_sha256).toBe(sha256(bytes));
    const text = bytes.toString('utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[0]).toBe('code_index\tcode\tcode_url');
    expect(lines[1]).toBe(`0\t${codeOf(OTHER, 0)}\t${urlOf(OTHER, 0)}`);
    expect(lines[200_000]).toBe(`199999\t${codeOf(OTHER, 199_999)}\t${urlOf(OTHER, 199_999)}`);
    expect(lines[200_001]).toBe('');
    expect(bytes.length).toBe(text.length);
    expect(exporter.exportedRanges(OTHER)).toEqual([[0, 199_999]]);
  }, 60_000);
});
