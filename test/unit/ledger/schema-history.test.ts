/**
 * The schema changes only through new migrations: each migration that has
 * shipped is recorded here by its SQL's hash, so editing one (instead of adding
 * the next) fails. A new migration fails too until it is recorded, which is
 * one deliberate step: `RECORD_MIGRATIONS=1 npx vitest run test/unit/ledger/schema-history.test.ts`
 * appends it (and never rewrites an entry that is already there).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openLedger } from '@main/ledger';
import { MIGRATIONS } from '@main/ledger/migrations';

interface Recorded {
  version: number;
  name: string;
  sha256: string;
}
interface History {
  migrations: Recorded[];
  /** The schema a fresh ledger ends with (sqlite_master), one statement per entry. */
  schema: string[];
}

const HISTORY_FILE = fileURLToPath(new URL('./schema-history.json', import.meta.url));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function freshSchema(): string[] {
  const db = openLedger(':memory:');
  try {
    const rows = db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as { type: string; name: string; sql: string }[];
    return rows.map((row) => `${row.type} ${row.name}: ${row.sql.replace(/\s+/g, ' ').trim()}`);
  } finally {
    db.close();
  }
}

function load(): History {
  return existsSync(HISTORY_FILE) ? (JSON.parse(readFileSync(HISTORY_FILE, 'utf8')) as History) : { migrations: [], schema: [] };
}

describe('schema history', () => {
  const history = load();
  const current = MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name, sha256: sha256(migration.sql) }));

  if (process.env.RECORD_MIGRATIONS === '1') {
    const known = new Set(history.migrations.map((entry) => entry.version));
    const appended = [...history.migrations, ...current.filter((entry) => !known.has(entry.version))];
    writeFileSync(HISTORY_FILE, JSON.stringify({ migrations: appended, schema: freshSchema() }, null, 2) + '\n');
  }

  it('no migration that has shipped was edited, renamed or removed', () => {
    for (const recorded of load().migrations) {
      const now = current.find((entry) => entry.version === recorded.version);
      expect(now, `migration ${recorded.version} (${recorded.name}) was removed`).toBeDefined();
      expect(now, `migration ${recorded.version} (${recorded.name}) was edited: add migration ${current.length + 1} instead`).toEqual(
        recorded,
      );
    }
  });

  it('every migration is recorded (a new one is recorded on purpose, once)', () => {
    const recorded = new Set(load().migrations.map((entry) => entry.version));
    const unrecorded = current.filter((entry) => !recorded.has(entry.version)).map((entry) => `${entry.version} ${entry.name}`);
    expect(unrecorded, 'record new migrations with RECORD_MIGRATIONS=1 (see the top of this file)').toEqual([]);
  });

  it('a fresh ledger ends with the recorded schema', () => {
    expect(freshSchema()).toEqual(load().schema);
  });
});
