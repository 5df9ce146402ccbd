/**
 * The outbox's lease and clock as pure functions over a row's facts: who may
 * take a row to 'sending', when a held row may be looked at again, and how a
 * wait or a lease pushed into the future by a clock moved back is re-based.
 * The store does the conditional UPDATEs; the sender asks the OS whether an
 * owner's process is still there (docs/activation.md).
 */
import type { ActivationRow } from './activation-store';

/** How long a sender holds a row it sends: longer than a codeactive call with all the client's retries. */
export const SENDER_LEASE_MS = 5 * 60_000;

/** A sender stops its own call this long before its lease runs out, so two calls for one row never overlap. */
export const LEASE_MARGIN_MS = 1_000;

/** How often a row held by another, living sender is looked at again. */
export const HELD_POLL_MS = 5_000;

/** A sender's id: the host and process it runs in, and a random part so two senders of one process differ. */
export function senderId(host: string, pid: number, token: string): string {
  return `${host}:${pid}:${token}`;
}

/** The host and process a sender id names, or undefined for an id in another form. */
export function ownerProcess(owner: string): { host: string; pid: number } | undefined {
  const match = /^(.*):(\d+):[^:]+$/.exec(owner);
  if (!match) return undefined;
  const pid = Number(match[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { host: match[1]!, pid } : undefined;
}

/** The facts about a row's lease the rules read. */
export type LeaseFacts = Pick<ActivationRow, 'state' | 'lease_owner' | 'lease_expires_at'>;

export type LeaseState =
  /** Pending: nobody holds it. */
  | 'free'
  /** Sending under this sender's own lease (an earlier step of it stopped mid-call). */
  | 'mine'
  /** Sending from before leases existed (no owner). */
  | 'unowned'
  /** Sending, but the lease ran out: the owner was killed or froze. */
  | 'expired'
  /** Sending under a lease whose owner's process is known to be gone (same host, no such process). */
  | 'owner-gone'
  /** Sending under another sender's lease that still runs. */
  | 'held';

/** Who holds a row; `ownerGone` is the OS's answer for the row's owner (false when it cannot tell). */
export function leaseState(row: LeaseFacts, me: string, nowMs: number, ownerGone: boolean): LeaseState {
  if (row.state !== 'sending') return 'free';
  if (row.lease_owner === null) return 'unowned';
  if (row.lease_owner === me) return 'mine';
  if (row.lease_expires_at === null || Date.parse(row.lease_expires_at) <= nowMs) return 'expired';
  return ownerGone ? 'owner-gone' : 'held';
}

/** Whether this sender may take the row to 'sending' now. */
export function mayTake(state: LeaseState): boolean {
  return state !== 'held';
}

/** When a held row is worth looking at again: when its lease runs out, or at the next poll if sooner. */
export function heldDueInMs(row: Pick<ActivationRow, 'lease_expires_at'>, nowMs: number): number {
  const expiresInMs = row.lease_expires_at === null ? 0 : Date.parse(row.lease_expires_at) - nowMs;
  return Math.max(0, Math.min(expiresInMs, HELD_POLL_MS));
}

/** The facts the clock rules read. */
export type ClockFacts = Pick<ActivationRow, 'state' | 'next_attempt_at' | 'retry_delay_ms' | 'lease_expires_at' | 'sent_at'>;

/** New times for a row whose wait or lease lies further ahead than it was ever meant to (the clock moved back). */
export interface Rebase {
  next_attempt_at?: string;
  lease_expires_at?: string;
}

/**
 * A due time further from now than the intended wait is re-based to now + wait;
 * a lease further from now than its own length (from `sent_at`) to now + that
 * length. Returns undefined when nothing needs it. Per row, so a long wait the
 * sender chose (e.g. a barcode under review) is kept, whatever its length.
 */
export function rebaseForClock(row: ClockFacts, nowMs: number): Rebase | undefined {
  const rebase: Rebase = {};
  if (row.state === 'pending' && row.next_attempt_at !== null && row.retry_delay_ms !== null) {
    if (Date.parse(row.next_attempt_at) - nowMs > row.retry_delay_ms) {
      rebase.next_attempt_at = new Date(nowMs + row.retry_delay_ms).toISOString();
    }
  }
  if (row.state === 'sending' && row.lease_expires_at !== null && row.sent_at !== null) {
    const leaseMs = Math.max(0, Date.parse(row.lease_expires_at) - Date.parse(row.sent_at));
    if (Date.parse(row.lease_expires_at) - nowMs > leaseMs) rebase.lease_expires_at = new Date(nowMs + leaseMs).toISOString();
  }
  return rebase.next_attempt_at || rebase.lease_expires_at ? rebase : undefined;
}
