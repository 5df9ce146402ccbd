import type { ErrorCode } from '@shared/error-catalogue';

/**
 * The error codes the renderer compares against, typed so a renamed code is a
 * compile error here rather than a silently dead branch.
 *
 * ErrorCode: the shared union still holds only the envelope codes while the
 * areas' catalogues are being filled in; the area codes below are listed
 * locally until then, and `KnownErrorCode` becomes plain `ErrorCode` at merge.
 */
type AreaErrorCode = 'SUPERVISOR_REQUIRED' | 'IMPORT_THREAD_STOPPED' | 'IMPORT_STEP_FAILED';

/** Main's codes the renderer knows, plus the one the renderer makes itself. */
export type KnownErrorCode = ErrorCode | AreaErrorCode | typeof RENDERER_ERROR;

/** A failure inside the renderer (not a refusal from main), shown like any other error. */
export const RENDERER_ERROR = 'RENDERER_ERROR';

/** Main refused because the station is locked; the unlock dialog answers it. */
export const SUPERVISOR_REQUIRED = 'SUPERVISOR_REQUIRED' satisfies KnownErrorCode;

/** The import thread stopped or one step failed: the station pauses the import itself. */
export const IMPORT_THREAD_STOPPED = 'IMPORT_THREAD_STOPPED' satisfies KnownErrorCode;
export const IMPORT_STEP_FAILED = 'IMPORT_STEP_FAILED' satisfies KnownErrorCode;
