import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, openDatabase, type SqliteDatabase } from '@main/ledger';

let db: SqliteDatabase | undefined;
afterEach(() => db?.close());

describe('migration 008 (look-up builds) on a ledger from before it', () => {
  it('marks the segments imported before it as indexed (their look-ups were filled per segment) and leaves the rest to a build', () => {
    db = openDatabase(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version <= 7),
    );
    const at = '2026-11-22T08:00:00.000Z';
    db.prepare(
      `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
       VALUES ('isv-1', 1, 30000, 'downloading', 'test', ?, ?)`,
    ).run(at, at);
    const segment = db.prepare('INSERT INTO segments (application_id, code_start, code_end, state, imported_at) VALUES (1, ?, ?, ?, ?)');
    segment.run(0, 9_999, 'imported', at);
    segment.run(10_000, 19_999, 'failed', null);
    segment.run(20_000, 29_999, 'pending', null);

    expect(
      migrate(
        db,
        MIGRATIONS.filter((migration) => migration.version <= 8),
      ),
    ).toMatchObject({ to: 8 });
    expect(db.prepare('SELECT code_start, state, indexed_at FROM segments ORDER BY code_start').all()).toEqual([
      { code_start: 0, state: 'imported', indexed_at: at },
      { code_start: 10_000, state: 'failed', indexed_at: null },
      { code_start: 20_000, state: 'pending', indexed_at: null },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM lookup_builds').get()).toEqual({ n: 0 });
  });
});
