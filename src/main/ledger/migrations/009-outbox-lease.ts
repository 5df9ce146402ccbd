import type { Migration } from '../migrate';

/**
 * The outbox's lease and its clock (docs/activation.md):
 *
 * - `lease_owner` / `lease_expires_at`: a row moves `pending → sending` in one
 *   UPDATE that names its sender and how long the sender holds it; another
 *   sender takes it only once the lease has expired or its owner is known gone,
 *   and only the owner moves it on from `sending`.
 * - `retry_delay_ms`: the wait intended when `next_attempt_at` was set, so a due
 *   time pushed into the future by a clock moved back is re-based to now + wait.
 *   Rows already waiting get the outbox's longest offline wait (60 s).
 */
export const migration009OutboxLease: Migration = {
  version: 9,
  name: 'outbox-lease',
  sql: `
    ALTER TABLE activations ADD COLUMN lease_owner TEXT;
    ALTER TABLE activations ADD COLUMN lease_expires_at TEXT;
    ALTER TABLE activations ADD COLUMN retry_delay_ms INTEGER CHECK (retry_delay_ms IS NULL OR retry_delay_ms >= 0);
    UPDATE activations SET retry_delay_ms = 60000 WHERE next_attempt_at IS NOT NULL;
  `,
};
