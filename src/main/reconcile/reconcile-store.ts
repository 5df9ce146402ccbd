/**
 * SQL for reconcile (migration 010): runs, findings, the last check of each
 * activation, and the activation writes a repair makes. Callers own transactions.
 */
import type { ActivationState } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import type {
  FindingKind,
  IndexAnswer,
  ReconcileFinding,
  ReconcileOutcome,
  ReconcileRun,
  ReconcileTrigger,
  RemoteActivation,
  Resolution,
} from '../../shared/reconcile-contract';
import type { ActivationRow } from '../activation';
import type { SqliteDatabase } from '../ledger';
import { createActivationWrites } from './activation-writes';
import { HELD_STATES, REPAIRS, type CheckedActivation } from './reconcile-rules';

/** A row of `reconcile_findings`. */
interface FindingRow {
  id: number;
  run_id: number;
  kind: FindingKind;
  application_id: number;
  activation_id: number | null;
  code_start: number;
  code_end: number;
  local_state: ActivationState | null;
  remote_json: string | null;
  checked_json: string;
  found_at: string;
  resolution: Resolution | null;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
}

/** A row of `reconcile_runs`. */
type RunRow = Omit<ReconcileRun, 'error'> & { error_json: string | null };

export type NewFinding = Pick<FindingRow, 'kind' | 'application_id' | 'activation_id' | 'code_start' | 'code_end' | 'local_state'> & {
  remote: RemoteActivation | null;
  checked: IndexAnswer[];
};

export interface RunTotals {
  outcome: ReconcileOutcome;
  queries: number;
  activations_checked: number;
  left_for_next_run: number;
  error: AppErrorPayload | null;
}

const heldStates = HELD_STATES.map((state) => `'${state}'`).join(', ');

export function findingOf(row: FindingRow): ReconcileFinding {
  const { remote_json, checked_json, ...rest } = row;
  return {
    ...rest,
    remote: remote_json ? (JSON.parse(remote_json) as RemoteActivation) : null,
    checked: JSON.parse(checked_json) as IndexAnswer[],
    repairs: row.resolution ? [] : [...REPAIRS[row.kind]],
  };
}

function runOf(row: RunRow): ReconcileRun {
  const { error_json, ...rest } = row;
  return { ...rest, error: error_json ? (JSON.parse(error_json) as AppErrorPayload) : null };
}

export function createReconcileStore(db: SqliteDatabase) {
  return { ...createRunStore(db), ...createFindingStore(db), ...createActivationWrites(db) };
}

/** Runs, what they ask about, and the last check of each activation. */
function createRunStore(db: SqliteDatabase) {
  const statements = {
    startRun: db.prepare('INSERT INTO reconcile_runs (trigger, actor, started_at) VALUES (?, ?, ?)'),
    finishRun: db.prepare(
      `UPDATE reconcile_runs SET finished_at = @now, outcome = @outcome, queries = @queries, activations_checked = @activations_checked,
         left_for_next_run = @left_for_next_run, error_json = @error_json WHERE id = @id`,
    ),
    run: db.prepare('SELECT * FROM reconcile_runs WHERE id = ?'),
    lastRun: db.prepare('SELECT * FROM reconcile_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1'),
    // Never asked first, then the longest ago: a capped run leaves the rest for the next.
    askable: db.prepare(
      `SELECT a.* FROM activations a LEFT JOIN reconcile_checks c ON c.activation_id = a.id
       WHERE a.state IN ('pending', 'active', 'conflict') OR (a.state IN ('failed', 'cancelled') AND (a.attempts > 0 OR a.sent_at IS NOT NULL))
       ORDER BY c.checked_at IS NOT NULL, c.checked_at, a.id`,
    ),
    importedSegments: db.prepare(
      "SELECT application_id, code_start, code_end FROM segments WHERE state = 'imported' ORDER BY application_id, code_start",
    ),
    heldRanges: db.prepare(`SELECT application_id, code_start, code_end FROM activations WHERE state IN (${heldStates})`),
    saveCheck: db.prepare(
      `INSERT INTO reconcile_checks (activation_id, run_id, remote, attempts, checked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (activation_id) DO UPDATE SET run_id = excluded.run_id, remote = excluded.remote,
         attempts = excluded.attempts, checked_at = excluded.checked_at`,
    ),
  };
  return {
    startRun: (trigger: ReconcileTrigger, actor: string, now: string) =>
      Number(statements.startRun.run(trigger, actor, now).lastInsertRowid),
    finishRun: (id: number, totals: RunTotals, now: string) =>
      statements.finishRun.run({ ...totals, error_json: totals.error ? JSON.stringify(totals.error) : null, id, now }),
    run: (id: number) => runOf(statements.run.get(id) as RunRow),
    lastRun: () => {
      const row = statements.lastRun.get() as RunRow | undefined;
      return row ? runOf(row) : undefined;
    },
    askable: () => statements.askable.all() as (ActivationRow & CheckedActivation)[],
    importedSegments: () => statements.importedSegments.all() as { application_id: number; code_start: number; code_end: number }[],
    heldRanges: () => statements.heldRanges.all() as { application_id: number; code_start: number; code_end: number }[],
    saveCheck: (activationId: number, runId: number, remote: 'absent' | 'held' | 'differs', attempts: number, now: string) =>
      statements.saveCheck.run(activationId, runId, remote, attempts, now),
  };
}

/** Findings and their resolutions. */
function createFindingStore(db: SqliteDatabase) {
  const statements = {
    openFinding: db.prepare(
      `SELECT * FROM reconcile_findings WHERE resolution IS NULL AND kind = ? AND application_id = ? AND code_start = ? AND code_end = ?
       AND IFNULL(activation_id, 0) = IFNULL(?, 0)`,
    ),
    // A person looked into exactly this and said so: the same answer again is not news.
    investigated: db.prepare(
      `SELECT id FROM reconcile_findings WHERE resolution = 'investigated' AND kind = ? AND application_id = ? AND code_start = ? AND code_end = ?
       AND IFNULL(activation_id, 0) = IFNULL(?, 0) AND IFNULL(remote_json, '') = IFNULL(?, '') ORDER BY id DESC LIMIT 1`,
    ),
    insertFinding: db.prepare(
      `INSERT INTO reconcile_findings (run_id, kind, application_id, activation_id, code_start, code_end, local_state, remote_json, checked_json, found_at)
       VALUES (@run_id, @kind, @application_id, @activation_id, @code_start, @code_end, @local_state, @remote_json, @checked_json, @found_at)`,
    ),
    refreshFinding: db.prepare('UPDATE reconcile_findings SET run_id = ?, local_state = ?, remote_json = ?, checked_json = ? WHERE id = ?'),
    finding: db.prepare('SELECT * FROM reconcile_findings WHERE id = ?'),
    open: db.prepare('SELECT * FROM reconcile_findings WHERE resolution IS NULL ORDER BY id DESC'),
    recent: db.prepare('SELECT * FROM reconcile_findings WHERE resolution IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT ?'),
    resolve: db.prepare(
      'UPDATE reconcile_findings SET resolution = ?, resolved_by = ?, resolved_at = ?, note = ? WHERE id = ? AND resolution IS NULL',
    ),
  };
  return {
    /**
     * Records a finding, or refreshes the open one of the same subject and kind; returns its id.
     * Undefined when a person already marked exactly this difference as investigated.
     */
    upsertFinding(runId: number, finding: NewFinding, now: string): number | undefined {
      const open = statements.openFinding.get(
        finding.kind,
        finding.application_id,
        finding.code_start,
        finding.code_end,
        finding.activation_id,
      ) as FindingRow | undefined;
      const remote_json = finding.remote ? JSON.stringify(finding.remote) : null;
      const checked_json = JSON.stringify(finding.checked);
      const key = [finding.kind, finding.application_id, finding.code_start, finding.code_end, finding.activation_id] as const;
      const investigated = open ? undefined : (statements.investigated.get(...key, remote_json) as { id: number } | undefined);
      if (investigated) return undefined;
      if (open) {
        statements.refreshFinding.run(runId, finding.local_state, remote_json, checked_json, open.id);
        return open.id;
      }
      const { remote: _remote, checked: _checked, ...columns } = finding;
      return Number(statements.insertFinding.run({ ...columns, run_id: runId, remote_json, checked_json, found_at: now }).lastInsertRowid);
    },
    finding: (id: number) => statements.finding.get(id) as FindingRow | undefined,
    open: () => (statements.open.all() as FindingRow[]).map(findingOf),
    recent: (limit: number) => (statements.recent.all(limit) as FindingRow[]).map(findingOf),
    openRows: () => statements.open.all() as FindingRow[],
    resolve: (id: number, resolution: Resolution, actor: string, note: string | null, now: string) =>
      statements.resolve.run(resolution, actor, now, note, id).changes === 1,
  };
}

export type ReconcileStore = ReturnType<typeof createReconcileStore>;
