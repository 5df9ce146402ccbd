import { appErrors } from './error-catalogue/app';
import type { AppErrorPayload } from './errors';

/** What every invoke returns across any transport: data or a translatable error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

/** The bridge's own codes, as declared in the app catalogue. */
export const ENVELOPE_ERROR = {
  unknownChannel: appErrors.UNKNOWN_CHANNEL.code,
  invalidRequest: appErrors.INVALID_REQUEST.code,
  invalidResponse: appErrors.INVALID_RESPONSE.code,
  internal: appErrors.INTERNAL_ERROR.code,
  transport: appErrors.TRANSPORT_ERROR.code,
  untrustedSender: appErrors.UNTRUSTED_SENDER.code,
} as const;
