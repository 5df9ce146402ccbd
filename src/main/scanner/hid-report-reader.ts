/**
 * Input reports → scans: the decoder, and the timer that gives up on a scan
 * whose continuation report never comes.
 */
import { isAppError } from '../../shared/errors';
import { createTimerSlot, type ScannerLogger, type TimerApi } from './hid-api';
import type { HidPosDecoder, HidPosError, HidPosLayout } from './hid-pos-decoder';

export interface HidScanMeta {
  symbology: string;
  layout: HidPosLayout;
}

export interface ReportReaderOptions {
  decoder: HidPosDecoder;
  timers: TimerApi;
  now: () => number;
  continuationTimeoutMs: number;
  /** A whole scan, trailing CR dropped. */
  onScan: (text: string, meta: HidScanMeta) => void;
  /** A report (or a missing continuation) the decoder refused. */
  onRefused: (error: HidPosError) => void;
}

export interface ReportReader {
  push(data: Buffer | Uint8Array | readonly number[]): void;
  /** Forgets a pending continuation and the detected layout (a new connection may be another scanner). */
  reset(): void;
  /** Stops waiting for a continuation. */
  stop(): void;
}

export function createReportReader(options: ReportReaderOptions): ReportReader {
  const { decoder, now } = options;
  const continuation = createTimerSlot(options.timers);
  return {
    push(data) {
      continuation.clear();
      const result = decoder.push(data, now());
      if (result.kind === 'partial') {
        continuation.set(() => {
          const expired = decoder.expire(now());
          if (expired) options.onRefused(expired);
        }, options.continuationTimeoutMs);
      } else if (result.kind === 'error') {
        options.onRefused(result);
      } else {
        options.onScan(result.text, { symbology: result.symbology, layout: result.layout });
      }
    },
    reset() {
      continuation.clear();
      decoder.reset();
    },
    stop: continuation.clear,
  };
}

/**
 * Hands a scan to the handler without letting it break the reader. The engine refuses some scans on
 * purpose (an unacknowledged FAIL, no session): that is news, not a fault.
 */
export function deliverScan(
  onScan: (text: string, meta: HidScanMeta) => unknown,
  text: string,
  meta: HidScanMeta,
  logger: ScannerLogger | undefined,
): void {
  const failed = (error: unknown) => {
    if (isAppError(error)) logger?.info('HID scan refused', { code: error.code });
    else logger?.error('HID scan handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  };
  try {
    const outcome = onScan(text, meta);
    if (outcome instanceof Promise) outcome.catch(failed);
  } catch (error) {
    failed(error);
  }
}
