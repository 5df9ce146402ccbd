import type { ActivationState } from '../../shared/activation-contract';
import type { ProductDetails } from '../../shared/products-contract';
import type { SqliteDatabase } from '../ledger';
import { FROM_STATES, type RemoteCheckFact } from './activation-rules';
import { UNDER_REVIEW_CODE } from './activation-summary';
import { createOutboxWrites } from './outbox-store';

/** 1 for a pending row waiting out a barcode review, else 0 (never NULL: NULL would sort first). */
const IN_REVIEW = `(state = 'pending' AND IFNULL(json_extract(last_error_json, '$.code') = '${UNDER_REVIEW_CODE}', 0))`;

export type { LeaseTake, SeenRow } from './outbox-store';

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
    // Recording order, except that an activation waiting out a barcode review (errcode 1, 24 h) does not hold back
    // the ones recorded after it: review waits go last, the soonest due first.
    outboxHead: db.prepare(
      `SELECT * FROM activations WHERE state IN ('pending', 'sending')
       ORDER BY ${IN_REVIEW}, CASE WHEN ${IN_REVIEW} THEN next_attempt_at END, id LIMIT 1`,
    ),
    unconfirmed: db.prepare("SELECT * FROM activations WHERE state = 'active' AND confirmed_at IS NULL ORDER BY id LIMIT 1"),
    outbox: db.prepare("SELECT * FROM activations WHERE state IN ('pending', 'sending', 'failed', 'conflict') ORDER BY id"),
    retry: db.prepare(
      `UPDATE activations SET state = 'pending', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN (${sqlStates(FROM_STATES.retry)})`,
    ),
    // The reconcile area's table (migration 010): what WeChat last said about the activation.
    remoteCheck: db.prepare('SELECT remote, attempts FROM reconcile_checks WHERE activation_id = ?'),
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
    ...createOutboxWrites(db),
    retry: (id: number, now: string) => statements.retry.run(now, id).changes === 1,
    cancel: (id: number, now: string) => statements.cancel.run(now, id).changes === 1,
    remoteCheck: (id: number) => statements.remoteCheck.get(id) as RemoteCheckFact | undefined,
  };
}

export type ActivationStore = ReturnType<typeof createActivationStore>;
