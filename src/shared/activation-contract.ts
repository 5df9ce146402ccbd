/** Schemas of the Activate channels and events (part of the one contract in contract.ts). */
import { z } from 'zod';
import { errorPayloadSchema } from './batches-contract';
import { productDetailsSchema } from './products-contract';

export const activationStateSchema = z.enum(['pending', 'sending', 'active', 'failed', 'conflict', 'cancelled']);
export type ActivationState = z.infer<typeof activationStateSchema>;
/**
 * What a person sees: the ledger's state, except that a pending activation whose last
 * answer was WeChat's errcode 1 (the barcode is under review, retried after 24 h) shows as
 * `review`. Never stored: derived in src/main/activation/activation-summary.ts.
 */
export const activationDisplayStateSchema = z.enum([...activationStateSchema.options, 'review']);
export type ActivationDisplayState = z.infer<typeof activationDisplayStateSchema>;

const confirmationSchema = z
  .object({
    ok: z.boolean(),
    checked: z.array(z.object({ code_index: z.number(), ok: z.boolean(), reason: z.string().nullable() }).strict()),
  })
  .strict();
export type ActivationConfirmation = z.infer<typeof confirmationSchema>;

export const activationSummarySchema = z
  .object({
    id: z.number(),
    application_id: z.number(),
    code_start: z.number(),
    code_end: z.number(),
    count: z.number(),
    /** The product details as recorded (and sent to codeactive), not the product as it is now. */
    ...productDetailsSchema.shape,
    print_run_id: z.number().nullable(),
    state: activationDisplayStateSchema,
    attempts: z.number(),
    next_attempt_at: z.string().nullable(),
    last_error: errorPayloadSchema.nullable(),
    confirmation: confirmationSchema.nullable(),
    confirmed_at: z.string().nullable(),
    created_by: z.string(),
    created_at: z.string(),
    sent_at: z.string().nullable(),
  })
  .strict();
export type ActivationSummary = z.infer<typeof activationSummarySchema>;

const index = z.number().int().nonnegative();
export const rangeSourceSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('codes'), first: z.string().min(1).max(256), last: z.string().min(1).max(256) }).strict(),
  z.object({ by: z.literal('printRun'), print_run_id: index }).strict(),
  z.object({ by: z.literal('indices'), application_id: index, code_start: index, code_end: index }).strict(),
]);
export type RangeSource = z.infer<typeof rangeSourceSchema>;

export const resolvedRangeSchema = z
  .object({
    application_id: z.number(),
    isv_application_id: z.string(),
    code_start: z.number(),
    code_end: z.number(),
    count: z.number(),
    print_run_id: z.number().nullable(),
  })
  .strict();
export type ResolvedRange = z.infer<typeof resolvedRangeSchema>;

export const activationCreateSchema = z
  .object({
    application_id: index,
    code_start: index,
    code_end: index,
    product_code: z.string().min(8).max(13),
    /** Overrides the product's Mini Program version for this run (0 release, 1 development, 2 trial). */
    wxa_type: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    print_run_id: index.optional(),
  })
  .strict();
export type ActivationCreate = z.infer<typeof activationCreateSchema>;

export const activationRefSchema = z.object({ id: index }).strict();
export const activationListSchema = z.object({ application_id: index.optional() }).strict();

export const connectivityStatusSchema = z
  .object({ state: z.enum(['unknown', 'online', 'offline', 'degraded']), since: z.string(), last_error: errorPayloadSchema.nullable() })
  .strict();
export type ConnectivityStatusPayload = z.infer<typeof connectivityStatusSchema>;
