/** Schemas of the verification station's channels and events (part of the one contract in contract.ts). */
import { z } from 'zod';
import { errorPayloadSchema } from './batches-contract';

export const VERDICTS = ['PASS', 'NOT_ACTIVATED', 'WRONG_PRODUCT', 'DUPLICATE', 'UNKNOWN_CODE', 'INVALID', 'REMOTE_MISMATCH'] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

export const scanSourceSchema = z.enum(['wedge', 'hid', 'cli']);
export type ScanSource = z.infer<typeof scanSourceSchema>;
/**
 * Where the codeactivequery confirmation stands: `pending` (queued or in flight), `confirmed` (the service
 * agrees), `mismatch` (it disagrees: verdict REMOTE_MISMATCH), `offline` (not reachable: the local verdict
 * stands and is confirmed later), `skipped` (INVALID / UNKNOWN_CODE: nothing to ask).
 */
export const remoteStateSchema = z.enum(['pending', 'confirmed', 'mismatch', 'offline', 'skipped']);
export type RemoteState = z.infer<typeof remoteStateSchema>;

/** One scan as the station shows it. `verdict` is final once `remote` is confirmed/mismatch/skipped. */
export const scanResultSchema = z
  .object({
    id: z.number(),
    session_id: z.number().nullable(),
    source: scanSourceSchema,
    input: z.string(),
    normalized: z.string(),
    kind: z.enum(['code', 'code_url', 'invalid']),
    application_id: z.number().nullable(),
    code_index: z.number().nullable(),
    activation_id: z.number().nullable(),
    local_verdict: verdictSchema,
    verdict: verdictSchema,
    remote: remoteStateSchema,
    /** Why it is not a PASS, in both languages; null for PASS. */
    reason: errorPayloadSchema.nullable(),
    needs_ack: z.boolean(),
    acknowledged_by: z.string().nullable(),
    scanned_at: z.string(),
  })
  .strict();
export type ScanResult = z.infer<typeof scanResultSchema>;

export const sessionSchema = z
  .object({
    id: z.number(),
    station: z.string(),
    line: z.string(),
    product_code: z.string(),
    product_title: z.string(),
    activation_id: z.number().nullable(),
    started_by: z.string(),
    started_at: z.string(),
    ended_by: z.string().nullable(),
    ended_at: z.string().nullable(),
    /** Scans per final verdict (every verdict present, 0 when none); for an ended session, as stored at its end. */
    counts: z.record(verdictSchema, z.number()),
    total: z.number(),
    /** FAILs not yet acknowledged (while > 0 the station refuses further scans). */
    unacknowledged: z.number(),
    /** Scans whose remote confirmation is still pending or offline. */
    unconfirmed: z.number(),
  })
  .strict();
export type ScanSession = z.infer<typeof sessionSchema>;

export const startSessionSchema = z
  .object({
    line: z.string().trim().min(1).max(64),
    product_code: z.string().min(8).max(13),
    activation_id: z.number().int().nonnegative().optional(),
  })
  .strict();
export const sessionRefSchema = z.object({ session_id: z.number().int().nonnegative() }).strict();
export const scanRequestSchema = z.object({ input: z.string().max(512), source: scanSourceSchema }).strict();
/** `code` is the scanned or typed ACK code, required with `via: 'ack_code'`. */
export const acknowledgeSchema = z
  .object({ scan_id: z.number().int().nonnegative(), via: z.enum(['button', 'ack_code']), code: z.string().max(512).optional() })
  .strict();
export const recentScansSchema = z
  .object({ session_id: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(500) })
  .strict();

/** A scan the station refused (nothing recorded), e.g. VERIFY_ACK_REQUIRED for a HID scan while a FAIL awaits acknowledgement. */
export const scanRefusedSchema = z.object({ input: z.string(), source: scanSourceSchema, error: errorPayloadSchema }).strict();
export type ScanRefused = z.infer<typeof scanRefusedSchema>;

export type StartSessionRequest = z.infer<typeof startSessionSchema>;
export type ScanRequest = z.infer<typeof scanRequestSchema>;
export type AcknowledgeRequest = z.infer<typeof acknowledgeSchema>;
export type RecentScansRequest = z.infer<typeof recentScansSchema>;
