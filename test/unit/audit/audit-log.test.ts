import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  canonicalAuditEntry,
  canonicalJson,
  createAuditLog,
  looksLikeSecretKey,
  type AuditDetails,
  type AuditLog,
} from '@main/audit';
import { migrate, openDatabase, type SqliteDatabase } from '@main/ledger';
import { AppError } from '@shared/errors';
import { AUDIT_MIGRATIONS, fixedClock, openAuditLedger, tamper, tempDir } from './helpers';

let dir: string;
let cleanup: () => void;
let db: SqliteDatabase;
let audit: AuditLog;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('mc-audit-'));
  db = openAuditLedger(dir);
  audit = createAuditLog(db, { now: fixedClock() });
});
afterEach(() => {
  db.close();
  cleanup();
});

function appendMany(count: number): void {
  for (let index = 1; index <= count; index++) {
    audit.append({
      actor: index % 2 ? 'operator' : 'supervisor:alice',
      action: index % 3 ? 'segment.imported' : 'print_run.exported',
      subject: `application:${581865877 + (index % 5)}`,
      details: { index, range: { first: index * 100, last: index * 100 + 99 }, files: [`run-${index}.csv`] },
    });
  }
}

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('audit log: append and verify', () => {
  it('starts empty and intact', () => {
    expect(audit.head()).toBeUndefined();
    expect(audit.verify()).toEqual({ ok: true, entries: 0 });
  });

  it('chains entries from the genesis hash with sha256(prev_hash ‖ canonical(entry))', () => {
    const first = audit.append({
      actor: 'cli',
      action: 'application.applied',
      subject: 'application:581865877',
      details: { quantity: 1000 },
    });
    expect(first).toMatchObject({
      seq: 1,
      at: '2025-01-02T03:04:05.000Z',
      prev_hash: AUDIT_GENESIS_HASH,
      subject: 'application:581865877',
    });
    const canonical =
      '{"action":"application.applied","actor":"cli","at":"2025-01-02T03:04:05.000Z","details":{"quantity":1000},"seq":1,"subject":"application:581865877"}';
    expect(canonicalAuditEntry(first)).toBe(canonical);
    expect(first.hash).toBe(
      createHash('sha256')
        .update(AUDIT_GENESIS_HASH + canonical)
        .digest('hex'),
    );

    const second = audit.append({ actor: 'system', action: 'segment.imported' });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash, subject: null, details: {} });
    expect(audit.head()).toEqual({ seq: 2, hash: second.hash });
    expect(audit.list()).toEqual([first, second]);
  });

  it('appends and verifies a chain of 1,000 entries', () => {
    appendMany(1000);
    expect(audit.verify()).toEqual({ ok: true, entries: 1000 });
    expect(audit.head()?.seq).toBe(1000);
    // A fresh service on a fresh connection sees the same chain and extends it.
    const other = openAuditLedger(dir);
    const again = createAuditLog(other, { now: fixedClock(Date.UTC(2025, 5, 1)) });
    expect(again.verify()).toEqual({ ok: true, entries: 1000 });
    const lastHash = audit.head()?.hash;
    expect(again.append({ actor: 'system', action: 'app.started' })).toMatchObject({ seq: 1001, prev_hash: lastHash });
    other.close();
    expect(audit.verify()).toEqual({ ok: true, entries: 1001 });
  });

  it('lists with filters, order and limit', () => {
    appendMany(30);
    expect(audit.list({ action: 'print_run.exported' }).map((entry) => entry.seq)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(audit.list({ subject: 'application:581865877', actor: 'operator' }).map((entry) => entry.seq)).toEqual([5, 15, 25]);
    expect(audit.list({ after_seq: 10, before_seq: 14 }).map((entry) => entry.seq)).toEqual([11, 12, 13]);
    expect(audit.list({ order: 'desc', limit: 3 }).map((entry) => entry.seq)).toEqual([30, 29, 28]);
    expect(audit.list({ since: '2025-01-02T03:04:30.000Z', until: '2025-01-02T03:04:32.000Z' }).map((entry) => entry.seq)).toEqual([
      26, 27,
    ]);
    expect(audit.list({ limit: 0 })).toEqual([]);
    expect(audit.list()[4]?.details).toEqual({ index: 5, range: { first: 500, last: 599 }, files: ['run-5.csv'] });
  });

  it('refuses a ledger without the audit_log table, with a translated error', () => {
    const bare = openDatabase(':memory:');
    const before = AUDIT_MIGRATIONS.findIndex((migration) => migration.name === 'audit-log');
    migrate(bare, AUDIT_MIGRATIONS.slice(0, before));
    const error = caught(() => createAuditLog(bare));
    expect(error.code).toBe('AUDIT_LOG_MISSING');
    expect(error.localized['zh-CN'].message).toContain('audit_log');
    bare.close();
  });

  it('rejects malformed entries without writing anything', () => {
    expect(caught(() => audit.append({ actor: '', action: 'segment.imported' })).code).toBe('AUDIT_INVALID_ENTRY');
    expect(caught(() => audit.append({ actor: 'cli', action: 'Segment Imported' })).code).toBe('AUDIT_INVALID_ENTRY');
    expect(caught(() => audit.append({ actor: 'cli', action: 'segment.imported', subject: 'a\nb' })).code).toBe('AUDIT_INVALID_ENTRY');
    const notJson = caught(() => audit.append({ actor: 'cli', action: 'segment.imported', details: { when: new Date() as never } }));
    expect(notJson.code).toBe('AUDIT_INVALID_DETAILS');
    expect(notJson.localized.en.message).toContain('$.when');
    expect(caught(() => audit.append({ actor: 'cli', action: 'segment.imported', details: { n: Number.NaN } })).code).toBe(
      'AUDIT_INVALID_DETAILS',
    );
    expect(audit.verify()).toEqual({ ok: true, entries: 0 });
  });
});

describe('audit log: append-only at the database level', () => {
  beforeEach(() => appendMany(5));

  it('refuses UPDATE and DELETE through ordinary SQL', () => {
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run()).toThrow(/append-only: UPDATE/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only: DELETE/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only: DELETE/);
    expect(audit.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('refuses a raw INSERT that does not extend the chain', () => {
    const head = audit.head()!;
    const insert = db.prepare(
      "INSERT INTO audit_log (seq, at, actor, action, subject, details_json, prev_hash, hash) VALUES (?, 'x', 'm', 'a.b', NULL, '{}', ?, ?)",
    );
    const fresh = 'f'.repeat(64);
    expect(() => insert.run(3, head.hash, fresh)).toThrow(); // an existing seq
    expect(() => insert.run(9, head.hash, fresh)).toThrow(/extend the chain/); // a gap
    expect(() => insert.run(6, AUDIT_GENESIS_HASH, fresh)).toThrow(/extend the chain/); // wrong link
    expect(() => insert.run(6, head.hash, head.hash)).toThrow(); // a reused hash
    expect(audit.verify()).toEqual({ ok: true, entries: 5 });
  });
});

describe('audit log: tampering is detected', () => {
  beforeEach(() => appendMany(10));

  it('an edited entry breaks the chain at that entry', () => {
    tamper(dir, 'UPDATE audit_log SET details_json = ? WHERE seq = 7', JSON.stringify({ index: 7, range: { first: 0, last: 1 } }));
    expect(audit.verify()).toEqual({ ok: false, entries_checked: 7, first_broken_seq: 7, reason: 'hash_mismatch' });
  });

  it('an edited actor, time or subject is caught too', () => {
    tamper(dir, "UPDATE audit_log SET at = '2025-01-01T00:00:00.000Z' WHERE seq = 4");
    expect(audit.verify()).toMatchObject({ ok: false, first_broken_seq: 4, reason: 'hash_mismatch' });
  });

  it('an edit that also rewrites that entry’s hash is caught at the next link', () => {
    const entry = audit.list({ after_seq: 2, limit: 1 })[0]!;
    const forged = { ...entry, actor: 'supervisor:mallory' };
    tamper(dir, 'UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 3', forged.actor, auditEntryHash(entry.prev_hash, forged));
    expect(audit.verify()).toEqual({ ok: false, entries_checked: 4, first_broken_seq: 4, reason: 'prev_hash_mismatch' });
  });

  it('a deleted middle entry is a seq gap', () => {
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 6');
    expect(audit.verify()).toEqual({ ok: false, entries_checked: 6, first_broken_seq: 7, reason: 'seq_gap' });
  });

  it('a deleted first entry is a seq gap at the new first entry', () => {
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 1');
    expect(audit.verify()).toEqual({ ok: false, entries_checked: 1, first_broken_seq: 2, reason: 'seq_gap' });
  });

  it('unparseable details count as a hash mismatch', () => {
    const raw = openAuditLedger(dir);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.pragma('ignore_check_constraints = ON');
    raw.prepare("UPDATE audit_log SET details_json = '{not json' WHERE seq = 2").run();
    raw.close();
    expect(audit.verify()).toMatchObject({ ok: false, first_broken_seq: 2, reason: 'hash_mismatch' });
  });
});

describe('audit log: transactions', () => {
  it('an append inside a transaction that throws leaves no entry', () => {
    audit.append({ actor: 'system', action: 'app.started' });
    const writeWithAudit = db.transaction(() => {
      db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('locale', '\"en\"', 'now')").run();
      audit.append({ actor: 'supervisor:alice', action: 'settings.changed', details: { key: 'locale' } });
      throw new Error('the ledger write failed after the audit entry');
    });
    expect(() => writeWithAudit()).toThrow(/failed after/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    expect(audit.list()).toHaveLength(1);
    expect(audit.verify()).toEqual({ ok: true, entries: 1 });
    // The chain continues from the committed head, not from the rolled-back entry.
    expect(audit.append({ actor: 'system', action: 'app.stopped' })).toMatchObject({ seq: 2 });
    expect(audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('a committed transaction keeps the ledger write and its entries together', () => {
    const writeWithAudit = db.transaction(() => {
      db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('locale', '\"zh-CN\"', 'now')").run();
      audit.append({ actor: 'supervisor:alice', action: 'settings.changed', details: { key: 'locale', value: 'zh-CN' } });
      audit.append({ actor: 'supervisor:alice', action: 'settings.saved' });
    });
    writeWithAudit.immediate();
    expect(db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 1 });
    expect(audit.verify()).toEqual({ ok: true, entries: 2 });
  });
});

describe('audit log: no secrets in details', () => {
  it.each<AuditDetails>([
    { app_secret: 'x' },
    { appSecret: 'x' },
    { access_token: 'x' },
    { accessToken: 'x' },
    { tokenUrl: 'https://token.example/' },
    { service_key: 'x' },
    { serviceKey: 'x' },
    { password: 'x' },
    { pin: '1234' },
    { supervisor_pin: '1234' },
    { pinCode: '1234' },
    { nested: { deeper: [{ secret: 'x' }] } },
    { url: 'https://api.weixin.qq.com/x?access_token=abc' },
  ])('refuses %j', (details) => {
    const error = caught(() => audit.append({ actor: 'cli', action: 'connection.saved', details }));
    expect(error.code).toBe('AUDIT_SECRET_IN_DETAILS');
    expect(error.localized['zh-CN'].message).toContain('密钥');
    expect(JSON.stringify(error.toPayload())).not.toContain('abc');
    expect(audit.verify()).toEqual({ ok: true, entries: 0 });
  });

  it('lets ordinary keys through (pin only as a whole word)', () => {
    for (const key of ['shipping', 'mapping', 'spinner', 'pinyin', 'application_id', 'changed'])
      expect(looksLikeSecretKey(key)).toBe(false);
    const entry = audit.append({
      actor: 'cli',
      action: 'connection.saved',
      details: { changed: ['appSecret'], mapping: 'a', shipping: 1 },
    });
    expect(entry.seq).toBe(1);
  });
});

describe('canonical serialisation', () => {
  it('is stable across key order at every depth', () => {
    const a = { b: 1, a: { y: [3, { q: 1, p: 2 }], x: 'é' }, c: null };
    const b = { c: null, a: { x: 'é', y: [3, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":"é","y":[3,{"p":2,"q":1}]},"b":1,"c":null}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    const fields = { seq: 1, at: '2025-01-02T03:04:05.000Z', actor: 'cli', action: 'a.b', subject: null };
    expect(auditEntryHash(AUDIT_GENESIS_HASH, { ...fields, details: a })).toBe(
      auditEntryHash(AUDIT_GENESIS_HASH, { ...fields, details: b }),
    );
  });

  it('keeps array order, drops undefined properties and distinguishes types', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ n: -0, big: 1e21, small: 5e-7 })).toBe('{"big":1e+21,"n":0,"small":5e-7}');
  });

  it('an appended entry verifies whatever order its details were built in', () => {
    const first = audit.append({ actor: 'cli', action: 'a.b', details: { z: 1, a: { d: 4, c: 3 } } });
    expect(auditEntryHash(AUDIT_GENESIS_HASH, { ...first, details: { a: { c: 3, d: 4 }, z: 1 } })).toBe(first.hash);
    expect(db.prepare('SELECT details_json FROM audit_log WHERE seq = 1').get()).toEqual({ details_json: '{"a":{"c":3,"d":4},"z":1}' });
    expect(audit.verify()).toEqual({ ok: true, entries: 1 });
  });
});
