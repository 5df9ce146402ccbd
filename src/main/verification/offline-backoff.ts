import type { AppErrorPayload } from '../../shared/errors';
import type { Logger } from '../logging';

export interface OfflineRetry {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_OFFLINE_RETRY: OfflineRetry = { baseDelayMs: 5_000, maxDelayMs: 60_000 };

/** How long to wait after the n-th failure in a row (1-based): the base delay doubling up to the maximum. */
export function offlineDelayMs(failures: number, retry: OfflineRetry): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(failures - 1, 20));
}

/**
 * Whether the engine is backing off after WeChat could not be reached: while it is,
 * new scans are marked offline at once and calls are held (except the loop's probe).
 */
export function createOfflineBackoff(options: { now: () => number; retry: OfflineRetry; logger: Logger; onChange: () => void }) {
  const { now, retry } = options;
  let failures = 0;
  let until = 0;
  return {
    active: (): boolean => now() < until,
    /** When the back-off ends (0: not backing off). */
    until: (): number => until,
    wentOffline(error: AppErrorPayload): void {
      if (now() < until) return;
      failures += 1;
      const delay = offlineDelayMs(failures, retry);
      until = now() + delay;
      options.logger.info('verification offline: scans keep their local verdict', { code: error.code, retryInMs: delay });
      options.onChange();
    },
    cameOnline(): void {
      if (failures === 0 && until === 0) return;
      failures = 0;
      until = 0;
      options.onChange();
    },
  };
}

export type OfflineBackoff = ReturnType<typeof createOfflineBackoff>;
