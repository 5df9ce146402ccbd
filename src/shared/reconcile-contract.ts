/** Schemas of the Reconcile channels (part of the one contract in contract.ts); docs/reconcile.md. */
import { z } from 'zod';
import { activationStateSchema } from './activation-contract';
import { errorPayloadSchema } from './batches-contract';

/**
 * What a difference is:
 * - `missing_remotely`: the ledger says active, WeChat has none of the indices asked.
 * - `active_remotely`: WeChat holds exactly this activation; the ledger says queued, failed, conflict or cancelled.
 * - `differs_remotely`: WeChat holds another range or other details over (part of) this activation.
 * - `unknown_to_ledger`: WeChat holds an activation over codes the ledger has no live activation for (e.g. lost to a power cut).
 * - `conflict_unexplained`: the ledger says conflict, but WeChat has none of the indices asked.
 */
export const findingKindSchema = z.enum([
  'missing_remotely',
  'active_remotely',
  'differs_remotely',
  'unknown_to_ledger',
  'conflict_unexplained',
]);
export type FindingKind = z.infer<typeof findingKindSchema>;

/** The repairs a supervisor may choose: take WeChat's activation into the ledger, queue ours again, or note it was looked into. */
export const repairSchema = z.enum(['adopt', 'resend', 'investigated']);
export type Repair = z.infer<typeof repairSchema>;

export const resolutionSchema = z.enum(['adopted', 'resent', 'investigated', 'cleared']);
export type Resolution = z.infer<typeof resolutionSchema>;

/** WeChat's activation as codeactivequery described it (fields it left out are absent). */
export const remoteActivationSchema = z
  .object({
    application_id: z.number(),
    code_start: z.number(),
    code_end: z.number(),
    product_code: z.string().optional(),
    product_brand: z.string().optional(),
    product_title: z.string().optional(),
    activity_name: z.string().optional(),
    wxa_appid: z.string().optional(),
    wxa_path: z.string().optional(),
    wxa_type: z.number().optional(),
  })
  .strict();
export type RemoteActivation = z.infer<typeof remoteActivationSchema>;

/** One index asked and what WeChat said about it. */
export const indexAnswerSchema = z
  .object({
    code_index: z.number(),
    answer: z.enum(['activated', 'not_activated', 'error']),
    /** For `activated`: the first field that differs from the ledger (`field: theirs`); for `error`: the error code. */
    reason: z.string().nullable(),
  })
  .strict();
export type IndexAnswer = z.infer<typeof indexAnswerSchema>;

export const reconcileFindingSchema = z
  .object({
    id: z.number(),
    run_id: z.number(),
    kind: findingKindSchema,
    application_id: z.number(),
    activation_id: z.number().nullable(),
    code_start: z.number(),
    code_end: z.number(),
    local_state: activationStateSchema.nullable(),
    remote: remoteActivationSchema.nullable(),
    checked: z.array(indexAnswerSchema),
    repairs: z.array(repairSchema),
    found_at: z.string(),
    resolution: resolutionSchema.nullable(),
    resolved_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    note: z.string().nullable(),
  })
  .strict();
export type ReconcileFinding = z.infer<typeof reconcileFindingSchema>;

export const reconcileTriggerSchema = z.enum(['manual', 'timeout', 'daily']);
export type ReconcileTrigger = z.infer<typeof reconcileTriggerSchema>;

/**
 * How a run ended: `complete` (everything planned was asked), `capped` (the query cap was reached; the
 * next run starts with what this one left out), `quota` (WeChat's quota: stopped), `offline`, `error`.
 */
export const reconcileOutcomeSchema = z.enum(['complete', 'capped', 'quota', 'offline', 'error']);
export type ReconcileOutcome = z.infer<typeof reconcileOutcomeSchema>;

export const reconcileRunSchema = z
  .object({
    id: z.number(),
    trigger: reconcileTriggerSchema,
    actor: z.string(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    outcome: reconcileOutcomeSchema.nullable(),
    queries: z.number(),
    /** Activations compared with WeChat's answers in this run. */
    activations_checked: z.number(),
    /** Activations and free ranges the cap left for the next run. */
    left_for_next_run: z.number(),
    error: errorPayloadSchema.nullable(),
  })
  .strict();
export type ReconcileRun = z.infer<typeof reconcileRunSchema>;

export const reconcileReportSchema = z
  .object({ run: reconcileRunSchema.nullable(), open: z.array(reconcileFindingSchema), recent: z.array(reconcileFindingSchema) })
  .strict();
export type ReconcileReport = z.infer<typeof reconcileReportSchema>;

export const reconcileResolveSchema = z
  .object({
    id: z.number().int().nonnegative(),
    repair: repairSchema,
    /** Required for `investigated`: what was found out. */
    note: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type ReconcileResolve = z.infer<typeof reconcileResolveSchema>;
