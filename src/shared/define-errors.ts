/**
 * The one way to declare errors: a catalogue `CODE → { en, zh-CN, hint? }` whose
 * texts take named parameters. `defineErrors` turns it into builders
 * (`errors.CODE({ … })` → AppError) and keeps the codes as a type the renderer
 * can switch on (`CodeOf<typeof errors>`).
 *
 * Parameters become the error's `details` unless the entry says otherwise:
 * primitives only, so a details object never carries a row or a secret by accident.
 */
import { AppError, type AppErrorPayload, type ErrorDetails, type LocalizedMessage } from './errors';

type Text<P> = string | ((params: P) => string);

/** One entry of a catalogue: both languages, an optional hint per language, optional details. */
export interface ErrorEntry<P> {
  en: Text<P>;
  'zh-CN': Text<P>;
  hint?: { en: Text<P>; 'zh-CN': Text<P> };
  /** What goes into `details` (default: the primitive parameters; undefined: none). */
  details?: (params: P) => ErrorDetails | undefined;
}

type Builder<Code extends string, P> = ((
  ...args: unknown extends P ? [params?: undefined, options?: { cause?: unknown }] : [params: P, options?: { cause?: unknown }]
) => AppError) & {
  readonly code: Code;
  /**
   * The same error as a plain payload, without constructing an Error (no stack is captured):
   * for reasons that are data, not throws, such as a scan's verdict reason on the scan path.
   */
  payload(...args: unknown extends P ? [params?: undefined] : [params: P]): AppErrorPayload;
};

/** The builders of a catalogue: one per code, taking that entry's named parameters (none when its texts are plain strings). */
export type ErrorBuilders<P> = { readonly [K in keyof P & string]: Builder<K, P[K]> };

/** The codes of a catalogue built by defineErrors. */
export type CodeOf<B> = keyof B & string;

function render<P>(text: Text<P>, params: P): string {
  return typeof text === 'function' ? text(params) : text;
}

function primitiveDetails(params: unknown): ErrorDetails | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const details: ErrorDetails = {};
  let any = false;
  for (const [key, value] of Object.entries(params)) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      details[key] = value;
      any = true;
    }
  }
  return any ? details : undefined;
}

/**
 * Declares a catalogue. Give each entry's parameter type on its text functions,
 * e.g. `{ en: (p: { id: number }) => \`No activation #${p.id}.\`, … }`.
 */
export function defineErrors<P>(catalogue: { [K in keyof P]: ErrorEntry<P[K]> }): ErrorBuilders<P> {
  const builders: Record<string, unknown> = {};
  for (const [code, entry] of Object.entries(catalogue as Record<string, ErrorEntry<unknown>>)) {
    const localized = (locale: 'en' | 'zh-CN', params: unknown): LocalizedMessage => {
      const message = render(entry[locale], params);
      // A hint that renders empty is left out, so one entry can have a hint for some parameters only.
      const hint = entry.hint ? render(entry.hint[locale], params) : '';
      return hint ? { message, hint } : { message };
    };
    const detailsOf = (params: unknown) => (entry.details ? entry.details(params) : primitiveDetails(params));
    const build = (params?: unknown, options?: { cause?: unknown }): AppError =>
      new AppError(code, { 'zh-CN': localized('zh-CN', params), en: localized('en', params) }, detailsOf(params), options);
    const payload = (params?: unknown): AppErrorPayload => {
      const en = localized('en', params);
      const details = detailsOf(params);
      return { code, message: en.message, localized: { 'zh-CN': localized('zh-CN', params), en }, ...(details ? { details } : {}) };
    };
    builders[code] = Object.assign(build, { code, payload });
  }
  return builders as ErrorBuilders<P>;
}
