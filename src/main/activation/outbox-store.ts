/**
 * The outbox sender's writes to `activations`: taking a row under a lease,
 * moving it on (owner only), re-basing its times and recording its
 * confirmation. Each is one conditional UPDATE that reports whether it applied
 * (docs/activation.md). Callers own transactions.
 */
import type { AppErrorPayload } from '../../shared/errors';
import type { SqliteDatabase } from '../ledger';
import type { ActivationRow } from './activation-store';

/** What a sender saw of a row when it decided to take it: the UPDATE takes it only if nothing moved since. */
export type SeenRow = Pick<ActivationRow, 'id' | 'state' | 'attempts' | 'lease_owner' | 'next_attempt_at' | 'lease_expires_at'>;

/** A sender taking a row to 'sending': who, from when, until when; `goneOwner` is an owner the OS says is gone. */
export interface LeaseTake {
  owner: string;
  now: string;
  expires: string;
  goneOwner: string | null;
}

export function createOutboxWrites(db: SqliteDatabase) {
  const statements = {
    // pending → sending in one UPDATE with its owner and lease; only if the row is as the sender saw it
    // (each take counts an attempt) and no living owner's lease still runs.
    take: db.prepare(
      `UPDATE activations SET state = 'sending', attempts = attempts + 1, sent_at = @now, updated_at = @now,
         lease_owner = @owner, lease_expires_at = @expires
       WHERE id = @id AND state = @state AND attempts = @attempts AND state IN ('pending', 'sending')
         AND (state = 'pending' OR lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at IS NULL
              OR lease_expires_at <= @now OR lease_owner = @goneOwner)`,
    ),
    // Only the owner moves a row on from 'sending'; the lease ends with it.
    setActive: db.prepare(
      `UPDATE activations SET state = 'active', last_error_json = NULL, next_attempt_at = NULL, retry_delay_ms = NULL,
         lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state = 'sending' AND lease_owner = ?`,
    ),
    setWaiting: db.prepare(
      `UPDATE activations SET state = 'pending', last_error_json = ?, next_attempt_at = ?, retry_delay_ms = ?,
         lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state = 'sending' AND lease_owner = ?`,
    ),
    setFinal: db.prepare(
      `UPDATE activations SET state = ?, last_error_json = ?, next_attempt_at = NULL, retry_delay_ms = NULL,
         lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state = 'sending' AND lease_owner = ?`,
    ),
    rebase: db.prepare(
      `UPDATE activations SET next_attempt_at = coalesce(@next_attempt_at, next_attempt_at),
         lease_expires_at = coalesce(@lease_expires_at, lease_expires_at)
       WHERE id = @id AND state = @state AND attempts = @attempts AND next_attempt_at IS @seen_next AND lease_expires_at IS @seen_lease`,
    ),
    // Once: a second sender confirming the same row at the same time records nothing more.
    setConfirmation: db.prepare(
      'UPDATE activations SET confirmation_json = ?, confirmed_at = ?, updated_at = ? WHERE id = ? AND confirmed_at IS NULL',
    ),
  };
  return {
    /** Takes the row to 'sending' under `lease`; false when it moved since `seen` or another living sender holds it. */
    take: (seen: SeenRow, lease: LeaseTake) =>
      statements.take.run({ id: seen.id, state: seen.state, attempts: seen.attempts, ...lease }).changes === 1,
    markActive: (id: number, owner: string, now: string) => statements.setActive.run(now, id, owner).changes === 1,
    markWaiting: (id: number, owner: string, error: AppErrorPayload, wait: { nextAttemptAt: string; delayMs: number }, now: string) =>
      statements.setWaiting.run(JSON.stringify(error), wait.nextAttemptAt, wait.delayMs, now, id, owner).changes === 1,
    markFinal: (id: number, owner: string, state: 'failed' | 'conflict', error: AppErrorPayload, now: string) =>
      statements.setFinal.run(state, JSON.stringify(error), now, id, owner).changes === 1,
    /** Writes re-based times (outbox-lease.ts) if the row is still as seen. */
    rebase: (seen: SeenRow, times: { next_attempt_at?: string; lease_expires_at?: string }) =>
      statements.rebase.run({
        id: seen.id,
        state: seen.state,
        attempts: seen.attempts,
        seen_next: seen.next_attempt_at,
        seen_lease: seen.lease_expires_at,
        next_attempt_at: times.next_attempt_at ?? null,
        lease_expires_at: times.lease_expires_at ?? null,
      }).changes === 1,
    /** Records the confirmation unless the row has one already; false then. */
    recordConfirmation: (id: number, confirmation: unknown, now: string) =>
      statements.setConfirmation.run(JSON.stringify(confirmation), now, now, id).changes === 1,
  };
}
