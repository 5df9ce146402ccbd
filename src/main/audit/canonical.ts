import { createHash } from 'node:crypto';
import { auditErrors } from '../../shared/error-catalogue/audit';
import type { AuditRow } from './audit-row';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** What an audit entry says about the event; JSON only, no secrets. */
export type AuditDetails = { [key: string]: JsonValue };

/** The first entry's prev_hash. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers (everything but prev_hash and hash). */
export type AuditHashedFields = Omit<AuditRow, 'details_json' | 'prev_hash' | 'hash'> & { details: AuditDetails };

const MAX_DEPTH = 32;

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, i.e. the
 * default `Array.prototype.sort`) at every level, array order kept, no
 * whitespace, strings and numbers exactly as `JSON.stringify` writes them.
 * Equal values therefore always serialise to identical text, whatever order
 * their keys were built in.
 *
 * Only JSON values are accepted: non-finite numbers, bigint, functions,
 * symbols, class instances (Date, Buffer, Map, …) and cycles throw. An
 * `undefined` object property is left out (as JSON.stringify does); an
 * `undefined` array element throws.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0, '$');
}

function write(value: unknown, depth: number, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw auditErrors.AUDIT_INVALID_DETAILS({ path, what: 'a non-finite number' });
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw auditErrors.AUDIT_INVALID_DETAILS({ path, what: `a ${typeof value}` });
  }
  if (depth >= MAX_DEPTH) throw auditErrors.AUDIT_INVALID_DETAILS({ path, what: `nesting deeper than ${MAX_DEPTH}` });
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (item === undefined) throw auditErrors.AUDIT_INVALID_DETAILS({ path: `${path}[${index}]`, what: 'undefined' });
      items.push(write(item, depth + 1, `${path}[${index}]`));
    }
    return `[${items.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw auditErrors.AUDIT_INVALID_DETAILS({ path, what: 'an object that is not plain JSON' });
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    members.push(`${JSON.stringify(key)}:${write(item, depth + 1, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * The text an entry's hash covers: the canonical JSON of
 * `{ action, actor, at, details, seq, subject }`.
 */
export function canonicalAuditEntry(fields: AuditHashedFields): string {
  return canonicalJson({
    action: fields.action,
    actor: fields.actor,
    at: fields.at,
    details: fields.details,
    seq: fields.seq,
    subject: fields.subject,
  });
}

/** `sha256(prev_hash ‖ canonical(entry))` as lowercase hex; prev_hash is always 64 hex characters. */
export function auditEntryHash(prevHash: string, fields: AuditHashedFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalAuditEntry(fields), 'utf8')
    .digest('hex');
}

/** Key words that mark a secret; matched against the key's words (camelCase, snake_case, kebab-case). */
const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'tokens', 'password', 'passwords', 'passwd', 'passphrase', 'pin', 'pins']);
/** Matched inside the key with separators removed, so `appSecret`, `access_token`, `serviceKey`, `x-api-key` all count. */
const SECRET_FRAGMENT = /secret|token|password|passwd|servicekey|apikey|privatekey/;
/** A credential inside a URL or message, e.g. `…?access_token=…`. */
const SECRET_IN_TEXT = /(access_token|secret|token|password|service_key)=[^&\s"]/i;

/**
 * Throws `AUDIT_SECRET_IN_DETAILS` when any key, at any depth, looks like it
 * holds a secret, or a string value carries `access_token=…` and the like.
 * `pin` counts only as a whole word (`pin`, `user_pin`, `pinCode`), so
 * `shipping` or `mapping` pass.
 */
export function assertNoSecrets(value: unknown, path = '$', depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (SECRET_IN_TEXT.test(value)) throw auditErrors.AUDIT_SECRET_IN_DETAILS({ path });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoSecrets(item, `${path}[${index}]`, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (looksLikeSecretKey(key)) throw auditErrors.AUDIT_SECRET_IN_DETAILS({ path: `${path}.${key}` });
    assertNoSecrets(item, `${path}.${key}`, depth + 1);
  }
}

export function looksLikeSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return SECRET_FRAGMENT.test(words.join(''));
}
