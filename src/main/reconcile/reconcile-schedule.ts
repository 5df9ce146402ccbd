/**
 * When reconcile runs by itself: soon after an outbox send whose fate is
 * unknown (the call timed out or the connection dropped: WeChat may have taken
 * it), and once a day. Listens to the outbox's `activation.changed` events
 * rather than reaching into the sender. The timing is a pure rule below.
 */
import type { ActivationSummary } from '../../shared/activation-contract';
import type { ReconcileOutcome } from '../../shared/reconcile-contract';
import { createWorkLoop } from '../background/work-loop';
import type { EventBus } from '../events';
import type { Logger } from '../logging';
import { msUntilDailyQuotaReset } from '../wechat';
import type { ReconcileService } from './reconcile-service';

export interface ReconcileSchedule {
  start(): void;
  stop(): Promise<void>;
}

export interface ScheduleTiming {
  /** Between two runs that completed (default one day). */
  intervalMs: number;
  /** After a run that was offline or failed (default one hour). */
  retryMs: number;
  /** From start-up to the first run of a ledger that never ran one (default ten minutes). */
  firstRunMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleTiming = { intervalMs: 86_400_000, retryMs: 3_600_000, firstRunMs: 600_000 };

/** Error codes of a send whose fate is unknown: the request may have reached WeChat. */
const UNKNOWN_FATE_CODES: readonly string[] = ['WECHAT_TIMEOUT', 'WECHAT_NETWORK'];

/** An outbox event saying a send's fate is unknown. */
export function isUnknownFateSend(activation: Pick<ActivationSummary, 'state' | 'attempts' | 'last_error'>): boolean {
  return activation.state === 'pending' && activation.attempts > 0 && UNKNOWN_FATE_CODES.includes(activation.last_error?.code ?? '');
}

/**
 * Milliseconds until the next scheduled run. `last` is the last finished run; `startedAtMs`
 * when this schedule started. A finish time in the future (clock moved back) counts as due.
 */
export function nextRunDueInMs(
  last: { finishedAtMs: number; outcome: ReconcileOutcome | null } | undefined,
  nowMs: number,
  startedAtMs: number,
  timing: ScheduleTiming,
): number {
  if (!last) return Math.max(0, startedAtMs + timing.firstRunMs - nowMs);
  if (last.finishedAtMs > nowMs) return 0;
  const wait =
    last.outcome === 'quota'
      ? msUntilDailyQuotaReset(last.finishedAtMs)
      : last.outcome === 'offline' || last.outcome === 'error'
        ? timing.retryMs
        : timing.intervalMs;
  return Math.max(0, last.finishedAtMs + wait - nowMs);
}

export function createReconcileSchedule(options: {
  service: ReconcileService;
  events: EventBus;
  logger: Logger;
  timing?: Partial<ScheduleTiming>;
  now?: () => number;
}): ReconcileSchedule {
  const { service } = options;
  const timing = { ...DEFAULT_SCHEDULE, ...options.timing };
  const now = options.now ?? Date.now;
  let startedAt = now();
  let afterTimeout = false;
  const dueInMs = () => {
    if (afterTimeout) return 0;
    const last = service.report().run;
    const finished = last?.finished_at ? { finishedAtMs: Date.parse(last.finished_at), outcome: last.outcome } : undefined;
    return nextRunDueInMs(finished, now(), startedAt, timing);
  };
  const loop = createWorkLoop({
    step: async () => {
      if (dueInMs() > 0) return 'idle';
      const trigger = afterTimeout ? 'timeout' : 'daily';
      afterTimeout = false;
      await service.run(trigger, 'system');
      return 'waiting';
    },
    nextDueInMs: dueInMs,
    onError: (error) => options.logger.error('reconcile run failed', { error: String(error) }),
    maxSleepMs: 600_000,
  });
  let unsubscribe: (() => void) | undefined;
  return {
    start() {
      startedAt = now();
      unsubscribe = options.events.subscribeAll((event, payload) => {
        if (event !== 'activation.changed' || !isUnknownFateSend(payload as ActivationSummary)) return;
        afterTimeout = true;
        loop.kick();
      });
      loop.start();
    },
    async stop() {
      unsubscribe?.();
      await loop.stop();
    },
  };
}
