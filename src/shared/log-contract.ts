/** Schemas of the Log screen's channels (part of the one contract in contract.ts). */
import { z } from 'zod';
import { errorPayloadSchema } from './batches-contract';
import { LOCALES } from './errors';
import { remoteStateSchema, scanSourceSchema, verdictSchema, VERDICTS } from './verification-contract';

/** One page of scans or audit entries holds at most this many. */
export const LOG_PAGE_MAX = 500;
export const LOG_PAGE_DEFAULT = 100;
/** A shift report covers at most this many days (it travels over IPC as one string). */
export const SHIFT_REPORT_MAX_DAYS = 31;

/** An instant with its offset (`2025-03-01T08:00:00.000Z`, `2025-03-01T16:00:00+08:00`); main compares in UTC. */
const instantSchema = z.iso.datetime({ offset: true });
const pageLimitSchema = z.number().int().min(1).max(LOG_PAGE_MAX);
const idSchema = z.number().int().nonnegative();

/** Scans, newest first. Every filter is optional; `verdicts` absent or empty means every verdict. */
export const logScansRequestSchema = z
  .object({
    /** Scanned at or after this instant. */
    from: instantSchema.optional(),
    /** Scanned before this instant. */
    to: instantSchema.optional(),
    verdicts: z.array(verdictSchema).max(VERDICTS.length).optional(),
    station: z.string().trim().min(1).max(128).optional(),
    application_id: idSchema.optional(),
    session_id: idSchema.optional(),
    /** Default LOG_PAGE_DEFAULT. */
    limit: pageLimitSchema.optional(),
    /** The previous page's `next_before_id`: only scans older than that one. */
    before_id: idSchema.optional(),
  })
  .strict();
export type LogScansRequest = z.input<typeof logScansRequestSchema>;

/** One scan as the Log lists it, with its session's line and product. */
export const logScanSchema = z
  .object({
    id: z.number(),
    scanned_at: z.string(),
    station: z.string(),
    session_id: z.number().nullable(),
    line: z.string().nullable(),
    product_code: z.string().nullable(),
    product_title: z.string().nullable(),
    source: scanSourceSchema,
    input: z.string(),
    normalized: z.string(),
    kind: z.enum(['code', 'code_url', 'invalid']),
    application_id: z.number().nullable(),
    code_index: z.number().nullable(),
    local_verdict: verdictSchema,
    verdict: verdictSchema,
    remote: remoteStateSchema,
    /** Why it is not a PASS, in both languages; null for PASS (or when the engine left none). */
    reason: errorPayloadSchema.nullable(),
    acknowledged_by: z.string().nullable(),
    acknowledged_at: z.string().nullable(),
    confirmed_at: z.string().nullable(),
  })
  .strict();
export type LogScan = z.infer<typeof logScanSchema>;

export const logScansPageSchema = z
  .object({
    scans: z.array(logScanSchema),
    /** Pass as `before_id` for the next page; null when this was the last one. */
    next_before_id: z.number().nullable(),
  })
  .strict();
export type LogScansPage = z.infer<typeof logScansPageSchema>;

/** Audit entries, newest first. */
export const logAuditRequestSchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    /** Exactly this actor, e.g. `system` or `supervisor:王工`. */
    actor: z.string().trim().min(1).max(512).optional(),
    /** `activation` matches `activation.sent` and `activation.recorded`; a full name matches itself (and names below it). */
    action_prefix: z
      .string()
      .trim()
      .max(128)
      .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.?$/)
      .optional(),
    /** Exactly this subject, e.g. `product:6901234567892`. */
    subject: z.string().trim().min(1).max(512).optional(),
    /** Shorthand for subject `application:<id>`; refused together with `subject`. */
    application_id: idSchema.optional(),
    limit: pageLimitSchema.optional(),
    /** The previous page's `next_before_seq`. */
    before_seq: idSchema.optional(),
  })
  .strict()
  .refine((request) => request.subject === undefined || request.application_id === undefined, {
    message: 'subject or application_id, not both',
    path: ['application_id'],
  });
export type LogAuditRequest = z.input<typeof logAuditRequestSchema>;

const jsonValueSchema = z.json();
export const logAuditEntrySchema = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string().nullable(),
    details: z.record(z.string(), jsonValueSchema),
  })
  .strict();
export type LogAuditEntry = z.infer<typeof logAuditEntrySchema>;

export const logAuditPageSchema = z
  .object({
    entries: z.array(logAuditEntrySchema),
    /**
     * Pass as `before_seq` for the next page; null when the log has nothing older.
     * A page may hold fewer than `limit` entries and still have a next one: an action
     * prefix is matched while reading, and one request reads a bounded stretch of the log.
     */
    next_before_seq: z.number().nullable(),
  })
  .strict();
export type LogAuditPage = z.infer<typeof logAuditPageSchema>;

/**
 * The audit chain's head as the Log screen shows it ("Audit log: 1,234 entries, last 3f9a…c2");
 * null for an empty log. The same seq and hash go into every export manifest and shift report.
 */
export const logAuditHeadSchema = z
  .object({
    entries: z.number(),
    seq: z.number(),
    hash: z.string(),
  })
  .strict()
  .nullable();
export type LogAuditHead = z.infer<typeof logAuditHeadSchema>;

/** `3f9a…c2`: enough of a hash for a person to compare by eye (the Log screen, the CLI). */
export function shortAuditHash(hash: string): string {
  return hash.length <= 8 ? hash : `${hash.slice(0, 4)}…${hash.slice(-2)}`;
}

/** The scans of one period (and optionally one station) as a CSV for Excel. */
export const shiftReportRequestSchema = z
  .object({
    from: instantSchema,
    to: instantSchema,
    station: z.string().trim().min(1).max(128).optional(),
    /** Labels and the translated verdict column in this language; verdict codes stay as they are. */
    locale: z.enum(LOCALES),
    /** IANA zone for the report's local times, e.g. `Asia/Shanghai`; main's own zone when absent. */
    time_zone: z
      .string()
      .min(1)
      .max(64)
      .refine((zone) => isTimeZone(zone), 'unknown time zone')
      .optional(),
  })
  .strict();
export type ShiftReportRequest = z.input<typeof shiftReportRequestSchema>;

export const shiftReportSchema = z
  .object({
    filename: z.string(),
    /** UTF-8 text starting with a byte-order mark, CRLF line ends. */
    csv: z.string(),
    /** How many scan rows it holds. */
    scans: z.number(),
  })
  .strict();
export type ShiftReport = z.infer<typeof shiftReportSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
