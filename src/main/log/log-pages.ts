/**
 * The Log's pages as pure functions: the SQL and parameters of a scans page,
 * the audit-log filter of an audit page, and how rows become the contract's
 * shapes. The service runs them against the ledger.
 */
import type { z } from 'zod';
import { errorPayloadSchema } from '../../shared/batches-contract';
import {
  LOG_PAGE_DEFAULT,
  LOG_PAGE_MAX,
  type LogAuditEntry,
  type logAuditRequestSchema,
  type LogScan,
  type logScansRequestSchema,
} from '../../shared/log-contract';
import type { AuditEntry, AuditListFilter } from '../audit';

export type ScanFilter = z.output<typeof logScansRequestSchema>;
export type AuditFilter = z.output<typeof logAuditRequestSchema>;

/** A scan joined with its session's line and product, as the page query reads it. */
export type ScanPageRow = Omit<LogScan, 'reason'> & { reason_json: string | null };

const SCAN_COLUMNS = `page.id, page.scanned_at, page.station, page.session_id, ss.line, ss.product_code, p.product_title, page.source,
  page.input, page.normalized, page.kind, page.application_id, page.code_index, page.local_verdict, page.verdict, page.remote,
  page.reason_json, page.acknowledged_by, page.acknowledged_at, page.confirmed_at`;

export function pageLimit(requested: number | undefined): number {
  return Math.min(Math.max(Math.trunc(requested ?? LOG_PAGE_DEFAULT), 1), LOG_PAGE_MAX);
}

/** The ledger keeps times as `toISOString()` text, so filters are compared in that exact shape. */
export function utcInstant(iso: string): string {
  return new Date(iso).toISOString();
}

/** Where the page continues from: the `before_id` scan and its time. */
export interface ScanCursor {
  id: number;
  scanned_at: string;
}

/**
 * One page of scans (one row more than `limit`, to know whether another page
 * follows), newest first. `cursor` is the `before_id` scan, looked up by the caller.
 */
export function scanPageQuery(
  filter: ScanFilter,
  cursor: ScanCursor | undefined,
  limit: number,
): { sql: string; params: Record<string, string | number> } {
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
  for (const key of ['station', 'application_id', 'session_id'] as const) {
    const value = filter[key];
    if (value !== undefined) {
      where.push(`scans.${key} = @${key}`);
      params[key] = value;
    }
  }
  if (cursor) {
    // A row value against the index's (scanned_at, rowid): a seek, not a filter.
    where.push('(scans.scanned_at, scans.id) < (@cursor_at, @cursor_id)');
    params.cursor_at = cursor.scanned_at;
    params.cursor_id = cursor.id;
  }
  // The page is chosen from scans alone, then joined: a join around the ORDER BY … LIMIT would stop
  // SQLite from ending each verdict's index range early and make it sort every match instead.
  const sql =
    `SELECT ${SCAN_COLUMNS} FROM (SELECT * FROM scans` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY scans.scanned_at DESC, scans.id DESC LIMIT ${limit + 1}) AS page` +
    ' LEFT JOIN scan_sessions ss ON ss.id = page.session_id LEFT JOIN products p ON p.product_code = ss.product_code' +
    ' ORDER BY page.scanned_at DESC, page.id DESC';
  return { sql, params };
}

/** The audit-log filter of one audit page (one entry more than `limit`, to know whether another page follows). */
export function auditPageFilter(filter: AuditFilter, limit: number): AuditListFilter {
  const base: AuditListFilter = { order: 'desc' };
  if (filter.actor !== undefined) base.actor = filter.actor;
  if (filter.subject !== undefined) base.subject = filter.subject;
  if (filter.application_id !== undefined) base.subject = `application:${filter.application_id}`;
  if (filter.from !== undefined) base.since = utcInstant(filter.from);
  if (filter.to !== undefined) base.until = utcInstant(filter.to);
  if (filter.action_prefix !== undefined) base.action_prefix = filter.action_prefix;
  return { ...base, ...(filter.before_seq === undefined ? {} : { before_seq: filter.before_seq }), limit: limit + 1 };
}

export function toLogScan(row: ScanPageRow): LogScan {
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

export function toLogAuditEntry(entry: Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details'>): LogAuditEntry {
  return {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details as LogAuditEntry['details'],
  };
}
