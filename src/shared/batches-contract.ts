/** Schemas of the Batches channels and events (part of the one contract in contract.ts). */
import { z } from 'zod';
import { checkCodeCount } from './validation/code-count';

export const applicationStateSchema = z.enum(['applying', 'waiting', 'downloading', 'imported', 'failed']);
export type ApplicationState = z.infer<typeof applicationStateSchema>;
export const segmentStateSchema = z.enum(['pending', 'imported', 'failed']);

export const errorPayloadSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    localized: z.object({
      'zh-CN': z.object({ message: z.string(), hint: z.string().optional() }),
      en: z.object({ message: z.string(), hint: z.string().optional() }),
    }),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .strict();

export const applicationSummarySchema = z
  .object({
    isv_application_id: z.string(),
    application_id: z.number().nullable(),
    code_count: z.number(),
    label: z.string().nullable(),
    state: applicationStateSchema,
    remote_status: z.string().nullable(),
    segments_total: z.number(),
    segments_imported: z.number(),
    /** Imported segments whose codes are in the scan look-ups (only those can be scanned or activated). */
    segments_indexed: z.number(),
    segments_failed: z.number(),
    codes_imported: z.number(),
    last_error: errorPayloadSchema.nullable(),
    next_attempt_at: z.string().nullable(),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .strict();
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const segmentSummarySchema = z
  .object({
    code_start: z.number(),
    code_end: z.number(),
    state: segmentStateSchema,
    plaintext_sha256: z.string().nullable(),
    layout: z.string().nullable(),
    error: errorPayloadSchema.nullable(),
    kept_buffer_path: z.string().nullable(),
    imported_at: z.string().nullable(),
    indexed_at: z.string().nullable(),
  })
  .strict();
export type SegmentSummary = z.infer<typeof segmentSummarySchema>;

/** `extra`: the package's extra columns kept per code, offered only when the application has some (docs/export.md). */
export const exportColumnSchema = z.enum(['index', 'code', 'code_url', 'extra']);

export const printRunSchema = z
  .object({
    id: z.number(),
    application_id: z.number(),
    code_start: z.number(),
    code_end: z.number(),
    count: z.number(),
    format: z.enum(['csv', 'txt']),
    columns: z.array(exportColumnSchema),
    header: z.boolean(),
    line_ending: z.enum(['crlf', 'lf']),
    file_path: z.string(),
    file_sha256: z.string(),
    actor: z.string(),
    created_at: z.string(),
  })
  .strict();
export type PrintRunSummary = z.infer<typeof printRunSchema>;

export const applicationDetailSchema = z
  .object({
    application: applicationSummarySchema,
    segments: z.array(segmentSummarySchema),
    print_runs: z.array(printRunSchema),
  })
  .strict();
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export const applyRequestSchema = z
  .object({
    code_count: z.number().superRefine((value, ctx) => {
      const problem = checkCodeCount(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    label: z.string().trim().max(120).optional(),
  })
  .strict();
export type ApplyRequest = z.infer<typeof applyRequestSchema>;

export const applicationRefSchema = z.object({ isv_application_id: z.string().min(1).max(128) }).strict();

export const exportRequestSchema = z
  .object({
    application_id: z.number().int().nonnegative(),
    code_start: z.number().int().nonnegative(),
    code_end: z.number().int().nonnegative(),
    format: z.enum(['csv', 'txt']),
    columns: z.array(exportColumnSchema).min(1).max(4),
    header: z.boolean(),
    line_ending: z.enum(['crlf', 'lf']),
  })
  .strict();
export type ExportRequest = z.infer<typeof exportRequestSchema>;
/** Undefined print run: the person cancelled the save dialog. */
export const exportResultSchema = z.object({ print_run: printRunSchema.nullable() }).strict();

export const importProgressSchema = z
  .object({
    isv_application_id: z.string(),
    application_id: z.number(),
    /** 'importing' while segments download and go into the ledger; 'indexing' while their codes are made scannable. */
    phase: z.enum(['importing', 'indexing']),
    codes_imported: z.number(),
    code_count: z.number(),
    segments_imported: z.number(),
    segments_total: z.number(),
    codes_per_second: z.number(),
    seconds_left: z.number().nullable(),
    indexed_percent: z.number().min(0).max(100),
  })
  .strict();
export type ImportProgress = z.infer<typeof importProgressSchema>;
