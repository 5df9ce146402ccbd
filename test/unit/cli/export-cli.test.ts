import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import type { CliCommand, CliContext } from '@main/cli';
import { exportCommand } from '@main/cli/commands/export';
import { ledgerStatsCommand } from '@main/cli/commands/ledger-stats';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import type { Locale } from '@shared/errors';

const APP = 581865877;

let dir: string;
let out: string;

function seed(db: SqliteDatabase): void {
  const application = db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'test', ?, ?)`,
  );
  const segment = db.prepare('INSERT INTO segments (application_id, code_start, code_end, state) VALUES (?, ?, ?, ?)');
  const code = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    application.run('isv-a', APP, 20_000, 'downloading', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
    segment.run(APP, 0, 9, 'imported');
    segment.run(APP, 10, 19, 'imported');
    segment.run(APP, 20, 29, 'failed');
    for (let index = 0; index < 20; index++) {
      code.run(APP, index, `1${String(index).padStart(8, '0')}`, `P.URL.CN/0U.A${String(index).padStart(15, '0')}`);
    }
    application.run('isv-b', 581865999, 10_000, 'imported', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z');
    segment.run(581865999, 0, 4, 'imported');
    for (let index = 0; index < 5; index++) code.run(581865999, index, null, `P.URL.CN/0U.B${String(index).padStart(15, '0')}`);
    application.run('isv-c', null, 10_000, 'applying', '2025-01-03T00:00:00.000Z', '2025-01-03T00:00:00.000Z');
  })();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-export-cli-'));
  out = mkdtempSync(join(tmpdir(), 'mc-export-cli-out-'));
  const db = openLedger(dir);
  seed(db);
  db.close();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const LIVE_ENV = {
  MARKETCODE_APPID: 'wx5555666677778888',
  MARKETCODE_SECRET: 'export-test-secret',
  MARKETCODE_SERVICE_KEY: 'ExportServiceKey',
};

/** Parses argv with the command's own options (as run-cli will) and runs it. */
async function run(command: CliCommand, argv: string[], locale: Locale = 'en', dataDir = dir) {
  let stdout = '';
  let stderr = '';
  const parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  // The seeded ledger is the Live one: these runs are in Live (credentials from the environment), whose exports are unmarked.
  const context: CliContext = {
    io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: LIVE_ENV },
    locale,
    dataDir,
  };
  const code = await command.run(context, parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  return { code, stdout, stderr };
}

function auditEntries() {
  const db = openLedger(dir);
  try {
    const audit = createAuditLog(db);
    return { entries: audit.list(), verify: audit.verify(), runs: db.prepare('SELECT * FROM print_runs').all() };
  } finally {
    db.close();
  }
}

describe('marketcode export', () => {
  it('is `export <application_id> …`', () => {
    expect(exportCommand.path).toEqual(['export']);
    expect(exportCommand.usage).toContain('marketcode export <application_id> --start A --end B --out FILE');
  });

  it('exports with the defaults: CSV, index,code,code_url, no header, CRLF', async () => {
    const file = join(out, 'codes.csv');
    const result = await run(exportCommand, [String(APP), '--start', '8', '--end', '11', '--out', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      '8,100000008,P.URL.CN/0U.A000000000000008\r\n' +
        '9,100000009,P.URL.CN/0U.A000000000000009\r\n' +
        '10,100000010,P.URL.CN/0U.A000000000000010\r\n' +
        '11,100000011,P.URL.CN/0U.A000000000000011\r\n',
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `^Exported 4 codes \\(8–11\\) of application ${APP} to .*codes\\.csv \\(csv, columns index,code,code_url, no header, crlf\\) — print run #1, SHA-256 [0-9a-f]{64}\\n$`,
      ),
    );
    expect(readdirSync(out).sort()).toEqual(['codes.csv', 'codes.csv.manifest.json']);
    const { entries, verify, runs } = auditEntries();
    expect(entries).toMatchObject([{ actor: 'cli', action: 'print_run.exported', subject: `application:${APP}` }]);
    expect(verify).toEqual({ ok: true, entries: 1 });
    expect(runs).toHaveLength(1);
  });

  it('--json prints the print run; takes format, columns, header and line ending', async () => {
    const file = join(out, 'codes.txt');
    const result = await run(exportCommand, [
      String(APP),
      '--start',
      '0',
      '--end',
      '1',
      '--format',
      'txt',
      '--columns',
      'code_url,index',
      '--header',
      '--line-ending',
      'lf',
      '--out',
      file,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      id: 1,
      application_id: APP,
      code_start: 0,
      code_end: 1,
      count: 2,
      format: 'txt',
      columns: ['code_url', 'index'],
      header: true,
      line_ending: 'lf',
      file_path: file,
      actor: 'cli',
    });
    expect(readFileSync(file, 'utf8')).toBe('code_url\tcode_index\nP.URL.CN/0U.A000000000000000\t0\nP.URL.CN/0U.A000000000000001\t1\n');
  });

  it('summarises in Chinese', async () => {
    const result = await run(exportCommand, [String(APP), '--start', '0', '--end', '0', '--out', join(out, 'zh.csv')], 'zh-CN');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`已导出申请 ${APP} 的 1 个码（0–0）`);
    expect(result.stdout).toContain('打印批次 #1');
  });

  it('exits 2 with a translated message and the usage on bad arguments, writing nothing', async () => {
    const file = join(out, 'x.csv');
    const cases: [string[], string, string][] = [
      [['--start', '0', '--end', '1', '--out', file], 'Missing the <application_id>.', '缺少申请单号'],
      [
        [String(APP), '--start', 'abc', '--end', '1', '--out', file],
        '--start must be a non-negative integer in plain digits, at most 9007199254740991, got "abc".',
        '--start 应为非负整数',
      ],
      [
        [String(APP), '--start=-1', '--end', '1', '--out', file],
        '--start must be a non-negative integer in plain digits, at most 9007199254740991, got "-1".',
        '--start 应为非负整数',
      ],
      [[String(APP), '--start', '0', '--out', file], 'Missing --end.', '缺少 --end'],
      [[String(APP), '--start', '0', '--end', '1'], 'Missing --out.', '缺少 --out'],
      [
        [String(APP), '--start', '0', '--end', '1e4', '--out', file],
        '--end must be a non-negative integer in plain digits, at most 9007199254740991, got "1e4".',
        '--end 应为非负整数（只用数字书写',
      ],
      [
        ['12345678901234567890', '--start', '0', '--end', '1', '--out', file],
        '<application_id> must be a non-negative integer in plain digits, at most 9007199254740991, got "12345678901234567890".',
        '<application_id> 应为非负整数',
      ],
      [
        ['x1', '--start', '0', '--end', '1', '--out', file],
        '<application_id> must be a non-negative integer in plain digits, at most 9007199254740991, got "x1".',
        '<application_id> 应为非负整数',
      ],
      [['0', '--start', '0', '--end', '1', '--out', file], '<application_id> must be a positive integer', '<application_id> 应为正整数'],
      [
        [String(APP), '--start', '0', '--end', '1', '--out', file, '--format', 'xlsx'],
        '--format must be csv or txt, got "xlsx".',
        '--format 应为 csv 或 txt',
      ],
      [
        [String(APP), '--start', '0', '--end', '1', '--out', file, '--line-ending', 'cr'],
        '--line-ending must be crlf or lf',
        '--line-ending 应为 crlf 或 lf',
      ],
      [[String(APP), '--start', '0', '--end', '1', '--out', file, '--columns', 'index,qr'], 'Unknown column "qr"', '未知的列：“qr”'],
      [
        [String(APP), '--start', '0', '--end', '1', '--out', file, '--columns', 'code,code'],
        'The column "code" is listed twice.',
        '列“code”重复了',
      ],
      [
        [String(APP), '--start', '0', '--end', '1', '--out', file, '--columns', 'index,,code'],
        '--columns must be column names',
        '--columns 应为逗号分隔的列名',
      ],
      [[String(APP), 'extra', '--start', '0', '--end', '1', '--out', file], 'Unexpected arguments: extra', '多余的参数：extra'],
    ];
    for (const [argv, en, zh] of cases) {
      const english = await run(exportCommand, argv);
      expect(english.code, argv.join(' ')).toBe(2);
      expect(english.stderr).toContain(en);
      expect(english.stderr).toContain('Usage: marketcode export <application_id>');
      const chinese = await run(exportCommand, argv, 'zh-CN');
      expect(chinese.code).toBe(2);
      expect(chinese.stderr).toContain(zh);
      expect(chinese.stderr).toContain('用法: marketcode export');
    }
    expect(readdirSync(out)).toEqual([]);
    expect(auditEntries().runs).toEqual([]);
  });

  it('passes refusals up as AppErrors (exit 1 through run-cli) and writes nothing', async () => {
    const file = join(out, 'x.csv');
    await expect(run(exportCommand, ['42', '--start', '0', '--end', '1', '--out', file])).rejects.toMatchObject({
      code: 'APPLICATION_NOT_FOUND',
    });
    await expect(run(exportCommand, [String(APP), '--start', '15', '--end', '25', '--out', file])).rejects.toMatchObject({
      code: 'EXPORT_RANGE_NOT_IMPORTED',
      details: { first_missing_index: 20 },
    });
    await expect(run(exportCommand, ['581865999', '--start', '0', '--end', '4', '--out', file])).rejects.toMatchObject({
      code: 'EXPORT_CODE_COLUMN_UNAVAILABLE',
    });
    await expect(
      run(exportCommand, [String(APP), '--start', '0', '--end', '1', '--out', join(out, 'nope', 'x.csv')]),
    ).rejects.toMatchObject({
      code: 'EXPORT_FOLDER_NOT_FOUND',
    });
    expect(readdirSync(out)).toEqual([]);
    const { entries, runs } = auditEntries();
    expect(entries).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('refuses a data directory without a ledger instead of creating one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mc-export-cli-empty-'));
    try {
      await expect(
        run(exportCommand, [String(APP), '--start', '0', '--end', '1', '--out', join(out, 'x.csv')], 'en', empty),
      ).rejects.toMatchObject({
        code: 'LEDGER_NOT_FOUND',
      });
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('marketcode ledger stats', () => {
  it('is `ledger stats [--json]`', () => {
    expect(ledgerStatsCommand.path).toEqual(['ledger', 'stats']);
    expect(ledgerStatsCommand.usage).toBe('marketcode ledger stats [--json]');
  });

  it('--json prints the total and one entry per application, oldest first', async () => {
    const result = await run(ledgerStatsCommand, ['--json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout) as { codes: number; applications: Record<string, unknown>[] };
    expect(stats).toEqual({
      codes: 25,
      applications: [
        {
          application_id: APP,
          isv_application_id: 'isv-a',
          code_count: 20_000,
          status: 'downloading',
          segments_imported: 2,
          segments_total: 3,
          codes: 20,
        },
        {
          application_id: 581865999,
          isv_application_id: 'isv-b',
          code_count: 10_000,
          status: 'imported',
          segments_imported: 1,
          segments_total: 1,
          codes: 5,
        },
        {
          application_id: null,
          isv_application_id: 'isv-c',
          code_count: 10_000,
          status: 'applying',
          segments_imported: 0,
          segments_total: 0,
          codes: 0,
        },
      ],
    });
    expect(Object.keys(stats)).toEqual(['codes', 'applications']);
    expect(Object.keys(stats.applications[0]!)).toEqual([
      'application_id',
      'isv_application_id',
      'code_count',
      'status',
      'segments_imported',
      'segments_total',
      'codes',
    ]);
  });

  it('prints a readable table in English and Chinese', async () => {
    const english = await run(ledgerStatsCommand, []);
    expect(english.code).toBe(0);
    const lines = english.stdout.split('\n');
    expect(lines[0]).toMatch(/^application_id\s+isv_application_id\s+code_count\s+status\s+segments \(imported\/total\)\s+codes$/);
    expect(lines[2]).toMatch(new RegExp(`^\\s*${APP}\\s+isv-a\\s+20,000\\s+downloading\\s+2/3\\s+20$`));
    expect(lines[4]).toMatch(/^\s*—\s+isv-c\s+10,000\s+applying\s+0\/0\s+0$/);
    expect(english.stdout).toContain('25 codes in the ledger.');
    const chinese = await run(ledgerStatsCommand, [], 'zh-CN');
    expect(chinese.stdout).toContain('申请单号');
    expect(chinese.stdout).toContain('下载中');
    expect(chinese.stdout).toContain('账本中共有 25 个码。');
  });

  it('refuses a data directory without a ledger', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mc-stats-empty-'));
    try {
      await expect(run(ledgerStatsCommand, ['--json'], 'en', empty)).rejects.toMatchObject({ code: 'LEDGER_NOT_FOUND' });
      expect(existsSync(join(empty, 'ledger.sqlite'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
