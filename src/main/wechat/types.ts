/**
 * Request and response shapes of the `/intp/marketcode/*` endpoints, with field
 * names exactly as WeChat's pages spell them. Requests are checked before any
 * network call (their error messages are issue keys from `shared/error-catalogue/wechat.ts`);
 * responses are checked before anything downstream trusts them.
 */
import { z } from 'zod';

// ---- building blocks -------------------------------------------------------

const text = z.string({ error: 'not_text' }).regex(/\S/, { error: 'not_text' });
const wholeNumber = z.int({ error: 'not_integer' });
const index = wholeNumber.min(0, { error: 'negative' });
const applicationId = wholeNumber.min(0, { error: 'negative' });

const MIN_CODE_COUNT = 10_000;
const MAX_CODE_COUNT = 20_000_000;

function rangeInOrder(value: { code_start: number; code_end: number }): boolean {
  return value.code_start <= value.code_end;
}
const rangeOrderIssue = { error: 'range_order', path: ['code_start'] };

// ---- requests ----------------------------------------------------------------

export const applyCodeRequestSchema = z.object({
  code_count: wholeNumber.refine((n) => n >= MIN_CODE_COUNT && n <= MAX_CODE_COUNT && n % MIN_CODE_COUNT === 0, {
    error: 'code_count',
  }),
  /** Our idempotency key: created and stored before the first call, reused on every retry. */
  isv_application_id: text,
});
export type ApplyCodeRequest = z.input<typeof applyCodeRequestSchema>;

export const queryApplicationRequestSchema = z
  .object({ application_id: applicationId.optional(), isv_application_id: text.optional() })
  .refine((value) => (value.application_id === undefined) !== (value.isv_application_id === undefined), {
    error: 'application_lookup',
  });
export type QueryApplicationRequest = { application_id: number } | { isv_application_id: string };

export const downloadSegmentRequestSchema = z
  .object({ application_id: applicationId, code_start: index, code_end: index })
  .refine(rangeInOrder, rangeOrderIssue);
export type DownloadSegmentRequest = z.input<typeof downloadSegmentRequestSchema>;

/** Mini Program version the scan opens: 0 release (the default), 1 development, 2 trial. */
export type WxaType = 0 | 1 | 2;

export const activateCodesRequestSchema = z
  .object({
    application_id: applicationId,
    activity_name: text,
    product_brand: text,
    product_title: text,
    /** The EAN barcode; checked by the product catalogue, not here. */
    product_code: text,
    wxa_appid: text,
    wxa_path: text,
    wxa_type: z.literal([0, 1, 2], { error: 'wxa_type' }).optional(),
    code_start: index,
    code_end: index,
  })
  .refine(rangeInOrder, rangeOrderIssue);
export type ActivateCodesRequest = z.input<typeof activateCodesRequestSchema>;

export const queryActivationRequestSchema = z
  .object({
    application_id: applicationId.optional(),
    code_index: index.optional(),
    code: text.optional(),
    code_url: text.optional(),
  })
  .refine(
    (value) => {
      const byIndex = value.application_id !== undefined && value.code_index !== undefined;
      const halfIndex = (value.application_id === undefined) !== (value.code_index === undefined);
      const forms = [byIndex, value.code !== undefined, value.code_url !== undefined].filter(Boolean).length;
      return forms === 1 && !halfIndex;
    },
    { error: 'activation_lookup' },
  );
/** One of three lookups: by position in an application, by the 9-character code, or by the 28-character code_url. */
export type QueryActivationRequest = { application_id: number; code_index: number } | { code: string } | { code_url: string };

export const ticketToCodeRequestSchema = z.object({ openid: text, code_ticket: text });
export type TicketToCodeRequest = z.input<typeof ticketToCodeRequestSchema>;

// ---- responses ---------------------------------------------------------------

/** `code` is text (leading zeros matter); one page types it as a number, so a number is turned into text. */
const codeText = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * An id or index in a response: a number, or a numeric string (the official applycodequery
 * example sends application_id as a string; observed ids are about 5.9×10⁸, safe as numbers).
 */
const responseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

export const applyCodeResponseSchema = z.object({ application_id: responseNumber });
export type ApplyCodeResult = z.output<typeof applyCodeResponseSchema>;

export const codeSegmentSchema = z.object({ code_start: responseNumber, code_end: responseNumber });
/** An inclusive index range, as `code_generate_list` lists them. */
export type CodeSegment = z.output<typeof codeSegmentSchema>;

/** Only `FINISH` is documented; anything else means "not ready yet". */
export const APPLICATION_FINISHED = 'FINISH';

export const queryApplicationResponseSchema = z.object({
  status: z.string(),
  application_id: responseNumber.optional(),
  isv_application_id: z.string().optional(),
  code_generate_list: z.array(codeSegmentSchema).default([]),
  create_time: z.union([z.number(), z.string()]).optional(),
  update_time: z.union([z.number(), z.string()]).optional(),
});
export type ApplicationStatus = z.output<typeof queryApplicationResponseSchema>;

export function isApplicationFinished(status: ApplicationStatus): boolean {
  return status.status === APPLICATION_FINISHED;
}

/** `buffer` is base64 of the AES-128-CBC encrypted package; the packages service decrypts it. */
export const downloadSegmentResponseSchema = z.object({ buffer: z.string() });
export type DownloadSegmentResult = z.output<typeof downloadSegmentResponseSchema>;
/** The same answer with `buffer` as the raw bytes of its base64 text (see JsonRequest.bytesField). */
export const downloadSegmentBytesResponseSchema = z.object({
  buffer: z.custom<Uint8Array<ArrayBuffer>>((value) => value instanceof Uint8Array, 'expected the bytes of a string'),
});
export type DownloadSegmentBytesResult = z.output<typeof downloadSegmentBytesResponseSchema>;

export const activateCodesResponseSchema = z.object({});

/** What `codeactivequery` and `tickettocode` say about one code and the activation covering it. */
export const activationInfoSchema = z.object({
  code: codeText,
  application_id: responseNumber.optional(),
  isv_application_id: z.string().optional(),
  activity_name: z.string().optional(),
  product_brand: z.string().optional(),
  product_title: z.string().optional(),
  product_code: z.string().optional(),
  wxa_appid: z.string().optional(),
  wxa_path: z.string().optional(),
  wxa_type: responseNumber.optional(),
  code_start: responseNumber.optional(),
  code_end: responseNumber.optional(),
});
export type ActivationInfo = z.output<typeof activationInfoSchema>;

// ---- tokens ------------------------------------------------------------------

/** `expires_in` in seconds; some token services send it as a numeric string. */
const seconds = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export const wechatTokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: seconds });

/**
 * A plant's token service or a third-party platform's: the token may be named
 * `authorizer_access_token`, and `expires_in` is optional (see `token-providers.ts`).
 */
export const tokenUrlResponseSchema = z
  .object({
    access_token: z.string().min(1).optional(),
    authorizer_access_token: z.string().min(1).optional(),
    expires_in: seconds.optional(),
  })
  .transform((value, context) => {
    const token = value.access_token ?? value.authorizer_access_token;
    if (token === undefined) {
      context.addIssue({ code: 'custom', message: 'no access_token', path: ['access_token'] });
      return z.NEVER;
    }
    return { access_token: token, expires_in: value.expires_in };
  });
