/**
 * Who may acknowledge a FAIL, and what counts as the ACK code: pure rules over
 * the station's settings and the request (handlers.ts asks `acknowledgeRole`
 * for the actor before the engine records anything).
 */
import type { AppError } from '../../shared/errors';
import { verificationErrors } from '../../shared/error-catalogue/verification';
import type { AcknowledgeRequest, Verdict } from '../../shared/verification-contract';
import { normalizeScan } from '../scan/normalize-scan';
import type { ScanRow } from './rows';

/** 'button': the on-screen button acknowledges; 'ack_code': scanning the printed ACK code does. */
export type AckMode = 'button' | 'ack_code';

/** The acknowledgement mode in a station's settings: 'button' unless set to 'ack_code'. */
export function ackModeOf(settings: { ackMode?: unknown }): AckMode {
  return settings.ackMode === 'ack_code' ? 'ack_code' : 'button';
}

/**
 * Who may acknowledge: whoever is at the station, except with the on-screen button
 * while an ACK code is in use, where the button is the supervisor's way round it, and
 * with the button for a DUPLICATE: letting a re-scanned carton pass is a supervisor's
 * exception (DESIGN §5, §6a). The ACK code stays the supervisor's card in ack_code mode.
 * `verdict` is the scan's current verdict (undefined: not known, e.g. no such scan).
 */
export function acknowledgeRole(
  ackMode: AckMode,
  request: Pick<AcknowledgeRequest, 'via'>,
  verdict?: Verdict,
): 'operator' | 'supervisor' {
  if (request.via !== 'button') return 'operator';
  return ackMode === 'ack_code' || verdict === 'DUPLICATE' ? 'supervisor' : 'operator';
}

/** Whether a normalised scan is the station's ACK code (null: the station uses none). */
export function isAckCode(stationAckCode: string | null, normalizedValue: string): boolean {
  return stationAckCode !== null && normalizedValue === stationAckCode;
}

/** What `verify.acknowledge` does with a scan: acknowledge it, return it as it is (already done), or refuse. */
export type AcknowledgeOutcome<S> =
  { kind: 'acknowledge'; scan: S } | { kind: 'already_acknowledged'; scan: S } | { kind: 'refuse'; error: AppError };

/**
 * In order: the scan must exist and need acknowledging; one already acknowledged is returned as it is
 * (idempotent); by ACK code, the code given must be the station's (normalised as a scan of it would be).
 */
export function acknowledgeOutcome<S extends Pick<ScanRow, 'needs_ack' | 'acknowledged_at'>>(
  scan: S | undefined,
  request: AcknowledgeRequest,
  stationAckCode: string | null,
): AcknowledgeOutcome<S> {
  if (!scan) return { kind: 'refuse', error: verificationErrors.VERIFY_SCAN_NOT_FOUND({ scan_id: request.scan_id }) };
  if (scan.needs_ack === 0) return { kind: 'refuse', error: verificationErrors.VERIFY_ACK_NOT_NEEDED({ scan_id: request.scan_id }) };
  if (scan.acknowledged_at) return { kind: 'already_acknowledged', scan };
  if (request.via === 'ack_code' && !isAckCode(stationAckCode, normalizeScan(request.code ?? '').value)) {
    return { kind: 'refuse', error: verificationErrors.VERIFY_ACK_CODE_WRONG() };
  }
  return { kind: 'acknowledge', scan };
}
