import type { AppErrorPayload } from '../../shared/errors';
import type { ActivationState } from '../../shared/activation-contract';
import type { ProductDetails } from '../../shared/products-contract';
import type { SqliteDatabase } from '../ledger';
import { FROM_STATES } from './activation-rules';

/** A row of `activations`: the range, the product details copied at recording, and its place in the outbox. */
export interface ActivationRow extends ProductDetails {
  id: number;
  application_id: number;
  code_start: number;
  code_end: number;
  print_run_id: number | null;
  state: ActivationState;
  attempts: number;
  next_attempt_at: string | null;
  last_error_json: string | null;
  confirmation_json: string | null;
  confirmed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** The sender holding the row while 'sending' (outbox-lease.ts), and until when. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The wait intended when `next_attempt_at` was set (a clock moved back is re-based with it). */
  retry_delay_ms: number | null;
}

/** What a sender saw of a row when it decided to take it: the UPDATE takes it only if nothing moved since. */
export type SeenRow = Pick<ActivationRow, 'id' | 'state' | 'attempts' | 'lease_owner' | 'next_attempt_at' | 'lease_expires_at'>;

/** A sender taking a row to 'sending': who, from when, until when; `goneOwner` is an owner the OS says is gone. */
export interface LeaseTake {
  owner: string;
  now: string;
  expires: string;
  goneOwner: string | null;
}

export type NewActivation = Pick<
  ActivationRow,
  'application_id' | 'code_start' | 'code_end' | keyof ProductDetails | 'print_run_id' | 'created_by'
>;

/** `'a', 'b'` for a SQL `IN (…)` over fixed state names. */
const sqlStates = (states: readonly ActivationState[]): string => states.map((state) => `'${state}'`).join(', ');

/** SQL for activations (each row is its own outbox entry). Callers own transactions. */
export function createActivationStore(db: SqliteDatabase) {
  const statements = {
    insert: db.prepare(
      `INSERT INTO activations (application_id, code_start, code_end, product_code, product_brand, product_title, activity_name,
         wxa_appid, wxa_path, wxa_type, print_run_id, state, created_by, created_at, updated_at)
       VALUES (@application_id, @code_start, @code_end, @product_code, @product_brand, @product_title, @activity_name,
         @wxa_appid, @wxa_path, @wxa_type, @print_run_id, 'pending', @created_by, @now, @now)`,
    ),
    byId: db.prepare('SELECT * FROM activations WHERE id = ?'),
    all: db.prepare('SELECT * FROM activations ORDER BY id DESC LIMIT 1000'),
    ofApplication: db.prepare('SELECT * FROM activations WHERE application_id = ? ORDER BY code_start, id'),
    overlapping: db.prepare(
      `SELECT * FROM activations WHERE application_id = ? AND state IN ('pending', 'sending', 'active')
       AND code_start <= ? AND ? <= code_end ORDER BY code_start LIMIT 1`,
    ),
    outboxHead: db.prepare("SELECT * FROM activations WHERE state IN ('pending', 'sending') ORDER BY id LIMIT 1"),
    unconfirmed: db.prepare("SELECT * FROM activations WHERE state = 'active' AND confirmed_at IS NULL ORDER BY id LIMIT 1"),
    outbox: db.prepare("SELECT * FROM activations WHERE state IN ('pending', 'sending', 'failed', 'conflict') ORDER BY id"),
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
    retry: db.prepare(
      `UPDATE activations SET state = 'pending', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN (${sqlStates(FROM_STATES.retry)})`,
    ),
    cancel: db.prepare(
      `UPDATE activations SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN (${sqlStates(FROM_STATES.cancel)})`,
    ),
  };
  return {
    insert: (activation: NewActivation, now: string) => Number(statements.insert.run({ ...activation, now }).lastInsertRowid),
    byId: (id: number) => statements.byId.get(id) as ActivationRow | undefined,
    all: () => statements.all.all() as ActivationRow[],
    ofApplication: (applicationId: number) => statements.ofApplication.all(applicationId) as ActivationRow[],
    firstOverlapping: (applicationId: number, start: number, end: number) =>
      statements.overlapping.get(applicationId, end, start) as ActivationRow | undefined,
    outboxHead: () => statements.outboxHead.get() as ActivationRow | undefined,
    outbox: () => statements.outbox.all() as ActivationRow[],
    firstUnconfirmed: () => statements.unconfirmed.get() as ActivationRow | undefined,
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
    retry: (id: number, now: string) => statements.retry.run(now, id).changes === 1,
    cancel: (id: number, now: string) => statements.cancel.run(now, id).changes === 1,
  };
}

export type ActivationStore = ReturnType<typeof createActivationStore>;
