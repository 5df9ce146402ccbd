/**
 * The one contract between the renderer and main: every invoke channel with its
 * request and response schema, and every push event with its payload schema.
 * Main validates requests against it; the preload allow-lists against it.
 */
import { z } from 'zod';
import type { ChannelName, EventName as EventNameFromList } from './channel-names';
import {
  applicationDetailSchema,
  applicationRefSchema,
  applicationSummarySchema,
  applyRequestSchema,
  exportRequestSchema,
  exportResultSchema,
  importProgressSchema,
} from './batches-contract';
import {
  productExportRequestSchema,
  productExportSchema,
  productImportReportSchema,
  productImportRequestSchema,
  productInputSchema,
  productListRequestSchema,
  productRefSchema,
  productSchema,
  productsChangedSchema,
} from './products-contract';
import {
  activationCreateSchema,
  activationListSchema,
  activationRefSchema,
  activationSummarySchema,
  connectivityStatusSchema,
  rangeSourceSchema,
  resolvedRangeSchema,
} from './activation-contract';
import { LOCALES } from './errors';
import { packageInspectionSchema, packageLayoutSaveSchema, packageLayoutSchema, segmentRefSchema } from './package-contract';
import type { ChannelRole } from './roles';
import {
  changePinRequestSchema,
  newSupervisorSchema,
  supervisorCredentialsSchema,
  supervisorNameRequestSchema,
  supervisorStatusSchema,
  unlockMinutesSchema,
} from './supervisors-contract';
import { hidDeviceSchema, hidScannerChoiceSchema, scannerSelectSchema, scannerStatusSchema } from './scanner-contract';
import {
  logAuditPageSchema,
  logAuditRequestSchema,
  logScansPageSchema,
  logScansRequestSchema,
  shiftReportRequestSchema,
  shiftReportSchema,
  logAuditHeadSchema,
} from './log-contract';
import {
  acknowledgeSchema,
  recentScansSchema,
  scanRefusedSchema,
  scanRequestSchema,
  scanResultSchema,
  sessionRefSchema,
  sessionSchema,
  startSessionSchema,
} from './verification-contract';
import { reconcileFindingSchema, reconcileReportSchema, reconcileResolveSchema } from './reconcile-contract';
import { checkAppid, checkHttpUrl, checkSecretText, checkServiceKey, type ConnectionFieldProblem } from './validation/connection-rules';

export { CHANNEL_NAMES, EVENT_NAMES, isChannel, isEventName } from './channel-names';

export const localeSchema = z.enum(LOCALES);
export const modeSchema = z.enum(['training', 'live']);
export type AppMode = z.infer<typeof modeSchema>;

/** Non-secret settings kept in the ledger; each key has its own value schema. */
export const settingSchemas = {
  locale: localeSchema.nullable(),
  /** Minutes a supervisor unlock lasts (1–240); absent means DEFAULT_UNLOCK_MINUTES (10). */
  supervisorUnlockMinutes: unlockMinutesSchema.optional(),
  /** The HID POS scanner to open (set through scanner.select / scanner.forget); absent or null: none. */
  hidScanner: hidScannerChoiceSchema.nullable().optional(),
  /** Verify screen (keyboard wedge, acknowledgement, sound); each absent key means its VERIFY_SETTING_DEFAULTS value. */
  wedgeMaxInterKeyMs: z.number().int().min(5).max(200).optional(),
  wedgeIdleTimeoutMs: z.number().int().min(20).max(2000).optional(),
  wedgeMinLength: z.number().int().min(4).max(64).optional(),
  wedgeTerminators: z
    .array(z.enum(['Enter', 'Tab']))
    .max(2)
    .optional(),
  ackMode: z.enum(['button', 'ack_code']).optional(),
  ackCode: z.string().trim().min(1).max(64).optional(),
  soundVolume: z.number().int().min(0).max(100).optional(),
} as const;
export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;
export type VerifySettingKey =
  'wedgeMaxInterKeyMs' | 'wedgeIdleTimeoutMs' | 'wedgeMinLength' | 'wedgeTerminators' | 'ackMode' | 'ackCode' | 'soundVolume';
/** DESIGN section 5's keyboard-wedge figures, acknowledgement by button, sound at 80 %. */
export const VERIFY_SETTING_DEFAULTS: { readonly [K in VerifySettingKey]-?: Exclude<SettingValue<K>, undefined> } = {
  wedgeMaxInterKeyMs: 35,
  wedgeIdleTimeoutMs: 150,
  wedgeMinLength: 9,
  wedgeTerminators: ['Enter', 'Tab'],
  ackMode: 'button',
  ackCode: 'ACK-OK',
  soundVolume: 80,
};
/** Keys whose schema is optional may be absent (their default applies). */
export type Settings = z.infer<typeof settingsSchema>;
export const settingKeySchema = z.enum(Object.keys(settingSchemas) as [SettingKey, ...SettingKey[]]);

const settingsSchema = z.object(settingSchemas).strict();

const hidStatusSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true) }).strict(),
  z.object({ available: z.literal(false), reason: z.string() }).strict(),
]);
export type HidStatus = z.infer<typeof hidStatusSchema>;

const appInfoSchema = z
  .object({
    productName: z.string(),
    version: z.string(),
    mode: modeSchema,
    dataDir: z.string(),
    liveCredentialsSet: z.boolean(),
    systemLocale: z.string(),
    hid: hidStatusSchema,
    /** Only in the run whose start split a ledger shared by both modes (docs/modes.md): what moved into Training's. */
    ledgerSplit: z.object({ applications: z.number().int().nonnegative(), products: z.number().int().nonnegative() }).strict().optional(),
  })
  .strict();
export type AppInfo = z.infer<typeof appInfoSchema>;

/** `{ key, value }` where `value` is checked against that key's own schema. */
export type SettingUpdate = { [K in SettingKey]: { key: K; value: Exclude<SettingValue<K>, undefined> } }[SettingKey];
const settingUpdateSchema = z
  .object({ key: settingKeySchema, value: z.unknown() })
  .strict()
  .superRefine((update, ctx) => {
    if (update.value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required', path: ['value'] });
      return;
    }
    const result = settingSchemas[update.key].safeParse(update.value);
    for (const issue of result.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['value', ...issue.path] });
    }
  }) as unknown as z.ZodType<SettingUpdate, SettingUpdate>;

export const credentialKindSchema = z.enum(['secret', 'token', 'tokenUrl']);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

/** A zod string checked by one of the shared rules; the issue message is the rule's problem code. */
function ruled(check: (value: string) => ConnectionFieldProblem | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const connectionSchema = z
  .object({
    mode: modeSchema,
    credentialKind: credentialKindSchema,
    appid: z.string(),
    baseUrl: z.string(),
    /** Only whether each secret is set: secrets never leave main. */
    secretsSet: z.object({ appSecret: z.boolean(), accessToken: z.boolean(), tokenUrl: z.boolean(), serviceKey: z.boolean() }).strict(),
    /** Live credentials are complete for the chosen kind. */
    liveReady: z.boolean(),
    /** Set when the connection comes from environment variables (CLI) and cannot be edited here. */
    fromEnvironment: z.boolean(),
    secretStore: z.string(),
    /** How saved secrets are protected: 'owner-only-file' (no OS keychain here) is always shown as a warning. */
    secretProtection: z.enum(['keychain', 'owner-only-file', 'memory', 'environment']),
    /** Secret files dealt with at this start: moved in, left behind (only the app can open them), set aside (key lost). */
    secretNotices: z.array(z.object({ kind: z.enum(['moved', 'left-behind', 'set-aside']), file: z.string() }).strict()),
  })
  .strict();
export type ConnectionInfo = z.infer<typeof connectionSchema>;

const connectionSaveSchema = z
  .object({
    mode: modeSchema,
    credentialKind: credentialKindSchema,
    appid: ruled(checkAppid).optional(),
    baseUrl: ruled(checkHttpUrl).optional(),
    /** Each secret: absent keeps the stored one, a value replaces it. */
    appSecret: ruled(checkSecretText).optional(),
    accessToken: ruled(checkSecretText).optional(),
    tokenUrl: ruled(checkHttpUrl).optional(),
    serviceKey: ruled(checkServiceKey).optional(),
  })
  .strict();
export type ConnectionSave = z.infer<typeof connectionSaveSchema>;

const connectionTestResultSchema = z
  .object({ mode: modeSchema, baseUrl: z.string(), tokenSource: credentialKindSchema, elapsedMs: z.number() })
  .strict();
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** A channel: its request and response schemas and who may call it (DESIGN §6a). */
function channel<Req extends z.ZodType, Res extends z.ZodType, R extends ChannelRole>(request: Req, response: Res, role: R) {
  return { request, response, role };
}

const operator = 'operator';
const supervisor = 'supervisor';
/** The language and the sound volume are the operator's; every other setting decides how the line is checked. */
const bySettingKey = { when: 'settingKey' } as const;
/** The on-screen button needs a supervisor while an ACK code is in use; the ACK code itself does not. */
const byAcknowledgeMode = { when: 'acknowledgeMode' } as const;

const empty = z.object({}).strict();

export const contract = {
  'app.info': channel(empty, appInfoSchema, operator),
  'settings.getAll': channel(empty, settingsSchema, operator),
  'settings.set': channel(settingUpdateSchema, settingsSchema, bySettingKey),
  'connection.get': channel(empty, connectionSchema, operator),
  'connection.save': channel(connectionSaveSchema, connectionSchema, supervisor),
  'connection.test': channel(empty, connectionTestResultSchema, supervisor),
  'batches.list': channel(empty, z.array(applicationSummarySchema), operator),
  'batches.get': channel(applicationRefSchema, applicationDetailSchema, operator),
  'batches.apply': channel(applyRequestSchema, applicationSummarySchema, supervisor),
  'batches.retry': channel(applicationRefSchema, applicationSummarySchema, supervisor),
  'batches.export': channel(exportRequestSchema, exportResultSchema, supervisor),
  'activation.resolveRange': channel(rangeSourceSchema, resolvedRangeSchema, operator),
  'activation.create': channel(activationCreateSchema, activationSummarySchema, supervisor),
  'activation.list': channel(activationListSchema, z.array(activationSummarySchema), operator),
  'activation.retry': channel(activationRefSchema, activationSummarySchema, supervisor),
  'activation.cancel': channel(activationRefSchema, activationSummarySchema, supervisor),
  'connectivity.get': channel(empty, connectivityStatusSchema, operator),
  'supervisor.status': channel(empty, supervisorStatusSchema, operator),
  'supervisor.setup': channel(newSupervisorSchema, supervisorStatusSchema, operator),
  'supervisor.unlock': channel(supervisorCredentialsSchema, supervisorStatusSchema, operator),
  'supervisor.lock': channel(empty, supervisorStatusSchema, operator),
  'supervisor.add': channel(newSupervisorSchema, supervisorStatusSchema, supervisor),
  'supervisor.disable': channel(supervisorNameRequestSchema, supervisorStatusSchema, supervisor),
  'supervisor.changePin': channel(changePinRequestSchema, supervisorStatusSchema, supervisor),
  'products.list': channel(productListRequestSchema, z.array(productSchema), operator),
  'products.add': channel(productInputSchema, productSchema, supervisor),
  'products.update': channel(productInputSchema, productSchema, supervisor),
  'products.archive': channel(productRefSchema, productSchema, supervisor),
  'products.unarchive': channel(productRefSchema, productSchema, supervisor),
  'products.delete': channel(productRefSchema, z.object({ product_code: z.string() }).strict(), supervisor),
  'products.import': channel(productImportRequestSchema, productImportReportSchema, supervisor),
  'products.export': channel(productExportRequestSchema, productExportSchema, operator),
  'scanner.listDevices': channel(empty, z.array(hidDeviceSchema), operator),
  'scanner.select': channel(scannerSelectSchema, scannerStatusSchema, supervisor),
  'scanner.status': channel(empty, scannerStatusSchema, operator),
  'scanner.forget': channel(empty, scannerStatusSchema, supervisor),
  'log.scans': channel(logScansRequestSchema, logScansPageSchema, operator),
  'log.audit': channel(logAuditRequestSchema, logAuditPageSchema, operator),
  'log.shiftReport': channel(shiftReportRequestSchema, shiftReportSchema, operator),
  'log.auditHead': channel(empty, logAuditHeadSchema, operator),
  'verify.startSession': channel(startSessionSchema, sessionSchema, supervisor),
  'verify.endSession': channel(sessionRefSchema, sessionSchema, supervisor),
  'verify.currentSession': channel(empty, sessionSchema.nullable(), operator),
  'verify.scan': channel(scanRequestSchema, scanResultSchema, operator),
  'verify.acknowledge': channel(acknowledgeSchema, scanResultSchema, byAcknowledgeMode),
  'verify.recentScans': channel(recentScansSchema, z.array(scanResultSchema), operator),
  // Running one spends WeChat query quota and is what lets a sent activation be cancelled: a supervisor's call.
  'reconcile.run': channel(empty, reconcileReportSchema, supervisor),
  'reconcile.findings': channel(empty, reconcileReportSchema, operator),
  'reconcile.resolve': channel(reconcileResolveSchema, reconcileFindingSchema, supervisor),
  'batches.packageLayout': channel(empty, packageLayoutSchema, operator),
  'batches.setPackageLayout': channel(packageLayoutSaveSchema, packageLayoutSchema, supervisor),
  'batches.inspectSegment': channel(segmentRefSchema, packageInspectionSchema, supervisor),
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType; role: ChannelRole }>;

export const events = {
  'settings.changed': settingsSchema,
  'connection.changed': connectionSchema,
  'batches.changed': applicationSummarySchema,
  'batches.progress': importProgressSchema,
  'activation.changed': activationSummarySchema,
  'connectivity.changed': connectivityStatusSchema,
  'supervisor.changed': supervisorStatusSchema,
  'scanner.status': scannerStatusSchema,
  'products.changed': productsChangedSchema,
  'verify.scanned': scanResultSchema,
  'verify.scanUpdated': scanResultSchema,
  'verify.sessionChanged': sessionSchema,
  'verify.scanRefused': scanRefusedSchema,
} as const satisfies Record<EventNameFromList, z.ZodType>;

/** Compile-time proof that the zod-free allow-lists and the contract name the same things. */
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
const channelsMatch: SameKeys<keyof typeof contract, ChannelName> = true;
const eventsMatch: SameKeys<keyof typeof events, EventNameFromList> = true;
void channelsMatch;
void eventsMatch;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelRequest<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<Contract[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<Contract[C]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
