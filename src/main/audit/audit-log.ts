import { auditErrors } from '../../shared/error-catalogue/audit';
import type { SqliteDatabase } from '../ledger';
import { compareWithAnchor, type AnchorCheck, type AuditAnchor } from './anchor';
import { AUDIT_COLUMNS, type AuditRow } from './audit-row';
import { auditListQuery, checkRow, normalise, type NormalisedInput } from './audit-rules';
import { AUDIT_GENESIS_HASH, auditEntryHash, type AuditDetails, type AuditHashedFields } from './canonical';

/** What a caller records. `at`, `seq` and the hashes are filled in by `append`. */
export interface AuditEntryInput {
  /** Who did it, e.g. 'supervisor:alice', 'operator', 'system', 'cli'. */
  actor: string;
  /** Dotted lowercase verb, e.g. 'application.applied', 'segment.imported', 'print_run.exported'. */
  action: string;
  /** What it was done to, e.g. 'application:581865877'. */
  subject?: string | null;
  /** JSON facts about the event; never secrets (refused). */
  details?: AuditDetails;
}

/** An entry as callers see it: the row with its details parsed. */
export type AuditEntry = AuditHashedFields & Pick<AuditRow, 'prev_hash' | 'hash'>;

export type AuditBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';

export type AuditVerifyResult =
  | { ok: true; entries: number }
  | {
      ok: false;
      /** Entries read, including the broken one. */
      entries_checked: number;
      /** The first entry that does not chain: for `seq_gap`, the entry right after the missing ones. */
      first_broken_seq: number;
      reason: AuditBreakReason;
    };

export interface AuditListFilter {
  actor?: string;
  action?: string;
  /** Actions equal to this or under it by whole dotted words: 'activation' matches 'activation.recorded', not 'activations.x'. */
  action_prefix?: string;
  subject?: string;
  /** Only entries with seq > after_seq. */
  after_seq?: number;
  /** Only entries with seq < before_seq. */
  before_seq?: number;
  /** Only entries with at >= since (ISO text, compared as text). */
  since?: string;
  /** Only entries with at < until (ISO text, compared as text). */
  until?: string;
  /** Oldest first (default) or newest first. */
  order?: 'asc' | 'desc';
  /** At most this many (default 1000, at most 100000). */
  limit?: number;
}

export type AuditHead = Pick<AuditRow, 'seq' | 'hash'>;

export interface AuditLog {
  /**
   * Appends one entry and returns it. Runs in its own transaction, or as a
   * savepoint inside the caller's `db.transaction(...)`, so a ledger write and
   * its audit entry commit together or not at all.
   */
  append(entry: AuditEntryInput): AuditEntry;
  /** Walks the whole chain in seq order (streaming, constant memory) and reports the first break. */
  verify(): AuditVerifyResult;
  list(filter?: AuditListFilter): AuditEntry[];
  /** The newest entry's seq and hash, or undefined for an empty log. */
  head(): AuditHead | undefined;
  /** How many entries the log holds (the Log screen's "1,234 entries"). */
  count(): number;
  /** Whether the chain still holds the anchored entry with the anchored hash (see anchor.ts). */
  checkAnchor(anchor: AuditAnchor): AnchorCheck;
}

export interface AuditLogOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/**
 * The append-only, hash-chained audit log in the ledger (table `audit_log`,
 * migration 002). Each entry's `hash = sha256(prev_hash ‖ canonical(entry))`,
 * so editing, inserting or removing an entry breaks the chain from there on.
 */
export function createAuditLog(db: SqliteDatabase, options: AuditLogOptions = {}): AuditLog {
  assertTableExists(db);
  const now = options.now ?? (() => new Date());

  const selectHead = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash)`,
  );
  const selectAll = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`);
  const selectHash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?');
  const selectCount = db.prepare('SELECT COUNT(*) FROM audit_log').pluck();

  function head(): AuditHead | undefined {
    return selectHead.get() as AuditHead | undefined;
  }

  const appendInTransaction = db.transaction((input: NormalisedInput): AuditEntry => {
    const previous = head();
    const seq = (previous?.seq ?? 0) + 1;
    const prev_hash = previous?.hash ?? AUDIT_GENESIS_HASH;
    const at = now().toISOString();
    const fields = { seq, at, actor: input.actor, action: input.action, subject: input.subject, details: input.details };
    const hash = auditEntryHash(prev_hash, fields);
    insert.run({ ...fields, details_json: input.details_json, prev_hash, hash });
    return { ...fields, prev_hash, hash };
  });

  return {
    append(entry) {
      // BEGIN IMMEDIATE when on its own, so reading the head and inserting after
      // it cannot race another connection; a SAVEPOINT inside a caller's transaction.
      return appendInTransaction.immediate(normalise(entry));
    },

    verify() {
      let expectedSeq = 1;
      let prevHash = AUDIT_GENESIS_HASH;
      let checked = 0;
      for (const row of selectAll.iterate() as IterableIterator<AuditRow>) {
        checked++;
        const reason = checkRow(row, expectedSeq, prevHash);
        if (reason) return { ok: false, entries_checked: checked, first_broken_seq: row.seq, reason };
        expectedSeq = row.seq + 1;
        prevHash = row.hash;
      }
      return { ok: true, entries: checked };
    },

    list(filter = {}) {
      const { sql, params } = auditListQuery(filter);
      return (db.prepare(sql).all(params) as AuditRow[]).map(toEntry);
    },

    head,

    count: () => selectCount.get() as number,

    checkAnchor(anchor) {
      // One read transaction (deferred: it writes nothing): the entry and the head come from the same state of the ledger.
      return db
        .transaction(() => compareWithAnchor(anchor, selectHash.get(anchor.seq) as Pick<AuditRow, 'hash'> | undefined, head()?.seq ?? 0))
        .deferred();
    },
  };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details_json) as AuditDetails,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

function assertTableExists(db: SqliteDatabase): void {
  const row = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
  if (row) return;
  throw auditErrors.AUDIT_LOG_MISSING();
}
