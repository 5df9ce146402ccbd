/**
 * Anchors (docs/audit-log.md): someone who can write the ledger file can cut the chain short or rewrite it
 * so that `audit verify` still passes, but not the manifests and shift reports that already left the PC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEntryHash, compareWithAnchor, createAuditLog, type AuditRow } from '@main/audit';
import { createPrintRunExporter, type ExportRequest, type PrintRunManifest } from '@main/batches/export';
import { runCli } from '@main/cli';
import { parseRecordedAnchor } from '@main/cli/commands/audit-anchor';
import { LEDGER_FILE, openDatabase, openLedger, type SqliteDatabase } from '@main/ledger';
import { createLogService } from '@main/log';
import { openTrainingLedger, TRAINING_FOLDER } from '@main/modes';
import type { AppMode } from '@shared/contract';
import { fixedClock, tamper, tempDir } from './helpers';

const APP = 581865877;
const T0 = Date.UTC(2026, 11, 3, 6, 2, 0);
const H = (char: string) => char.repeat(64);

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mc-audit-anchor-')));
afterEach(() => cleanup());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

/** A ledger with some history, one application of 100 codes, and an export of 10 of them: its manifest's path. */
async function ledgerWithExport(db: SqliteDatabase, mode: AppMode = 'live'): Promise<string> {
  const audit = createAuditLog(db, { now: fixedClock(T0) });
  for (let index = 1; index <= 6; index++) audit.append({ actor: 'operator', action: 'segment.imported', details: { index } });
  const at = new Date(T0).toISOString();
  db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES (?, ?, 10000, 'imported', 'test', ?, ?)`,
  ).run(`isv-${APP}`, APP, at, at);
  db.prepare('INSERT INTO segments (application_id, code_start, code_end, state) VALUES (?, 0, 99, ?)').run(APP, 'imported');
  const insertCode = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
  for (let index = 0; index < 100; index++) {
    insertCode.run(APP, index, `7${String(index).padStart(8, '0')}`, `P.URL.CN/0U.7${index.toString(36).toUpperCase().padStart(15, '0')}`);
  }
  const exporter = createPrintRunExporter({ db, audit, now: () => new Date(T0 + 60_000), mode });
  const file = join(dir, 'run.csv');
  const request: ExportRequest = {
    application_id: APP,
    code_start: 0,
    code_end: 9,
    format: 'csv',
    columns: ['index', 'code'],
    header: true,
    line_ending: 'crlf',
  };
  await exporter.exportRange(request, file, 'supervisor:王工');
  return join(dir, `${mode === 'training' ? 'TRAINING-' : ''}run.csv.manifest.json`);
}

/** What a forger with the file does: drop the triggers, then recompute every hash from `fromSeq` on so `verify()` passes. */
function rechain(fromSeq: number, folder = dir): void {
  const db = openDatabase(join(folder, LEDGER_FILE));
  try {
    db.exec(
      'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_chain_only;',
    );
    const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as AuditRow[];
    let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(fromSeq - 1) as { hash: string } | undefined)?.hash ?? H('0');
    const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
    for (const row of rows) {
      const hash = auditEntryHash(prev, { ...row, details: JSON.parse(row.details_json) as Record<string, never> });
      update.run(prev, hash, row.seq);
      prev = hash;
    }
  } finally {
    db.close();
  }
}

describe('the chain head in manifests and shift reports', () => {
  it('a forger deletes the last 3 entries and recomputes the chain: verify alone passes, --against the manifest flags it', async () => {
    const db = openLedger(dir);
    const manifestPath = await ledgerWithExport(db);
    db.close();
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PrintRunManifest;
    expect(manifest.audit_head).toMatchObject({ seq: 7 });

    const before = await run(['audit', 'verify', '--against', manifestPath]);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('Station and Live ledger: 7 entries, intact');
    expect(before.stdout).toContain(`Station and Live ledger: the chain still holds entry #7 recorded in the manifest of `);

    tamper(dir, 'DELETE FROM audit_log WHERE seq > 4');
    rechain(1);
    const alone = await run(['audit', 'verify']);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('Station and Live ledger: 4 entries, intact');

    const against = await run(['audit', 'verify', '--against', manifestPath]);
    expect(against.code).toBe(1);
    expect(against.stdout).toMatch(
      /entry #7 recorded in the manifest of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d is missing: the ledger now ends at entry #4, so at least the last 3 entries were removed\./,
    );
    expect(against.stdout).toContain('Keep a copy of this data directory as evidence');
    const zh = await run(['audit', 'verify', '--against', manifestPath], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toMatch(/的导出清单记录的第 7 条记录已不存在：账本现在只到第 4 条，至少最后 3 条记录被删除了。/);
    const json = JSON.parse((await run(['audit', 'verify', '--against', manifestPath, '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: true,
      against: {
        source: 'manifest',
        mode: 'live',
        chain: 'station',
        anchor: manifest.audit_head,
        check: { ok: false, reason: 'missing', removed_at_least: 3, head_seq: 4 },
      },
    });
  });

  it('a chain rewritten before the anchor (an entry edited, every later hash recomputed) no longer has its hash', async () => {
    const db = openLedger(dir);
    const manifestPath = await ledgerWithExport(db);
    db.close();
    tamper(dir, `UPDATE audit_log SET details_json = '{"index":99}' WHERE seq = 2`);
    expect((await run(['audit', 'verify'])).code).toBe(1);
    rechain(2);
    expect((await run(['audit', 'verify'])).code).toBe(0);

    const against = await run(['audit', 'verify', '--against', manifestPath]);
    expect(against.code).toBe(1);
    expect(against.stdout).toMatch(
      /entry #7 recorded in the manifest of .* is different: its hash was [0-9a-f]{4}…[0-9a-f]{2} and is now [0-9a-f]{4}…[0-9a-f]{2}, so the chain was rewritten at or before that entry\./,
    );
  });

  it('reads the head from a shift report too, in either language', async () => {
    const db = openLedger(dir);
    await ledgerWithExport(db);
    const audit = createAuditLog(db);
    const log = createLogService({ db, audit, now: () => new Date(T0 + 120_000), timeZone: 'Asia/Shanghai' });
    const head = audit.head()!;
    const reportPath = join(dir, 'shift-report.csv');
    writeFileSync(
      reportPath,
      log.shiftReport({ from: new Date(T0 - 3_600_000).toISOString(), to: new Date(T0 + 3_600_000).toISOString(), locale: 'zh-CN' }).csv,
    );
    db.close();
    expect((await run(['audit', 'verify', '--against', reportPath])).stdout).toContain(
      'the chain still holds entry #7 recorded in the shift report of 2026-12-03 14:04:00',
    );

    tamper(dir, 'DELETE FROM audit_log WHERE seq = 7');
    const cut = await run(['audit', 'verify', '--against', reportPath]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain(
      'entry #7 recorded in the shift report of 2026-12-03 14:04:00 is missing: the ledger now ends at entry #6, so at least the last 1 entry was removed.',
    );
    expect(head.seq).toBe(7);
  });

  it('refuses a file that records no head, or cannot be read, in words', async () => {
    const db = openLedger(dir);
    createAuditLog(db).append({ actor: 'operator', action: 'segment.imported' });
    db.close();
    writeFileSync(join(dir, 'old.manifest.json'), JSON.stringify({ product: 'Marketcode Station', print_run_id: 1 }));
    const old = await run(['audit', 'verify', '--against', join(dir, 'old.manifest.json')]);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('old.manifest.json records no audit log head to check against.');
    const missing = await run(['audit', 'verify', '--against', join(dir, 'nowhere.json')], { LANG: 'zh_CN.UTF-8' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('无法读取');
  });
});

/** The other chain gets 3 entries of its own, so an anchor checked against the wrong chain would not hold. */
function appendStationEntries(db: SqliteDatabase, entries = 3): void {
  const audit = createAuditLog(db, { now: fixedClock(T0) });
  for (let index = 1; index <= entries; index++) audit.append({ actor: 'supervisor:王工', action: 'settings.changed', details: { index } });
  db.close();
}

describe("two chains: the station's and Training's", () => {
  const trainingDir = () => join(dir, TRAINING_FOLDER);

  it.each([
    ['training', 'Training ledger', 'Training manifest', () => trainingDir()],
    ['live', 'Station and Live ledger', 'manifest', () => dir],
  ] as const)('a %s manifest is checked against its own chain: intact, then flagged once cut short', async (mode, chain, file, folder) => {
    const live = openLedger(dir);
    const training = openTrainingLedger(dir);
    const manifestPath = await ledgerWithExport(mode === 'training' ? training : live, mode);
    appendStationEntries(mode === 'training' ? live : training);
    (mode === 'training' ? training : live).close();
    expect((JSON.parse(readFileSync(manifestPath, 'utf8')) as PrintRunManifest).mode).toBe(mode === 'training' ? 'training' : undefined);

    const intact = await run(['audit', 'verify', '--against', manifestPath]);
    expect(intact.stdout).toContain(`Station and Live ledger: ${mode === 'training' ? 3 : 7} entries, intact`);
    expect(intact.stdout).toContain(`Training ledger: ${mode === 'training' ? 7 : 3} entries, intact`);
    expect(intact.stdout).toContain(`${chain}: the chain still holds entry #7 recorded in the ${file} of `);
    expect(intact.code).toBe(0);

    tamper(folder(), 'DELETE FROM audit_log WHERE seq > 4');
    rechain(1, folder());
    expect((await run(['audit', 'verify'])).code).toBe(0);
    const cut = await run(['audit', 'verify', '--against', manifestPath]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(new RegExp(`${chain}: entry #7 recorded in the ${file} of .* is missing: the ledger now ends at entry #4`));
    const zh = await run(['audit', 'verify', '--against', manifestPath], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toContain(mode === 'training' ? '培训账本：' : '工作站与正式账本：');
    expect(zh.stdout).toMatch(mode === 'training' ? /的培训导出清单记录的第 7 条记录已不存在/ : /的导出清单记录的第 7 条记录已不存在/);
    const json = JSON.parse((await run(['audit', 'verify', '--against', manifestPath, '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: true,
      chains: [
        { chain: 'station', file: 'ledger.sqlite', ok: true },
        { chain: 'training', file: 'training/ledger.sqlite', ok: true },
      ],
      against: { mode, chain: mode === 'training' ? 'training' : 'station', check: { ok: false, reason: 'missing', head_seq: 4 } },
    });
  });

  it('names a broken Training chain, in both languages, and exits 1', async () => {
    appendStationEntries(openLedger(dir));
    appendStationEntries(openTrainingLedger(dir), 6);
    tamper(trainingDir(), `UPDATE audit_log SET details_json = '{"index":99}' WHERE seq = 5`);
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Station and Live ledger: 3 entries, intact');
    expect(result.stdout).toContain('Training ledger: BROKEN at entry #5 (settings.changed, ');
    expect(result.stdout).toContain('  5 entries checked; the entries before #5 are intact.');
    expect(result.stdout).toContain('Keep a copy of this data directory as evidence');
    const zh = await run(['audit', 'verify'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('培训账本：已损坏，第 #5 条记录（settings.changed');
    const json = JSON.parse((await run(['audit', 'verify', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: false,
      chains: [
        { chain: 'station', ok: true },
        { chain: 'training', ok: false, first_broken_seq: 5 },
      ],
    });
  });

  it('a Training shift report names its mode and is checked against the Training chain', async () => {
    appendStationEntries(openLedger(dir));
    const training = openTrainingLedger(dir);
    await ledgerWithExport(training, 'training');
    const audit = createAuditLog(training);
    const log = createLogService({ db: training, audit, now: () => new Date(T0 + 120_000), timeZone: 'Asia/Shanghai', mode: 'training' });
    const period = { from: new Date(T0 - 3_600_000).toISOString(), to: new Date(T0 + 3_600_000).toISOString() };
    const csv = log.shiftReport({ ...period, locale: 'zh-CN' }).csv;
    expect(csv).toContain('\r\n模式,培训\r\n');
    expect(log.shiftReport({ ...period, locale: 'en' }).csv).toContain('\r\nMode,Training\r\n');
    training.close();
    const reportPath = join(dir, 'shift-report.csv');
    writeFileSync(reportPath, csv);
    const result = await run(['audit', 'verify', '--against', reportPath]);
    expect(result.stdout).toContain(
      'Training ledger: the chain still holds entry #7 recorded in the Training shift report of 2026-12-03 14:04:00',
    );
    expect(result.code).toBe(0);
  });

  it('refuses a Training file when the data directory has no Training ledger', async () => {
    appendStationEntries(openLedger(dir));
    const manifest = join(dir, 'TRAINING-x.csv.manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({ mode: 'training', exported_at: new Date(T0).toISOString(), audit_head: { seq: 2, hash: H('a') } }),
    );
    const result = await run(['audit', 'verify', '--against', manifest]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TRAINING-x.csv.manifest.json comes from Training, but this data directory has no Training ledger');
  });
});

describe('compareWithAnchor', () => {
  it.each([
    ['the same entry and hash', { seq: 5, hash: H('a') }, { hash: H('a') }, 9, { ok: true, seq: 5, head_seq: 9 }],
    ['the head itself', { seq: 9, hash: H('a') }, { hash: H('a') }, 9, { ok: true, seq: 9, head_seq: 9 }],
    ['cut short', { seq: 9, hash: H('a') }, undefined, 6, { ok: false, reason: 'missing', seq: 9, head_seq: 6, removed_at_least: 3 }],
    ['emptied', { seq: 2, hash: H('a') }, undefined, 0, { ok: false, reason: 'missing', seq: 2, head_seq: 0, removed_at_least: 2 }],
    [
      'rewritten',
      { seq: 5, hash: H('a') },
      { hash: H('b') },
      12,
      { ok: false, reason: 'different', seq: 5, head_seq: 12, anchored_hash: H('a'), ledger_hash: H('b') },
    ],
  ] as const)('%s', (_label, anchor, entry, headSeq, expected) => {
    expect(compareWithAnchor(anchor, entry, headSeq)).toEqual(expected);
  });

  it('reads anchors from manifests and reports, and nothing from other text', () => {
    const manifest = JSON.stringify({ exported_at: '2026-12-03T06:02:00.000Z', audit_head: { seq: 1234, hash: H('c') } });
    expect(parseRecordedAnchor(manifest, 'Asia/Shanghai')).toEqual({
      anchor: { seq: 1234, hash: H('c') },
      source: 'manifest',
      mode: 'live',
      writtenAt: '2026-12-03 14:02:00',
    });
    const training = JSON.stringify({ mode: 'training', exported_at: '2026-12-03T06:02:00.000Z', audit_head: { seq: 12, hash: H('d') } });
    expect(parseRecordedAnchor(training, 'UTC')).toMatchObject({ anchor: { seq: 12, hash: H('d') }, mode: 'training' });
    // A report written before reports had a Mode row is taken as the station chain's.
    const report = `\uFEFFShift report\r\nStation,All stations\r\nGenerated,2026-12-03 14:02:00\r\nAudit log head,1234,${H('c')}\r\n\r\nTotals\r\n`;
    expect(parseRecordedAnchor(report, 'UTC')).toEqual({
      anchor: { seq: 1234, hash: H('c') },
      source: 'shift_report',
      mode: 'live',
      writtenAt: '2026-12-03 14:02:00',
    });
    const zhTraining = `\uFEFF班次报告\r\n生成时间,2026-12-03 14:02:00\r\n审计日志最新记录,9,${H('e')}\r\n模式,培训\r\n\r\n`;
    expect(parseRecordedAnchor(zhTraining, 'UTC')).toMatchObject({ anchor: { seq: 9, hash: H('e') }, mode: 'training' });
    expect(parseRecordedAnchor(report.replace('\r\n\r\n', '\r\nMode,Training\r\n\r\n'), 'UTC')).toMatchObject({ mode: 'training' });
    expect(parseRecordedAnchor(report.replace('\r\n\r\n', '\r\nMode,Live\r\n\r\n'), 'UTC')).toMatchObject({ mode: 'live' });
    expect(parseRecordedAnchor('审计日志最新记录,无\r\n', 'UTC')).toBeUndefined();
    expect(parseRecordedAnchor(JSON.stringify({ audit_head: { seq: 0, hash: H('c') } }), 'UTC')).toBeUndefined();
    expect(parseRecordedAnchor(JSON.stringify({ audit_head: { seq: 3, hash: 'ABC' } }), 'UTC')).toBeUndefined();
    expect(parseRecordedAnchor('index,code\r\n0,700000000\r\n', 'UTC')).toBeUndefined();
  });
});
