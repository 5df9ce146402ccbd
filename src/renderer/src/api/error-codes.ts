import type { ErrorCode } from '@shared/error-catalogue';

/**
 * The error codes the renderer compares against, typed against the shared
 * `ErrorCode` union (every catalogue's codes), so a renamed or removed code is
 * a compile error here rather than a silently dead branch.
 */
export type KnownErrorCode = ErrorCode;

/** Main refused because the station is locked; the unlock dialog answers it. */
export const SUPERVISOR_REQUIRED = 'SUPERVISOR_REQUIRED' satisfies KnownErrorCode;

/** The import thread stopped or one step failed: the station pauses the import itself. */
export const IMPORT_THREAD_STOPPED = 'IMPORT_THREAD_STOPPED' satisfies KnownErrorCode;
export const IMPORT_STEP_FAILED = 'IMPORT_STEP_FAILED' satisfies KnownErrorCode;
