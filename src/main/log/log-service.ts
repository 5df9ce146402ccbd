/**
 * The Log: scans and audit entries for the Log screen, and the shift report.
 * Read-only: nothing here writes to the ledger, so none of it asks for a
 * supervisor (see docs/log.md). The queries are built in log-pages.ts.
 */
import type { z } from 'zod';
import type { AppMode } from '../../shared/contract';
import { logErrors } from '../../shared/error-catalogue/log';
import type { LogAuditHead, LogAuditPage, LogScansPage, ShiftReport, shiftReportRequestSchema } from '../../shared/log-contract';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import {
  auditPageFilter,
  pageLimit,
  scanPageQuery,
  toLogAuditEntry,
  toLogScan,
  type AuditFilter,
  type ScanCursor,
  type ScanFilter,
  type ScanPageRow,
} from './log-pages';
import { createShiftReportWriter } from './shift-report';

export type ShiftReportOptions = z.output<typeof shiftReportRequestSchema>;

export interface LogService {
  /** Scans newest first (by scanned_at, then id), one page at a time. */
  scans(filter?: ScanFilter): LogScansPage;
  /** Audit entries newest first, one page at a time. */
  auditEntries(filter?: AuditFilter): LogAuditPage;
  /** The audit chain's head and how many entries the log holds; null for an empty log. */
  auditHead(): LogAuditHead;
  /** The whole report as one string (for the contract). */
  shiftReport(options: ShiftReportOptions): ShiftReport;
  /** The report line by line (each with its CRLF, the first with the BOM), read from the ledger as it goes. */
  shiftReportLines(options: ShiftReportOptions): Iterable<string>;
}

export interface LogServiceOptions {
  db: SqliteDatabase;
  audit: Pick<AuditLog, 'list' | 'head' | 'count'>;
  /** The clock for "generated at"; tests pass a fixed one. */
  now?: () => Date;
  /** The zone for report times when the request names none; the system's by default. */
  timeZone?: string;
  /** Whose ledger `db` is (the shift report names it); Live unless told. */
  mode?: AppMode;
}

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
    auditHead: () => audit.head(),
    mode: options.mode ?? 'live',
  });

  return {
    scans(filter = {}) {
      const limit = pageLimit(filter.limit);
      let cursor: ScanCursor | undefined;
      if (filter.before_id !== undefined) {
        const at = cursorOf.get(filter.before_id) as string | undefined;
        if (at === undefined) throw logErrors.LOG_CURSOR_UNKNOWN({ before_id: filter.before_id });
        cursor = { id: filter.before_id, scanned_at: at };
      }
      const { sql, params } = scanPageQuery(filter, cursor, limit);
      const rows = prepared(sql).all(params) as ScanPageRow[];
      const page = rows.slice(0, limit).map(toLogScan);
      return { scans: page, next_before_id: rows.length > limit ? page[page.length - 1]!.id : null };
    },

    auditEntries(filter = {}) {
      const limit = pageLimit(filter.limit);
      const entries = audit.list(auditPageFilter(filter, limit));
      const page = entries.slice(0, limit).map(toLogAuditEntry);
      return { entries: page, next_before_seq: entries.length > limit ? page[page.length - 1]!.seq : null };
    },

    auditHead() {
      const head = audit.head();
      return head ? { entries: audit.count(), seq: head.seq, hash: head.hash } : null;
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
