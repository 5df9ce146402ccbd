/** Who may acknowledge a FAIL, and when `verify.acknowledge` does it, as tables. */
import { describe, expect, it } from 'vitest';
import { acknowledgeOutcome, acknowledgeRole, ackModeOf, isAckCode, type AckMode } from '@main/verification/acknowledgement-rules';
import type { AcknowledgeRequest, Verdict } from '@shared/verification-contract';

describe('acknowledgeRole', () => {
  it.each<[AckMode, AcknowledgeRequest['via'], 'operator' | 'supervisor']>([
    ['button', 'button', 'operator'],
    ['button', 'ack_code', 'operator'],
    // With an ACK code in use, the on-screen button is the supervisor's way round it.
    ['ack_code', 'button', 'supervisor'],
    ['ack_code', 'ack_code', 'operator'],
  ])('ackMode %s, via %s → %s', (mode, via, role) => {
    expect(acknowledgeRole(mode, { via })).toBe(role);
  });

  it.each<[AckMode, AcknowledgeRequest['via'], Verdict | undefined, 'operator' | 'supervisor']>([
    // Letting a re-scanned carton through is a supervisor's exception, whatever the mode.
    ['button', 'button', 'DUPLICATE', 'supervisor'],
    ['ack_code', 'button', 'DUPLICATE', 'supervisor'],
    // The ACK code is the supervisor's card: it acknowledges a DUPLICATE too.
    ['ack_code', 'ack_code', 'DUPLICATE', 'operator'],
    ['button', 'button', 'WRONG_PRODUCT', 'operator'],
    ['button', 'button', 'NOT_ACTIVATED', 'operator'],
    ['button', 'button', undefined, 'operator'],
  ])('ackMode %s, via %s, a %s → %s', (mode, via, verdict, role) => {
    expect(acknowledgeRole(mode, { via }, verdict)).toBe(role);
  });

  it.each<[object, AckMode]>([
    [{}, 'button'],
    [{ ackMode: 'button' }, 'button'],
    [{ ackMode: 'ack_code' }, 'ack_code'],
    [{ ackMode: 'something else' }, 'button'],
  ])('the settings %j mean ackMode %s', (settings, mode) => {
    expect(ackModeOf(settings)).toBe(mode);
  });
});

describe('isAckCode', () => {
  it.each<[string | null, string, boolean]>([
    ['ACK-OK', 'ACK-OK', true],
    ['ACK-OK', 'ACK-NO', false],
    [null, 'ACK-OK', false],
  ])('station code %s, scanned %s → %s', (station, scanned, expected) => {
    expect(isAckCode(station, scanned)).toBe(expected);
  });
});

describe('acknowledgeOutcome', () => {
  const waiting = { needs_ack: 1 as const, acknowledged_at: null };
  const done = { needs_ack: 1 as const, acknowledged_at: '2025-05-06T07:00:00.000Z' };
  const passed = { needs_ack: 0 as const, acknowledged_at: null };
  it.each<[string, typeof waiting | typeof done | typeof passed | undefined, AcknowledgeRequest, string | null, string]>([
    ['a waiting FAIL by button', waiting, { scan_id: 1, via: 'button' }, null, 'acknowledge'],
    [
      'a waiting FAIL by button, even with an ACK code in use (the role rule guards it)',
      waiting,
      { scan_id: 1, via: 'button' },
      'ACK-OK',
      'acknowledge',
    ],
    [
      'a waiting FAIL by the right ACK code, as scanned',
      waiting,
      { scan_id: 1, via: 'ack_code', code: ']Q1ack-ok\r' },
      'ACK-OK',
      'acknowledge',
    ],
    ['by a wrong ACK code', waiting, { scan_id: 1, via: 'ack_code', code: 'ACK-NO' }, 'ACK-OK', 'VERIFY_ACK_CODE_WRONG'],
    ['by ACK code without one', waiting, { scan_id: 1, via: 'ack_code' }, 'ACK-OK', 'VERIFY_ACK_CODE_WRONG'],
    ['by ACK code at a station that uses none', waiting, { scan_id: 1, via: 'ack_code', code: 'ACK-OK' }, null, 'VERIFY_ACK_CODE_WRONG'],
    [
      'one already acknowledged is returned as it is, before the code is checked',
      done,
      { scan_id: 1, via: 'ack_code', code: 'ACK-NO' },
      'ACK-OK',
      'already_acknowledged',
    ],
    ['a PASS needs none, before anything else', passed, { scan_id: 1, via: 'ack_code', code: 'ACK-NO' }, 'ACK-OK', 'VERIFY_ACK_NOT_NEEDED'],
    ['no such scan', undefined, { scan_id: 9, via: 'button' }, null, 'VERIFY_SCAN_NOT_FOUND'],
  ])('%s', (_, scan, request, stationCode, expected) => {
    const outcome = acknowledgeOutcome(scan, request, stationCode);
    expect(outcome.kind === 'refuse' ? outcome.error.code : outcome.kind).toBe(expected);
  });

  it('names the scan it refuses', () => {
    const outcome = acknowledgeOutcome(undefined, { scan_id: 9, via: 'button' }, null);
    expect(outcome.kind === 'refuse' && outcome.error.details).toEqual({ scan_id: 9 });
  });
});
