import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, openDatabase, type SqliteDatabase } from '@main/ledger';

let db: SqliteDatabase | undefined;
afterEach(() => db?.close());

describe('migration 009 (outbox lease) on a ledger from before it', () => {
  it('adds the lease columns empty and gives rows already waiting the longest offline wait to re-base with', () => {
    db = openDatabase(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version <= 8),
    );
    const at = '2026-11-22T08:00:00.000Z';
    db.prepare(
      `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
       VALUES ('isv-1', 1, 30000, 'imported', 'test', ?, ?)`,
    ).run(at, at);
    db.prepare(
      `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
       VALUES ('6901234567892', 'b', 't', 'a', 'wx0123456789abcdef', 'p', 0, 'test', ?, ?)`,
    ).run(at, at);
    const activation = db.prepare(
      `INSERT INTO activations (application_id, code_start, code_end, product_code, product_brand, product_title, activity_name,
         wxa_appid, wxa_path, wxa_type, state, next_attempt_at, created_by, created_at, updated_at)
       VALUES (1, ?, ?, '6901234567892', 'b', 't', 'a', 'wx0123456789abcdef', 'p', 0, ?, ?, 'test', ?, ?)`,
    );
    activation.run(0, 9, 'pending', '2026-11-22T08:01:00.000Z', at, at);
    activation.run(10, 19, 'sending', null, at, at);

    expect(migrate(db, MIGRATIONS)).toMatchObject({ applied: expect.arrayContaining([9]) });
    expect(db.prepare('SELECT code_start, lease_owner, lease_expires_at, retry_delay_ms FROM activations ORDER BY id').all()).toEqual([
      { code_start: 0, lease_owner: null, lease_expires_at: null, retry_delay_ms: 60_000 },
      { code_start: 10, lease_owner: null, lease_expires_at: null, retry_delay_ms: null },
    ]);
  });
});
