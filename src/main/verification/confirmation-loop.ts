import { verificationErrors } from '../../shared/error-catalogue/verification';
import { createWorkLoop, type WorkLoop } from '../background/work-loop';
import type { EngineContext } from './engine-context';
import type { OfflineBackoff } from './offline-backoff';
import type { ScanRow } from './rows';
import type { ScanConfirmer } from './scan-confirmer';

export type StepResult = 'progressed' | 'waiting' | 'idle';

/** Scans asked about again per pass. */
const RETRY_BATCH = 200;

/**
 * The background confirmation: scans left pending (restart, CLI --local) or offline are asked
 * about again once the back-off allows; the first one probes, the rest follow if it got through.
 */
export function createConfirmationLoop(ctx: EngineContext, deps: { confirmer: ScanConfirmer; backoff: OfflineBackoff; enabled: boolean }) {
  const { store } = ctx;
  const { confirmer, backoff, enabled } = deps;
  let loop: WorkLoop | undefined;

  function candidates(): ScanRow[] {
    return store.unconfirmed(RETRY_BATCH).filter((row) => !confirmer.inFlight(row.id));
  }

  function stillUnconfirmed(id: number): boolean {
    const remote = store.scanById(id)?.remote;
    return remote === 'pending' || remote === 'offline';
  }

  /** One pass (the loop's step; tests and the CLI drive it directly). */
  async function confirmUnconfirmed(): Promise<StepResult> {
    if (!enabled || ctx.stopping()) return 'idle';
    const batch = candidates();
    if (batch.length === 0) return 'idle';
    if (backoff.active()) return 'waiting';
    const [first, ...rest] = batch;
    await confirmer.confirm(first!.id, true);
    if (backoff.active() || ctx.stopping()) return 'waiting';
    await Promise.all(rest.map((row) => confirmer.confirm(row.id)));
    if (backoff.active()) return 'waiting';
    if (batch.some((row) => !stillUnconfirmed(row.id))) return 'progressed';
    // Nothing moved and nothing said offline (an error was logged): wait like offline rather than spin.
    backoff.wentOffline(verificationErrors.VERIFY_CONFIRMATION_STALLED().toPayload());
    return 'waiting';
  }

  function nextDueInMs(): number | undefined {
    if (!enabled || candidates().length === 0) return undefined;
    return Math.max(0, backoff.until() - ctx.now());
  }

  return {
    confirmUnconfirmed,
    /** Something changed (offline, online): look again now. */
    kick: (): void => loop?.kick(),
    start(): void {
      if (!enabled || loop || ctx.stopping()) return;
      loop = createWorkLoop({
        step: confirmUnconfirmed,
        nextDueInMs,
        onError: (error) => ctx.logger.error('scan confirmation step failed', { error: String(error) }),
      });
      loop.start();
    },
    stop: async (): Promise<void> => loop?.stop(),
  };
}

export type ConfirmationLoop = ReturnType<typeof createConfirmationLoop>;
