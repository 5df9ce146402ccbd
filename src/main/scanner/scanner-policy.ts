/**
 * The scanner's decisions, as pure functions over plain facts: what the status
 * says, whether to connect at start, when to retry, whether a failure is news,
 * whether an open that finished late is still wanted, and whether to send the
 * error beep. The service around them does the I/O and keeps the timers.
 */
import type { AppErrorPayload } from '../../shared/errors';
import type { HidScannerChoice, ScannerState, ScannerStatus } from '../../shared/scanner-contract';
import type { HidPosLayout } from './hid-pos-decoder';

export interface ScannerFacts {
  /** Whether node-hid loaded, and why not. */
  hid: { ok: true } | { ok: false; reason: string };
  state: ScannerState;
  choice: HidScannerChoice | undefined;
  lastError: AppErrorPayload | undefined;
}

/** The status as the renderer sees it: without node-hid the state is idle, whatever was chosen. */
export function scannerStatus(facts: ScannerFacts): ScannerStatus {
  const status: ScannerStatus = { available: facts.hid.ok, state: facts.hid.ok ? facts.state : 'idle' };
  if (!facts.hid.ok) status.reason = facts.hid.reason;
  if (facts.choice) status.selected = { ...facts.choice };
  if (facts.lastError) status.last_error = facts.lastError;
  return status;
}

/** At start: connect when a scanner is chosen, node-hid is there and nothing is under way; otherwise just say how things are. */
export function startAction(facts: { chosen: boolean; available: boolean; state: ScannerState }): 'connect' | 'publish' {
  return facts.chosen && facts.available && facts.state === 'idle' ? 'connect' : 'publish';
}

/** A chosen scanner that is not open is tried again, until it is forgotten or the service closes. */
export function shouldRetry(facts: { closed: boolean; chosen: boolean }): boolean {
  return !facts.closed && facts.chosen;
}

/**
 * An open (or a loss) belongs to the choice current when it began: select, forget and close bump
 * the generation, so one that finishes later is not used (and its device is closed).
 */
export function attemptCurrent(facts: { wanted: number; generation: number; closed: boolean }): boolean {
  return facts.wanted === facts.generation && !facts.closed;
}

/** A failure worth a log line: not the same failure again while retrying every 2 s. */
export function failureIsNews(facts: { state: ScannerState; lastErrorCode: string | undefined; code: string }): boolean {
  return !(facts.state === 'disconnected' && facts.lastErrorCode === facts.code);
}

export type BeepDecision = 'send' | 'not-connected' | 'unsupported';

/**
 * Whether to send the error beep: only to a connected scanner, not again once it refused one on this
 * connection, and never to a Newland-layout one (its output report 0x04 carries length-prefixed
 * serial commands, not the trigger bits).
 */
export function beepDecision(facts: { connected: boolean; refusedBefore: boolean; layout: HidPosLayout | undefined }): BeepDecision {
  if (!facts.connected) return 'not-connected';
  if (facts.refusedBefore || facts.layout === 'trailer') return 'unsupported';
  return 'send';
}
