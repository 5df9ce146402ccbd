/**
 * Errors are values with stable codes so every layer (main, CLI, renderer) can
 * show them in the user's language. Main builds them; the envelope carries them.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LocalizedMessage {
  message: string;
  hint?: string;
}

export type ErrorDetails = Record<string, string | number | boolean | null>;

export interface AppErrorPayload {
  /** Stable machine code, e.g. `VALIDATION_FAILED` or `WECHAT_45009`. */
  code: string;
  /** English text for logs and tools that ignore `localized`. */
  message: string;
  /** What happened and what to do, per locale. */
  localized: Record<Locale, LocalizedMessage>;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: string;
  readonly localized: Record<Locale, LocalizedMessage>;
  readonly details: ErrorDetails | undefined;

  constructor(code: string, localized: Record<Locale, LocalizedMessage>, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(localized.en.message, options);
    this.name = 'AppError';
    this.code = code;
    this.localized = localized;
    this.details = details;
  }

  toPayload(): AppErrorPayload {
    const payload: AppErrorPayload = {
      code: this.code,
      message: this.message,
      localized: this.localized,
    };
    if (this.details) payload.details = this.details;
    return payload;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
