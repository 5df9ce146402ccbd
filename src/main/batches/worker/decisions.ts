/**
 * The batch worker's decisions, as pure functions over plain facts (DESIGN §10):
 * what to do next with an application, with its segments, after a failure.
 * batch-worker.ts and its steps do the I/O around them.
 */
import { classifyFailure, DEFAULT_RETRY_POLICY, nextRetryDelayMs, type RetryPolicy } from '../../wechat';
import { LedgerThreadClosedError, LedgerThreadStoppedError } from '../../threads';
import { LOOKUP_BUILD_PAUSED } from '../lookup-build';
import { codesIn, type ApplicationRow, type ApplicationState, type SegmentRow } from '../rows';

/** What one step does with an application. `wait`: not due yet; the three others need a connection. */
export type NextStep = 'settled' | 'wait' | 'apply' | 'query' | 'download';

export function nextStep(row: Pick<ApplicationRow, 'state' | 'application_id' | 'next_attempt_at'> | undefined, nowMs: number): NextStep {
  if (!row || row.state === 'imported' || row.state === 'failed') return 'settled';
  if (row.next_attempt_at && Date.parse(row.next_attempt_at) > nowMs) return 'wait';
  if (row.state === 'applying' || row.application_id === null) return 'apply';
  if (row.state === 'waiting') return 'query';
  return 'download';
}

/**
 * What a downloading application needs next. A look-up build in progress covers a
 * fixed set of segments, so it is finished before more are imported; failed
 * segments wait for a person's retry (`settled`).
 */
export type DownloadStep = 'build-lookups' | 'import-pending' | 'mark-imported' | 'settled';

export function downloadStep(segments: readonly Pick<SegmentRow, 'state' | 'indexed_at'>[], lookupBuildInProgress: boolean): DownloadStep {
  if (lookupBuildInProgress) return 'build-lookups';
  if (segments.some((segment) => segment.state === 'pending')) return 'import-pending';
  if (segments.some((segment) => segment.state === 'imported' && segment.indexed_at === null)) return 'build-lookups';
  if (segments.every((segment) => segment.state === 'imported')) return 'mark-imported';
  return 'settled';
}

/** After a failure of WeChat or the network: fail the application, or try again after `delayMs`. */
export type FailureVerdict = { kind: 'fail' } | { kind: 'retry'; delayMs: number };

/** Network failures and busy services postpone (the request waits in the ledger); refusals fail. `attempts` so far. */
export function failureVerdict(error: unknown, attempts: number, policy: RetryPolicy, random: () => number): FailureVerdict {
  const delayMs = nextRetryDelayMs(error, attempts + 1, policy, random);
  if (delayMs === undefined || classifyFailure(error) === 'permanent') return { kind: 'fail' };
  return { kind: 'retry', delayMs };
}

/** The wait for the network (or a busy service) after the client's own retries gave up: 5 s growing to a minute. */
export function offlineRetryPolicy(overrides: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5_000, maxDelayMs: 60_000, ...overrides };
}

/** Polling applycodequery while WeChat generates the codes: ×1.5 per poll from `initial`, at most `max`. */
export function pollDelayMs(attempts: number, poll: { initial: number; max: number }): number {
  return Math.min(poll.max, Math.round(poll.initial * 1.5 ** Math.min(attempts, 20)));
}

/** The codes a finished application's segments cover, when that is not what was applied for (or there are none). */
export function segmentListMismatch(
  segments: readonly Pick<SegmentRow, 'code_start' | 'code_end'>[],
  codeCount: number,
): number | undefined {
  const covered = codesIn(segments);
  return segments.length === 0 || covered !== codeCount ? covered : undefined;
}

/**
 * How an import step that threw ends: `paused` when the app is closing (what was under
 * way stopped at a commit and resumes at the next start), `thread-stopped` when the
 * import thread died, `step-failed` for a failure of the ledger itself (a full disk…).
 * The last two are retried after a pause.
 */
export type StepFailure = 'paused' | 'thread-stopped' | 'step-failed';

export function classifyStepFailure(error: Error): StepFailure {
  // The paused build's class does not cross the thread boundary; its name does (reviveThreadError keeps it).
  if (error instanceof LedgerThreadClosedError || error.name === LOOKUP_BUILD_PAUSED) return 'paused';
  if (error instanceof LedgerThreadStoppedError) return 'thread-stopped';
  return 'step-failed';
}

/** Where a person's retry puts an application back: the step it had reached. */
export function resumeState(row: Pick<ApplicationRow, 'application_id' | 'finished_at'>): ApplicationState {
  if (row.application_id === null) return 'applying';
  return row.finished_at ? 'downloading' : 'waiting';
}
