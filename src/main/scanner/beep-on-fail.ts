import type { EventPayload } from '../../shared/contract';
import type { EventBus } from '../events';
import type { ScannerLogger } from './hid-api';
import type { HidScannerService } from './hid-scanner-service';

/**
 * Sounds the scanner's error beep when the verification engine gives a HID scan any verdict but
 * PASS (`verify.scanned`), or refuses it (`verify.scanRefused`, e.g. a FAIL still waiting for its
 * acknowledgement): the operator hears it at the scanner, not only on the screen. Later changes
 * of a verdict (`verify.scanUpdated`, remote confirmation) do not beep: the carton has moved on.
 * Returns the unsubscribe.
 */
export function beepOnHidFailures(
  events: Pick<EventBus, 'subscribeAll'>,
  scanner: Pick<HidScannerService, 'beepError'>,
  logger?: Pick<ScannerLogger, 'warn'>,
): () => void {
  return events.subscribeAll((event, payload) => {
    let fail = false;
    if (event === 'verify.scanned') {
      const scan = payload as EventPayload<'verify.scanned'>;
      fail = scan.source === 'hid' && scan.verdict !== 'PASS';
    } else if (event === 'verify.scanRefused') {
      fail = (payload as EventPayload<'verify.scanRefused'>).source === 'hid';
    }
    if (!fail) return;
    void scanner.beepError().then((result) => {
      if (!result.ok && result.reason === 'write-failed') logger?.warn('error beep not sounded', { reason: result.reason });
    });
  });
}
