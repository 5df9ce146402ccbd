/** The `supervisors` table (migration 005): its one row shape and the statements the service needs. */
import type { SqliteDatabase } from '../ledger';

export interface SupervisorRow {
  id: number;
  name: string;
  pin_hash: string;
  /** Wrong PINs since the last correct one (it runs on across lockouts, which grow with it; pin-attempts.ts). */
  failed_unlocks: number;
  /** ISO time until which unlocking is paused after too many wrong PINs. */
  locked_until: string | null;
  disabled_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** What PIN checks read: the row without its audit columns. */
export type SupervisorPinState = Pick<SupervisorRow, 'id' | 'name' | 'pin_hash' | 'failed_unlocks' | 'locked_until' | 'disabled_at'>;

const PIN_STATE_COLUMNS = 'id, name, pin_hash, failed_unlocks, locked_until, disabled_at';

export function createSupervisorStore(db: SqliteDatabase) {
  const statements = {
    all: db.prepare(`SELECT ${PIN_STATE_COLUMNS} FROM supervisors ORDER BY id`),
    byName: db.prepare(`SELECT ${PIN_STATE_COLUMNS} FROM supervisors WHERE name = ?`),
    any: db.prepare('SELECT EXISTS (SELECT 1 FROM supervisors) AS found'),
    countActive: db.prepare('SELECT COUNT(*) AS n FROM supervisors WHERE disabled_at IS NULL'),
    insert: db.prepare(
      `INSERT INTO supervisors (name, pin_hash, created_by, created_at, updated_at) VALUES (@name, @pin_hash, @actor, @at, @at)`,
    ),
    updateAttempts: db.prepare('UPDATE supervisors SET failed_unlocks = ?, locked_until = ?, updated_at = ? WHERE id = ?'),
    updateHash: db.prepare('UPDATE supervisors SET pin_hash = ?, updated_at = ? WHERE id = ?'),
    updateDisabled: db.prepare('UPDATE supervisors SET disabled_at = ?, updated_at = ? WHERE id = ?'),
  };
  return {
    all: () => statements.all.all() as SupervisorPinState[],
    byName: (name: string) => statements.byName.get(name) as SupervisorPinState | undefined,
    any: () => (statements.any.get() as { found: number }).found === 1,
    countActive: () => (statements.countActive.get() as { n: number }).n,
    insert: (row: { name: string; pin_hash: string; actor: string; at: string }) => void statements.insert.run(row),
    setAttempts: (id: number, failed: number, lockedUntil: string | null, at: string) =>
      void statements.updateAttempts.run(failed, lockedUntil, at, id),
    setHash: (id: number, pinHash: string, at: string) => void statements.updateHash.run(pinHash, at, id),
    setDisabled: (id: number, at: string) => void statements.updateDisabled.run(at, at, id),
  };
}
export type SupervisorStore = ReturnType<typeof createSupervisorStore>;
