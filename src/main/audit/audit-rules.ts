/**
 * The audit log's rules as pure functions: what an entry must be before it is
 * written, whether a stored row still chains, and the query of a list filter.
 */
import { auditErrors, type AuditFieldRule } from '../../shared/error-catalogue/audit';
import type { AuditBreakReason, AuditEntryInput, AuditListFilter } from './audit-log';
import { AUDIT_COLUMNS, type AuditRow } from './audit-row';
import { assertNoSecrets, auditEntryHash, canonicalJson, type AuditDetails } from './canonical';

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const MAX_DETAILS_BYTES = 64 * 1024;
const MAX_TEXT = 512;
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 100_000;

/** An entry as it will be stored. */
export interface NormalisedInput {
  actor: string;
  action: string;
  subject: string | null;
  /** The caller's details as stored (undefined properties dropped), for the returned entry. */
  details: AuditDetails;
  details_json: string;
}

/** Checks an entry (throws AUDIT_INVALID_ENTRY, AUDIT_INVALID_DETAILS or AUDIT_SECRET_IN_DETAILS) and puts it in stored form. */
export function normalise(entry: AuditEntryInput): NormalisedInput {
  checkText('actor', entry.actor);
  checkText('action', entry.action);
  if (!ACTION_PATTERN.test(entry.action)) throw invalidEntry('action', 'action_name');
  const subject = entry.subject ?? null;
  if (subject !== null) checkText('subject', subject);
  const raw: unknown = entry.details ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidEntry('details', 'plain_object');
  assertNoSecrets(raw);
  const details_json = canonicalJson(raw);
  if (Buffer.byteLength(details_json, 'utf8') > MAX_DETAILS_BYTES) throw invalidEntry('details', 'max_bytes', MAX_DETAILS_BYTES);
  return { actor: entry.actor, action: entry.action, subject, details: JSON.parse(details_json) as AuditDetails, details_json };
}

function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) throw invalidEntry(field, 'non_empty');
  if (value.length > MAX_TEXT) throw invalidEntry(field, 'max_length', MAX_TEXT);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidEntry(field, 'no_control');
}

function invalidEntry(field: string, rule: AuditFieldRule, limit?: number) {
  return auditErrors.AUDIT_INVALID_ENTRY(limit === undefined ? { field, rule } : { field, rule, limit });
}

/** Why a row breaks the chain after `prevHash` where seq `expectedSeq` is due, or undefined when it chains. */
export function checkRow(row: AuditRow, expectedSeq: number, prevHash: string): AuditBreakReason | undefined {
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

/** The SQL and parameters of a list filter. */
export function auditListQuery(filter: AuditListFilter): { sql: string; params: Record<string, string | number> } {
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
  const ranges = [
    ['after_seq', 'seq >'],
    ['before_seq', 'seq <'],
    ['since', 'at >='],
    ['until', 'at <'],
  ] as const;
  for (const [key, comparison] of ranges) {
    const value = filter[key];
    if (value !== undefined) {
      where.push(`${comparison} @${key}`);
      params[key] = value;
    }
  }
  const requested = filter.limit ?? DEFAULT_LIMIT;
  const limit = Number.isFinite(requested) ? Math.min(Math.max(Math.trunc(requested), 0), MAX_LIMIT) : DEFAULT_LIMIT;
  const sql =
    `SELECT ${AUDIT_COLUMNS} FROM audit_log` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY seq ${filter.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${limit}`;
  return { sql, params };
}
