/**
 * The Log: scans and audit entries for the Log screen, and the shift report.
 * Read-only: nothing here writes to the ledger, so none of it asks for a
 * supervisor (see docs/log.md).
 */
import type { z } from 'zod';
import { errorPayloadSchema } from '../../shared/batches-contract';
import {
  LOG_PAGE_DEFAULT,
  LOG_PAGE_MAX,
  type LogAuditEntry,
  type LogAuditPage,
  type logAuditRequestSchema,
  type LogScan,
  type LogScansPage,
  type logScansRequestSchema,
  type ShiftReport,
  type shiftReportRequestSchema,
} from '../../shared/log-contract';
import type { Verdict } from '../../shared/verification-contract';
import type { AuditListFilter, AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { cursorUnknownError } from './log-errors';
import { createShiftReportWriter } from './shift-report';

export type ScanFilter = z.output<typeof logScansRequestSchema>;
export type AuditFilter = z.output<typeof logAuditRequestSchema>;
export type ShiftReportOptions = z.output<typeof shiftReportRequestSchema>;

export interface LogService {
  /** Scans newest first (by scanned_at, then id), one page at a time. */
  scans(filter?: ScanFilter): LogScansPage;
  /** Audit entries newest first, one page at a time. */
  auditEntries(filter?: AuditFilter): LogAuditPage;
  /** The whole report as one string (for the contract). */
  shiftReport(options: ShiftReportOptions): ShiftReport;
  /** The report line by line (each with its CRLF, the first with the BOM), read from the ledger as it goes. */
  shiftReportLines(options: ShiftReportOptions): Iterable<string>;
}

export interface LogServiceOptions {
  db: SqliteDatabase;
  audit: Pick<AuditLog, 'list'>;
  /** The clock for "generated at"; tests pass a fixed one. */
  now?: () => Date;
  /** The zone for report times when the request names none; the system's by default. */
  timeZone?: string;
}

interface ScanRow {
  id: number;
  scanned_at: string;
  station: string;
  session_id: number | null;
  line: string | null;
  product_code: string | null;
  product_title: string | null;
  source: LogScan['source'];
  input: string;
  normalized: string;
  kind: LogScan['kind'];
  application_id: number | null;
  code_index: number | null;
  local_verdict: Verdict;
  verdict: Verdict;
  remote: LogScan['remote'];
  reason_json: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  confirmed_at: string | null;
}

const SCAN_COLUMNS = `page.id, page.scanned_at, page.station, page.session_id, ss.line, ss.product_code, p.product_title, page.source,
  page.input, page.normalized, page.kind, page.application_id, page.code_index, page.local_verdict, page.verdict, page.remote,
  page.reason_json, page.acknowledged_by, page.acknowledged_at, page.confirmed_at`;

export function createLogService(options: LogServiceOptions): LogService {
  const { db, audit } = options;
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const cursorOf = db.prepare('SELECT scanned_at FROM scans WHERE id = ?').pluck();
  const report = createShiftReportWriter({
    db,
    now: options.now ?? (() => new Date()),
    timeZone: options.timeZone,
  });

  return {
    scans(filter = {}) {
      const limit = pageLimit(filter.limit);
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      if (filter.from !== undefined) {
        where.push('scans.scanned_at >= @from');
        params.from = utcInstant(filter.from);
      }
      if (filter.to !== undefined) {
        where.push('scans.scanned_at < @to');
        params.to = utcInstant(filter.to);
      }
      const verdicts = [...new Set(filter.verdicts ?? [])];
      if (verdicts.length > 0) {
        // IN over (verdict, scanned_at): SQLite reads each verdict's range newest first and stops at the limit.
        where.push(`scans.verdict IN (${verdicts.map((_, index) => `@v${index}`).join(', ')})`);
        verdicts.forEach((verdict, index) => (params[`v${index}`] = verdict));
      }
      if (filter.station !== undefined) {
        where.push('scans.station = @station');
        params.station = filter.station;
      }
      if (filter.application_id !== undefined) {
        where.push('scans.application_id = @application_id');
        params.application_id = filter.application_id;
      }
      if (filter.session_id !== undefined) {
        where.push('scans.session_id = @session_id');
        params.session_id = filter.session_id;
      }
      if (filter.before_id !== undefined) {
        const at = cursorOf.get(filter.before_id) as string | undefined;
        if (at === undefined) throw cursorUnknownError(filter.before_id);
        // A row value against the index's (scanned_at, rowid): a seek, not a filter.
        where.push('(scans.scanned_at, scans.id) < (@cursor_at, @cursor_id)');
        params.cursor_at = at;
        params.cursor_id = filter.before_id;
      }
      // The page is chosen from scans alone, then joined: a join around the ORDER BY … LIMIT would stop
      // SQLite from ending each verdict's index range early and make it sort every match instead.
      const sql =
        `SELECT ${SCAN_COLUMNS} FROM (SELECT * FROM scans` +
        (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY scans.scanned_at DESC, scans.id DESC LIMIT ${limit + 1}) AS page` +
        ' LEFT JOIN scan_sessions ss ON ss.id = page.session_id LEFT JOIN products p ON p.product_code = ss.product_code' +
        ' ORDER BY page.scanned_at DESC, page.id DESC';
      const rows = prepared(sql).all(params) as ScanRow[];
      const page = rows.slice(0, limit).map(toLogScan);
      return { scans: page, next_before_id: rows.length > limit ? page[page.length - 1]!.id : null };
    },

    auditEntries(filter = {}) {
      const limit = pageLimit(filter.limit);
      const base: AuditListFilter = { order: 'desc' };
      if (filter.actor !== undefined) base.actor = filter.actor;
      if (filter.subject !== undefined) base.subject = filter.subject;
      if (filter.application_id !== undefined) base.subject = `application:${filter.application_id}`;
      if (filter.from !== undefined) base.since = utcInstant(filter.from);
      if (filter.to !== undefined) base.until = utcInstant(filter.to);
      if (filter.action_prefix !== undefined) base.action_prefix = filter.action_prefix;
      const entries = audit.list({ ...base, ...beforeSeq(filter.before_seq), limit: limit + 1 });
      const page = entries.slice(0, limit).map(toLogAuditEntry);
      return { entries: page, next_before_seq: entries.length > limit ? page[page.length - 1]!.seq : null };
    },

    shiftReport(request) {
      // One read transaction: the header and the rows come from the same snapshot of the ledger.
      return db
        .transaction(() => {
          const prepared = report.prepare(request);
          let csv = '';
          for (const line of prepared.lines()) csv += line;
          return { filename: prepared.filename, csv, scans: prepared.scanCount };
        })
        .immediate();
    },

    shiftReportLines(request) {
      return report.prepare(request).lines();
    },
  };
}

function pageLimit(requested: number | undefined): number {
  return Math.min(Math.max(Math.trunc(requested ?? LOG_PAGE_DEFAULT), 1), LOG_PAGE_MAX);
}

function beforeSeq(seq: number | undefined): Pick<AuditListFilter, 'before_seq'> {
  return seq === undefined ? {} : { before_seq: seq };
}

/** The ledger keeps times as `toISOString()` text, so filters are compared in that exact shape. */
export function utcInstant(iso: string): string {
  return new Date(iso).toISOString();
}

function toLogScan(row: ScanRow): LogScan {
  const { reason_json, ...rest } = row;
  return { ...rest, reason: parseReason(reason_json) };
}

function parseReason(json: string | null): LogScan['reason'] {
  if (json === null) return null;
  try {
    const parsed = errorPayloadSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toLogAuditEntry(entry: { seq: number; at: string; actor: string; action: string; subject: string | null; details: object }) {
  return {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details as LogAuditEntry['details'],
  };
}
