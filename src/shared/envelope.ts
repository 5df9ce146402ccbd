import type { AppErrorPayload } from './errors';

/** What every invoke returns across any transport: data or a translatable error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

export const ENVELOPE_ERROR = {
  unknownChannel: 'UNKNOWN_CHANNEL',
  invalidRequest: 'INVALID_REQUEST',
  invalidResponse: 'INVALID_RESPONSE',
  internal: 'INTERNAL_ERROR',
  transport: 'TRANSPORT_ERROR',
  untrustedSender: 'UNTRUSTED_SENDER',
} as const;
