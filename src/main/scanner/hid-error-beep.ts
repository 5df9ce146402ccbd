/** The scanner's own error beep, so the operator hears a refused scan at the scanner. */
import type { ScannerLogger } from './hid-api';
import type { HidPosLayout } from './hid-pos-decoder';
import { beepDecision } from './scanner-policy';
import type { ScannerRuntime } from './scanner-runtime';

export type BeepResult = { ok: true } | { ok: false; reason: 'not-connected' | 'unsupported' | 'write-failed'; message?: string };

/** Output report 0x04, bit 5 = Sound Error Beep (Honeywell HID POS trigger report). */
export const ERROR_BEEP_REPORT: readonly number[] = [0x04, 0x20];

/** Sends the beep when beepDecision says so; a scanner that refuses it is not asked again on this connection. */
export async function sendErrorBeep(
  runtime: ScannerRuntime,
  layout: HidPosLayout | undefined,
  logger: ScannerLogger | undefined,
): Promise<BeepResult> {
  const current = runtime.handle;
  const decision = beepDecision({
    connected: current !== undefined && runtime.state === 'connected',
    refusedBefore: runtime.beepRefused,
    layout,
  });
  if (decision !== 'send' || !current) return { ok: false, reason: decision === 'send' ? 'not-connected' : decision };
  try {
    await current.write([...ERROR_BEEP_REPORT]);
    return { ok: true };
  } catch (error) {
    runtime.beepRefused = true;
    logger?.warn('the scanner refused output report 0x04 (error beep); not trying again until it reconnects', { error: String(error) });
    return { ok: false, reason: 'write-failed', message: error instanceof Error ? error.message : String(error) };
  }
}
