import { AppError } from '../../shared/errors';
import type { SqliteDatabase } from '../ledger';
import { AUDIT_GENESIS_HASH, assertNoSecrets, auditEntryHash, canonicalJson, type AuditDetails } from './canonical';

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

export interface AuditEntry {
  seq: number;
  /** ISO-8601 UTC time from the service's clock. */
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: AuditDetails;
  prev_hash: string;
  hash: string;
}

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

export interface AuditHead {
  seq: number;
  hash: string;
}

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
}

export interface AuditLogOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const MAX_DETAILS_BYTES = 64 * 1024;
const MAX_TEXT = 512;
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 100_000;
const COLUMNS = 'seq, at, actor, action, subject, details_json, prev_hash, hash';

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
    `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash)`,
  );
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`);

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
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      for (const key of ['actor', 'action', 'subject'] as const) {
        const value = filter[key];
        if (value !== undefined) {
          where.push(`${key} = @${key}`);
          params[key] = value;
        }
      }
      if (filter.action_prefix !== undefined) {
        // '/' follows '.' in byte order: the range holds exactly the actions that start with "<prefix>.".
        const prefix = filter.action_prefix.replace(/\.$/, '');
        where.push('(action = @prefix OR (action >= @prefix_dot AND action < @prefix_end))');
        params.prefix = prefix;
        params.prefix_dot = `${prefix}.`;
        params.prefix_end = `${prefix}/`;
      }
      if (filter.after_seq !== undefined) {
        where.push('seq > @after_seq');
        params.after_seq = filter.after_seq;
      }
      if (filter.before_seq !== undefined) {
        where.push('seq < @before_seq');
        params.before_seq = filter.before_seq;
      }
      if (filter.since !== undefined) {
        where.push('at >= @since');
        params.since = filter.since;
      }
      if (filter.until !== undefined) {
        where.push('at < @until');
        params.until = filter.until;
      }
      const requested = filter.limit ?? DEFAULT_LIMIT;
      const limit = Number.isFinite(requested) ? Math.min(Math.max(Math.trunc(requested), 0), MAX_LIMIT) : DEFAULT_LIMIT;
      const sql =
        `SELECT ${COLUMNS} FROM audit_log` +
        (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY seq ${filter.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${limit}`;
      return (db.prepare(sql).all(params) as AuditRow[]).map(toEntry);
    },

    head,
  };
}

function checkRow(row: AuditRow, expectedSeq: number, prevHash: string): AuditBreakReason | undefined {
  if (row.seq !== expectedSeq) return 'seq_gap';
  if (row.prev_hash !== prevHash) return 'prev_hash_mismatch';
  let details: AuditDetails;
  try {
    details = JSON.parse(row.details_json) as AuditDetails;
  } catch {
    return 'hash_mismatch';
  }
  let expected: string;
  try {
    expected = auditEntryHash(row.prev_hash, { ...row, details });
  } catch {
    return 'hash_mismatch';
  }
  return expected === row.hash ? undefined : 'hash_mismatch';
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

interface NormalisedInput {
  actor: string;
  action: string;
  subject: string | null;
  /** The caller's details as stored (undefined properties dropped), for the returned entry. */
  details: AuditDetails;
  details_json: string;
}

function normalise(entry: AuditEntryInput): NormalisedInput {
  checkText('actor', entry.actor);
  checkText('action', entry.action);
  if (!ACTION_PATTERN.test(entry.action)) {
    throw invalidEntry('action', 'a dotted lowercase name such as segment.imported', '以点分隔的小写名称（如 segment.imported）');
  }
  const subject = entry.subject ?? null;
  if (subject !== null) checkText('subject', subject);
  const raw: unknown = entry.details ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidEntry('details', 'a plain object', '普通对象');
  assertNoSecrets(raw);
  const details_json = canonicalJson(raw);
  if (Buffer.byteLength(details_json, 'utf8') > MAX_DETAILS_BYTES) {
    throw invalidEntry('details', `at most ${MAX_DETAILS_BYTES} bytes of JSON`, `不超过 ${MAX_DETAILS_BYTES} 字节的 JSON`);
  }
  return { actor: entry.actor, action: entry.action, subject, details: JSON.parse(details_json) as AuditDetails, details_json };
}

function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) throw invalidEntry(field, 'a non-empty string', '非空字符串');
  if (value.length > MAX_TEXT) throw invalidEntry(field, `at most ${MAX_TEXT} characters`, `不超过 ${MAX_TEXT} 个字符`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidEntry(field, 'free of control characters', '不含控制字符的文本');
}

function invalidEntry(field: string, en: string, zh: string): AppError {
  return new AppError(
    'AUDIT_INVALID_ENTRY',
    {
      'zh-CN': { message: `审计记录的字段 ${field} 无效：应为${zh}。`, hint: '这是程序错误，记录未写入；请修正调用方。' },
      en: {
        message: `The audit entry's ${field} is invalid: it must be ${en}.`,
        hint: 'This is a bug in the caller; nothing was written.',
      },
    },
    { field },
  );
}

function assertTableExists(db: SqliteDatabase): void {
  const row = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
  if (row) return;
  throw new AppError('AUDIT_LOG_MISSING', {
    'zh-CN': {
      message: '数据库中没有审计日志表（audit_log）。',
      hint: '请使用包含审计日志迁移（002）的版本打开该数据目录，以便完成数据库升级。',
    },
    en: {
      message: 'The ledger has no audit log table (audit_log).',
      hint: 'Open this data directory with a build that includes the audit-log migration (002) so the ledger is upgraded.',
    },
  });
}
