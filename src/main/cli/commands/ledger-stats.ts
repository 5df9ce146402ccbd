import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliErrors } from '../../../shared/error-catalogue/cli';
import type { Locale } from '../../../shared/errors';
import { LEDGER_FILE, type SqliteDatabase } from '../../ledger';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

export interface ApplicationStats {
  application_id: number | null;
  isv_application_id: string;
  code_count: number;
  /** The application's `state`. */
  status: string;
  segments_imported: number;
  segments_total: number;
  /** Codes in the ledger for this application. */
  codes: number;
}

export interface LedgerStats {
  /** Every code in the ledger. */
  codes: number;
  applications: ApplicationStats[];
}

/**
 * Counts per application in two grouped queries (one pass over `codes`),
 * oldest application first. `codes` is the sum over every application_id in
 * `codes`, so rows of an application missing from `applications` still count.
 */
export function ledgerStats(db: SqliteDatabase): LedgerStats {
  const codeGroups = db.prepare('SELECT application_id, COUNT(*) AS n FROM codes GROUP BY application_id').all() as {
    application_id: number;
    n: number;
  }[];
  const codesByApplication = new Map<number, number>();
  let total = 0;
  for (const group of codeGroups) {
    codesByApplication.set(group.application_id, group.n);
    total += group.n;
  }
  const rows = db
    .prepare(
      `SELECT a.application_id, a.isv_application_id, a.code_count, a.state AS status,
              COALESCE(s.imported, 0) AS segments_imported, COALESCE(s.total, 0) AS segments_total
       FROM applications a
       LEFT JOIN (SELECT application_id, COUNT(*) AS total, SUM(state = 'imported') AS imported FROM segments GROUP BY application_id) s
         ON s.application_id = a.application_id
       ORDER BY a.created_at, a.isv_application_id`,
    )
    .all() as Omit<ApplicationStats, 'codes'>[];
  return {
    codes: total,
    applications: rows.map((row) => ({
      application_id: row.application_id,
      isv_application_id: row.isv_application_id,
      code_count: row.code_count,
      status: row.status,
      segments_imported: row.segments_imported,
      segments_total: row.segments_total,
      codes: row.application_id === null ? 0 : (codesByApplication.get(row.application_id) ?? 0),
    })),
  };
}

/** `marketcode ledger stats [--json]`: applications with their segments and codes, and the ledger's total. */
export const ledgerStatsCommand: CliCommand = {
  path: ['ledger', 'stats'],
  usage: 'marketcode ledger stats [--json]',
  summary: { 'zh-CN': '账本统计：各申请的码段与码数量', en: 'Ledger statistics: segments and codes per application' },
  options: { json: { type: 'boolean' } },
  async run(context, values) {
    assertLedgerExists(context.dataDir);
    // The ledger of the mode this run is in (docs/modes.md): Training's own file in Training.
    return withApp(context, async (app) => {
      const stats = ledgerStats(app.ledger);
      context.io.stdout(values.json ? JSON.stringify(stats, null, 2) + '\n' : describe(stats, context.locale));
      return 0;
    });
  },
};

const STATUS_ZH: Record<string, string> = {
  applying: '申请中',
  waiting: '等待生成',
  downloading: '下载中',
  imported: '已导入',
  failed: '失败',
};

function describe(stats: LedgerStats, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const number = (value: number) => value.toLocaleString('en-US');
  if (stats.applications.length === 0) {
    return (
      (zh ? `还没有申请；账本中共有 ${number(stats.codes)} 个码。` : `No applications yet; ${number(stats.codes)} codes in the ledger.`) +
      '\n'
    );
  }
  const header = zh
    ? ['申请单号', 'ISV 申请单号', '申请数量', '状态', '码段（已导入/总数）', '已入账码数']
    : ['application_id', 'isv_application_id', 'code_count', 'status', 'segments (imported/total)', 'codes'];
  const rows = stats.applications.map((row) => [
    row.application_id === null ? '—' : String(row.application_id),
    row.isv_application_id,
    number(row.code_count),
    zh ? (STATUS_ZH[row.status] ?? row.status) : row.status,
    `${row.segments_imported}/${row.segments_total}`,
    number(row.codes),
  ]);
  const numeric = [true, false, true, false, true, true];
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column]!))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const padding = ' '.repeat(widths[column]! - displayWidth(cell));
        return numeric[column] ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  lines.push('', zh ? `账本中共有 ${number(stats.codes)} 个码。` : `${number(stats.codes)} codes in the ledger.`);
  return lines.join('\n') + '\n';
}

/** Terminal columns: East Asian wide and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Refuses a data directory without a ledger rather than creating an empty one there. */
export function assertLedgerExists(dataDir: string): void {
  if (existsSync(join(dataDir, LEDGER_FILE))) return;
  throw cliErrors.LEDGER_NOT_FOUND({ dataDir, file: LEDGER_FILE });
}
