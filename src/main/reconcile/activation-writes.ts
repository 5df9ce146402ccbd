/**
 * The activation reads and writes reconcile's repairs make (adopting WeChat's
 * activation, superseding the ledger's, queueing one again). Callers own
 * transactions; the activations table's triggers still guard overlaps.
 */
import type { ActivationState } from '../../shared/activation-contract';
import type { ProductDetails } from '../../shared/products-contract';
import type { ActivationRow } from '../activation';
import type { SqliteDatabase } from '../ledger';
import { HELD_STATES } from './reconcile-rules';

/** An activation taken over from WeChat: its range and details, and who adopted it. */
export type AdoptedActivation = Pick<ActivationRow, 'application_id' | 'code_start' | 'code_end' | keyof ProductDetails | 'created_by'>;

const heldStates = HELD_STATES.map((state) => `'${state}'`).join(', ');

export function createActivationWrites(db: SqliteDatabase) {
  const statements = {
    activation: db.prepare('SELECT * FROM activations WHERE id = ?'),
    productByCode: db.prepare('SELECT * FROM products WHERE product_code = ?'),
    overlappingHeld: db.prepare(
      `SELECT * FROM activations WHERE application_id = ? AND state IN (${heldStates}) AND code_start <= ? AND ? <= code_end ORDER BY id`,
    ),
    markAdopted: db.prepare(
      `UPDATE activations SET state = 'active', last_error_json = NULL, next_attempt_at = NULL, confirmation_json = ?, confirmed_at = ?,
         updated_at = ? WHERE id = ? AND state = ?`,
    ),
    supersede: db.prepare(
      "UPDATE activations SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN ('pending', 'active', 'conflict', 'failed')",
    ),
    requeue: db.prepare(
      `UPDATE activations SET state = 'pending', next_attempt_at = NULL, confirmation_json = NULL, confirmed_at = NULL, updated_at = ?
       WHERE id = ? AND state = ?`,
    ),
    insertAdopted: db.prepare(
      `INSERT INTO activations (application_id, code_start, code_end, product_code, product_brand, product_title, activity_name,
         wxa_appid, wxa_path, wxa_type, print_run_id, state, confirmation_json, confirmed_at, created_by, created_at, updated_at)
       VALUES (@application_id, @code_start, @code_end, @product_code, @product_brand, @product_title, @activity_name,
         @wxa_appid, @wxa_path, @wxa_type, NULL, 'active', @confirmation_json, @now, @created_by, @now, @now)`,
    ),
  };
  return {
    activation: (id: number) => statements.activation.get(id) as ActivationRow | undefined,
    productByCode: (code: string) => statements.productByCode.get(code) as (ProductDetails & { archived_at: string | null }) | undefined,
    overlappingHeld: (applicationId: number, start: number, end: number) =>
      statements.overlappingHeld.all(applicationId, end, start) as ActivationRow[],
    markAdopted: (id: number, fromState: ActivationState, confirmation: unknown, now: string) =>
      statements.markAdopted.run(JSON.stringify(confirmation), now, now, id, fromState).changes === 1,
    supersede: (id: number, now: string) => statements.supersede.run(now, id).changes === 1,
    requeue: (id: number, fromState: ActivationState, now: string) => statements.requeue.run(now, id, fromState).changes === 1,
    insertAdopted: (activation: AdoptedActivation, confirmation: unknown, now: string) =>
      Number(statements.insertAdopted.run({ ...activation, confirmation_json: JSON.stringify(confirmation), now }).lastInsertRowid),
  };
}
