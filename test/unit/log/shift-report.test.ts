import { operatorAccess } from '../support/access';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '@main/bridge';
import { csvCell } from '@main/log';
import { AppError } from '@shared/errors';
import { at, CRISPS, logWorld, ORANGE, parseCsvRows, type LogWorld } from './helpers';

let world: LogWorld;
beforeEach(() => {
  world = logWorld();
});
afterEach(() => world.close());

/** The rows after a section title, up to the next blank row. */
function section(rows: string[][], title: string): string[][] {
  const start = rows.findIndex((row) => row.length === 1 && row[0] === title);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = rows.findIndex((row, index) => index > start && row.length === 1 && row[0] === '');
  return rows.slice(start + 1, end < 0 ? undefined : end);
}

function seedShift(w: LogWorld) {
  // Before the shift: an ended session and a scan that must not count.
  const before = w.session({ line: 'L0', started_at: at(-120), ended_at: at(-60), ended_by: 'operator' });
  w.scan({ scanned_at: at(-90), session_id: before });
  // In the shift (00:00–08:00 UTC): one ended session, one still open, another station's session.
  const s1 = w.session({ line: 'L1', started_at: at(10), ended_at: at(200), ended_by: 'supervisor:王工', started_by: 'operator' });
  const s2 = w.session({ line: 'L2', product_code: CRISPS.product_code, started_at: at(300) });
  const s3 = w.session({ station: 'LINE-PC-2', line: 'L9', started_at: at(20) });
  w.scan({ scanned_at: at(15), session_id: s1 });
  w.scan({ scanned_at: at(16), session_id: s1, verdict: 'DUPLICATE', acknowledged_by: 'operator' });
  w.scan({
    scanned_at: at(17),
    session_id: s1,
    input: '=HYPERLINK("x")',
    normalized: '=HYPERLINK("X")',
    kind: 'invalid',
    verdict: 'INVALID',
  });
  w.scan({ scanned_at: at(310), session_id: s2, verdict: 'WRONG_PRODUCT', local_verdict: 'WRONG_PRODUCT', remote: 'offline' });
  w.scan({ scanned_at: at(320), session_id: s2 });
  w.scan({ scanned_at: at(30), station: 'LINE-PC-2', session_id: s3, verdict: 'NOT_ACTIVATED' });
  // After the shift.
  w.scan({ scanned_at: at(480), session_id: s2 });
  return { s1, s2, s3 };
}

describe('log.shiftReport', () => {
  it('writes a BOM, CRLF lines, the header block with totals and sessions, then the period’s scans oldest first', () => {
    const { s1, s2, s3 } = seedShift(world);
    world.audit.append({ actor: 'supervisor:王工', action: 'verify.session_ended', subject: 'session:1' });
    const report = world.log.shiftReport({ from: at(0), to: at(480), locale: 'en', time_zone: 'Asia/Shanghai' });
    expect(report.csv.startsWith('\uFEFFShift report\r\n')).toBe(true);
    expect(report.csv.endsWith('\r\n')).toBe(true);
    expect(report.csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(report.scans).toBe(6);
    expect(report.filename).toBe('shift-report-20250301-0800-20250301-1600.csv');

    const rows = parseCsvRows(report.csv.slice(1));
    expect(rows.slice(1, 5)).toEqual([
      ['Station', 'All stations'],
      ['Period', '2025-03-01 08:00:00', '2025-03-01 16:00:00'],
      ['Time zone', 'Asia/Shanghai'],
      ['Generated', '2025-03-02 08:00:00'],
    ]);
    // The audit chain's head when the report was made, for `marketcode audit verify --against`.
    const head = world.audit.head()!;
    expect(rows[5]).toEqual(['Audit log head', String(head.seq), head.hash]);
    // Whose ledger (and chain) the report comes from, so `audit verify --against` checks the right chain.
    expect(rows[6]).toEqual(['Mode', 'Live']);
    expect(section(rows, 'Totals by verdict')).toEqual([
      ['Verdict', 'Verdict (text)', 'Scans'],
      ['PASS', 'Pass', '2'],
      ['NOT_ACTIVATED', 'Not activated', '1'],
      ['WRONG_PRODUCT', 'Wrong product', '1'],
      ['DUPLICATE', 'Duplicate', '1'],
      ['UNKNOWN_CODE', 'Unknown code', '0'],
      ['INVALID', 'Not a marketing code', '1'],
      ['REMOTE_MISMATCH', 'WeChat disagrees', '0'],
      ['Total', '', '6'],
    ]);
    const sessions = section(rows, 'Sessions');
    expect(sessions[0]![0]).toBe('Session');
    expect(sessions.slice(1)).toEqual([
      [
        String(s1),
        'LINE-PC-1',
        'L1',
        ORANGE.product_code,
        ORANGE.product_title,
        '2025-03-01 08:10:00',
        '2025-03-01 11:20:00',
        'operator',
        'supervisor:王工',
        '3',
      ],
      [
        String(s3),
        'LINE-PC-2',
        'L9',
        ORANGE.product_code,
        ORANGE.product_title,
        '2025-03-01 08:20:00',
        '(still open)',
        'operator',
        '',
        '1',
      ],
      [
        String(s2),
        'LINE-PC-1',
        'L2',
        CRISPS.product_code,
        CRISPS.product_title,
        '2025-03-01 13:00:00',
        '(still open)',
        'operator',
        '',
        '2',
      ],
    ]);

    const scans = section(rows, 'Scans');
    expect(scans[0]).toEqual([
      'Time',
      'Station',
      'Session',
      'Line',
      'Product',
      'Input',
      'Normalized',
      'Verdict',
      'Verdict (text)',
      'Local verdict',
      'Remote',
      'application_id',
      'code_index',
      'Acknowledged by',
      'Scanned at (UTC)',
    ]);
    expect(scans.slice(1).map((row) => [row[0], row[7]])).toEqual([
      ['2025-03-01 08:15:00', 'PASS'],
      ['2025-03-01 08:16:00', 'DUPLICATE'],
      ['2025-03-01 08:17:00', 'INVALID'],
      ['2025-03-01 08:30:00', 'NOT_ACTIVATED'],
      ['2025-03-01 13:10:00', 'WRONG_PRODUCT'],
      ['2025-03-01 13:20:00', 'PASS'],
    ]);
    const duplicate = scans[2]!;
    expect(duplicate).toEqual([
      '2025-03-01 08:16:00',
      'LINE-PC-1',
      String(s1),
      'L1',
      ORANGE.product_code,
      duplicate[5],
      duplicate[6],
      'DUPLICATE',
      'Duplicate',
      'DUPLICATE',
      'confirmed',
      '581865877',
      '2',
      'operator',
      at(16),
    ]);
    // Scanned text never runs as a formula in Excel.
    expect(scans[3]!.slice(5, 7)).toEqual(['\'=HYPERLINK("x")', '\'=HYPERLINK("X")']);
    expect(scans[5]!.slice(7, 11)).toEqual(['WRONG_PRODUCT', 'Wrong product', 'WRONG_PRODUCT', 'offline']);
  });

  it('narrows to one station, translates labels and the verdict column for zh-CN, keeps the codes', () => {
    seedShift(world);
    const report = world.log.shiftReport({ from: at(0), to: at(480), station: 'LINE-PC-2', locale: 'zh-CN', time_zone: 'UTC' });
    expect(report.filename).toBe('shift-report-LINE-PC-2-20250301-0000-20250301-0800.csv');
    expect(report.scans).toBe(1);
    const rows = parseCsvRows(report.csv.slice(1));
    expect(rows[0]).toEqual(['班次报告']);
    expect(rows[1]).toEqual(['工作站', 'LINE-PC-2']);
    expect(rows.find((row) => row[0] === '审计日志最新记录')?.[2]).toBe(world.audit.head()?.hash ?? undefined);
    expect(section(rows, '按结论合计')).toContainEqual(['NOT_ACTIVATED', '未激活', '1']);
    expect(section(rows, '按结论合计')).toContainEqual(['合计', '', '1']);
    expect(
      section(rows, '扫描会话')
        .slice(1)
        .map((row) => row[2]),
    ).toEqual(['L9']);
    const scans = section(rows, '扫描记录');
    expect(scans[0]!.slice(7, 9)).toEqual(['结论代码', '结论']);
    expect(scans.slice(1).map((row) => row.slice(7, 9))).toEqual([['NOT_ACTIVATED', '未激活']]);
  });

  it('says so when a period has no sessions or scans', () => {
    const report = world.log.shiftReport({ from: at(0), to: at(60), locale: 'en', time_zone: 'UTC' });
    const rows = parseCsvRows(report.csv.slice(1));
    expect(section(rows, 'Sessions')).toEqual([['None']]);
    expect(rows.find((row) => row[0] === 'Audit log head')).toEqual(
      world.audit.head() ? ['Audit log head', String(world.audit.head()!.seq), world.audit.head()!.hash] : ['Audit log head', 'None'],
    );
    expect(section(rows, 'Totals by verdict')).toContainEqual(['Total', '', '0']);
    expect(section(rows, 'Scans')).toHaveLength(1);
    expect(report.scans).toBe(0);
  });

  it('streams many scans in chunks, every row once and in order, and matches the one-string report', () => {
    const insert = world.db.transaction(() => {
      // 4,500 scans over the shift, some sharing an instant (keyset chunks must not skip or repeat them).
      for (let i = 0; i < 4500; i++) world.scan({ scanned_at: at(Math.floor(i / 3) * 0.1), verdict: i % 50 === 0 ? 'DUPLICATE' : 'PASS' });
    });
    insert();
    const request = { from: at(0), to: at(480), locale: 'en' as const, time_zone: 'UTC' };
    const lines = [...world.log.shiftReportLines(request)];
    expect(lines.every((line) => line.endsWith('\r\n'))).toBe(true);
    const report = world.log.shiftReport(request);
    expect(lines.join('')).toBe(report.csv);
    const scans = section(parseCsvRows(report.csv.slice(1)), 'Scans').slice(1);
    expect(scans).toHaveLength(4500);
    const times = scans.map((row) => row[14]!);
    expect([...times].sort()).toEqual(times);
    expect(new Set(scans.map((row) => row[12])).size).toBe(4500);
    expect(section(parseCsvRows(report.csv.slice(1)), 'Totals by verdict')).toContainEqual(['DUPLICATE', 'Duplicate', '90']);
  });

  it('leaves out scans recorded while the lines are being written, so totals and rows agree', () => {
    world.scan({ scanned_at: at(1) });
    const lines = world.log.shiftReportLines({ from: at(0), to: at(60), locale: 'en', time_zone: 'UTC' })[Symbol.iterator]();
    const head = lines.next();
    world.scan({ scanned_at: at(2) });
    const rest: string[] = [];
    for (let next = lines.next(); !next.done; next = lines.next()) rest.push(next.value);
    const rows = parseCsvRows([head.value as string, ...rest].join('').slice(1));
    expect(section(rows, 'Totals by verdict')).toContainEqual(['Total', '', '1']);
    expect(section(rows, 'Scans')).toHaveLength(2);
  });

  it('refuses an empty, backwards or over-long period with a translated error', () => {
    const refused = (from: string, to: string) => {
      try {
        world.log.shiftReport({ from, to, locale: 'en' });
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return error as AppError;
      }
      throw new Error('not refused');
    };
    expect(refused(at(10), at(10)).code).toBe('LOG_PERIOD_INVALID');
    expect(refused(at(10), at(0)).code).toBe('LOG_PERIOD_INVALID');
    const long = refused(at(0), at(32 * 24 * 60));
    expect(long.code).toBe('LOG_PERIOD_TOO_LONG');
    expect(long.localized['zh-CN'].message).toContain('31 天');
    expect(() => world.log.shiftReport({ from: at(0), to: at(31 * 24 * 60), locale: 'en' })).not.toThrow();
  });

  it('is served by log.shiftReport over dispatch, which checks the locale and the time zone', async () => {
    world.scan({ scanned_at: at(1) });
    const dispatch = createDispatch(
      { 'log.shiftReport': (request: never) => world.log.shiftReport(request) } as unknown as Handlers,
      operatorAccess,
    );
    const ok = await dispatch('log.shiftReport', { from: at(0), to: at(60), locale: 'zh-CN', time_zone: 'Asia/Shanghai' });
    expect(ok).toMatchObject({ ok: true, data: { scans: 1, filename: 'shift-report-20250301-0800-20250301-0900.csv' } });
    for (const bad of [
      { from: at(0), to: at(60), locale: 'fr' },
      { from: at(0), to: at(60), locale: 'en', time_zone: 'Mars/Olympus' },
      { from: at(0), locale: 'en' },
    ]) {
      expect(await dispatch('log.shiftReport', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
  });
});

describe('csvCell', () => {
  it('quotes separators and quotes, keeps numbers and empties, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
  });
});
