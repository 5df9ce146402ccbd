/**
 * Holds the composed part of the mode in force (its ledger and every service on it) and swaps it when the mode
 * changes: the old part is closed (its batch worker, outbox and confirm loop stopped, its ledger closed) before the
 * other mode's part is composed, so nothing of the old mode runs, or is sent, after the switch.
 */
import type { AppMode } from '../../shared/contract';
import type { Logger } from '../logging';

/** What the holder needs of a mode's part. */
export interface ModePartLifecycle {
  readonly mode: AppMode;
  /** Starts its background work. */
  start(): void;
  /** Stops its background work and closes what it opened. */
  close(): Promise<void>;
}

export interface ModeHolder<Part extends ModePartLifecycle> {
  /** The part of the mode in force (the old one until a switch under way has finished). */
  current(): Part;
  /** Resolves once no switch is under way; never rejects. */
  settled(): Promise<void>;
  /**
   * Closes the current part and composes the given mode's (nothing when it is already in force). The new part's
   * background work starts if the holder was started. If composing fails, the old mode's part is composed again.
   */
  switchTo(mode: AppMode): Promise<void>;
  /** Starts the current part's background work, and every later part's. */
  start(): void;
  /** Waits for a switch under way, then closes the current part. */
  close(): Promise<void>;
}

export function createModeHolder<Part extends ModePartLifecycle>(
  compose: (mode: AppMode) => Part,
  firstMode: AppMode,
  logger: Logger,
): ModeHolder<Part> {
  let current = compose(firstMode);
  let started = false;
  let queue: Promise<void> = Promise.resolve();

  async function replace(mode: AppMode): Promise<void> {
    if (current.mode === mode) return;
    const old = current;
    await old.close();
    try {
      current = compose(mode);
    } catch (error) {
      logger.error('mode switch failed; staying in the old mode', { from: old.mode, to: mode, error: String(error) });
      current = compose(old.mode);
      if (started) current.start();
      throw error;
    }
    if (started) current.start();
    logger.info('mode switched', { from: old.mode, to: mode });
  }

  return {
    current: () => current,
    settled: () => queue.catch(() => undefined),
    switchTo(mode) {
      const next = queue.catch(() => undefined).then(() => replace(mode));
      queue = next;
      return next;
    },
    start() {
      started = true;
      current.start();
    },
    async close() {
      await queue.catch(() => undefined);
      await current.close();
    },
  };
}
