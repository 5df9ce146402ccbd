/** What the scanner service knows at a moment, shared by its parts, and the status it publishes from it. */
import type { AppErrorPayload } from '../../shared/errors';
import type { HidScannerChoice, ScannerState, ScannerStatus } from '../../shared/scanner-contract';
import type { HidHandle, HidLoader } from './hid-api';
import { scannerStatus } from './scanner-policy';

export interface ScannerRuntime {
  choice: HidScannerChoice | undefined;
  /** The open device, while connected. */
  handle: HidHandle | undefined;
  state: ScannerState;
  lastError: AppErrorPayload | undefined;
  /** Bumped by select/forget/close so an open still under way knows it is no longer wanted. */
  generation: number;
  closed: boolean;
  /** The scanner refused the error beep on this connection: not tried again until it reconnects. */
  beepRefused: boolean;
}

export function createScannerRuntime(choice: HidScannerChoice | undefined): ScannerRuntime {
  return { choice, handle: undefined, state: 'idle', lastError: undefined, generation: 0, closed: false, beepRefused: false };
}

export interface StatusPublisher {
  status(): ScannerStatus;
  /** Pushes the status when it changed: a scanner left unplugged is retried every 2 s without repeating itself. */
  publish(): void;
}

export function createStatusPublisher(
  runtime: ScannerRuntime,
  loadHid: HidLoader,
  onStatus: ((status: ScannerStatus) => void) | undefined,
): StatusPublisher {
  let published = '';
  const status = () => {
    const hid = loadHid();
    return scannerStatus({ hid: hid.ok ? { ok: true } : hid, state: runtime.state, choice: runtime.choice, lastError: runtime.lastError });
  };
  return {
    status,
    publish() {
      const current = status();
      const text = JSON.stringify(current);
      if (text === published) return;
      published = text;
      onStatus?.(current);
    },
  };
}
