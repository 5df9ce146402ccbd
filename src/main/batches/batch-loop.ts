import { createWorkLoop, type WorkLoop } from '../background/work-loop';
import type { Logger } from '../logging';
import type { BatchStore } from './batch-store';
import type { BatchWorker } from './worker/batch-worker';

/** The unsettled applications whose next attempt is due (pure). */
export function dueApplications<Row extends { next_attempt_at: string | null }>(unsettled: readonly Row[], nowMs: number): Row[] {
  return unsettled.filter((row) => !row.next_attempt_at || Date.parse(row.next_attempt_at) <= nowMs);
}

/** Milliseconds until the next unsettled application is due, or undefined when there is none (pure). */
export function nextDueInMs(unsettled: readonly { next_attempt_at: string | null }[], nowMs: number): number | undefined {
  const times = unsettled.map((row) => (row.next_attempt_at ? Date.parse(row.next_attempt_at) - nowMs : 0));
  return times.length === 0 ? undefined : Math.max(0, Math.min(...times));
}

/** The background loop that keeps unsettled applications moving: round-robin, one step of one application at a time. */
export function createBatchLoop(store: BatchStore, worker: BatchWorker, now: () => number, logger: Logger): WorkLoop {
  let cursor = 0;
  return createWorkLoop({
    async step() {
      const due = dueApplications(store.unsettledApplications(), now());
      if (due.length === 0) return 'idle';
      const row = due[cursor++ % due.length]!;
      const result = await worker.step(row.isv_application_id);
      return result === 'progressed' || due.length > 1 ? 'progressed' : 'waiting';
    },
    nextDueInMs: () => nextDueInMs(store.unsettledApplications(), now()),
    onError: (error) => logger.error('batch step failed', { error: String(error) }),
  });
}
