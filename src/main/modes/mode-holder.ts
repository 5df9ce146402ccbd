/**
 * Holds the composed part of the mode in force (its ledger and every service on it) and swaps it when the mode
 * changes. The other mode's part is composed and put in force at once, so a call right after the switch (a bridge
 * request, the CLI, a test) already reaches the new ledger; the old part is closed behind it (its batch worker, outbox
 * and confirm loop stopped, its ledger closed), and the new part's background work starts only once every older part
 * has closed, so two workers never share a ledger. A part's WeChat client answers only while that part is in force
 * (`isCurrent`, see mode-connection.ts): nothing of the old mode is sent after the switch.
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
  /** The part of the mode in force. */
  current(): Part;
  /** Resolves once the parts replaced so far are closed and the current one has started (if started); never rejects. */
  settled(): Promise<void>;
  /**
   * Puts the given mode's part in force (nothing when it already is) and closes the old one behind it. If composing
   * the new part fails (its ledger refused to open), the old one stays in force, logged: its client refuses to send
   * in the other mode (mode-connection.ts), so nothing goes out until the mode is set back or the file is fixed.
   */
  switchTo(mode: AppMode): void;
  /** Starts the current part's background work, and every later part's. */
  start(): void;
  /** Waits for replaced parts to close, then closes the current one. */
  close(): Promise<void>;
}

/** `compose` builds a mode's part; `isCurrent` says whether that part is still the one in force. */
export function createModeHolder<Part extends ModePartLifecycle>(
  compose: (mode: AppMode, isCurrent: () => boolean) => Part,
  firstMode: AppMode,
  logger: Logger,
): ModeHolder<Part> {
  let generation = 0;
  const composeCurrent = (mode: AppMode) => {
    const mine = generation + 1;
    const part = compose(mode, () => generation === mine);
    generation = mine;
    return part;
  };
  let current = composeCurrent(firstMode);
  let started = false;
  /** Replaced parts not yet closed: the current part starts when this is back to 0. */
  let replacing = 0;
  let closing: Promise<void> = Promise.resolve();

  return {
    current: () => current,
    settled: () => closing,
    switchTo(mode) {
      if (current.mode === mode) return;
      const old = current;
      try {
        current = composeCurrent(mode);
      } catch (error) {
        logger.error('could not open the other mode; staying in the old one', { from: old.mode, to: mode, error: String(error) });
        return;
      }
      replacing += 1;
      closing = closing
        .then(() => old.close())
        .catch((error: unknown) => logger.error('closing the old mode failed', { mode: old.mode, error: String(error) }))
        .then(() => {
          replacing -= 1;
          if (started && replacing === 0) current.start();
        });
      logger.info('mode switched', { from: old.mode, to: mode });
    },
    start() {
      started = true;
      if (replacing === 0) current.start();
    },
    async close() {
      started = false;
      await closing;
      await current.close();
    },
  };
}
