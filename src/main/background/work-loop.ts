/**
 * A background loop for a queue kept in the ledger: run `step` while it makes
 * progress, then sleep until the next item is due (or until `kick`). Shared by
 * the batch worker and the activation outbox.
 */
export interface WorkLoop {
  start(): void;
  stop(): Promise<void>;
  /** Something was queued: look again now. */
  kick(): void;
}

export interface WorkLoopOptions {
  /** Does one unit of work; 'progressed' means look again at once. */
  step: () => Promise<'progressed' | 'waiting' | 'idle'>;
  /** Milliseconds until the next item is due, or undefined for "nothing queued". */
  nextDueInMs: () => number | undefined;
  onError: (error: unknown) => void;
  /** Upper bound of one sleep, so clock jumps and missed kicks heal themselves. */
  maxSleepMs?: number;
}

export function createWorkLoop(options: WorkLoopOptions): WorkLoop {
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  let running: { stop: AbortController; done: Promise<void> } | undefined;
  let wake: (() => void) | undefined;

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let result: 'progressed' | 'waiting' | 'idle';
      try {
        result = await options.step();
      } catch (error) {
        options.onError(error);
        result = 'waiting';
      }
      // Yield between steps so IPC and scans are served during long runs of work.
      await new Promise((resolve) => setImmediate(resolve));
      if (result === 'progressed' || signal.aborted) continue;
      const due = options.nextDueInMs();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(due ?? maxSleepMs, maxSleepMs));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        signal.addEventListener('abort', () => wake?.(), { once: true });
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      const stop = new AbortController();
      running = { stop, done: run(stop.signal) };
    },
    async stop() {
      if (!running) return;
      running.stop.abort();
      await running.done;
      running = undefined;
    },
    kick: () => wake?.(),
  };
}
