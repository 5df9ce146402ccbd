import type { SqliteDatabase } from '../../ledger';
import type { CodeRow } from '../rows';

/** SQL for `codes` and the two scan look-ups. Callers own transactions. */
export interface CodeStore {
  /** One code of a segment being imported (the import's hot loop: one prepared statement, no allocation). */
  insertCode(applicationId: number, codeIndex: number, code: string | null, codeUrl: string): void;
  /** The text of a code's extra package columns (migration 011); only packages that have them call it. */
  insertCodeExtras(applicationId: number, codeIndex: number, extras: readonly string[]): void;
  /** Extra columns of an inclusive range, by index; empty for packages without any. */
  codeExtras(applicationId: number, start: number, end: number): Map<number, string[]>;
  deleteCodeRange(applicationId: number, start: number, end: number): void;
  codeCount(applicationId: number): number;
  totalCodeCount(): number;
  /** The codes of an inclusive range in index order, read lazily. */
  codeRange(applicationId: number, start: number, end: number): IterableIterator<CodeRow>;
  /** A scannable code by its 9-character code (through code_lookup). */
  codeByCode(code: string): CodeRow | undefined;
  /** A scannable code by its code_url (through code_url_lookup). */
  codeByUrl(codeUrl: string): CodeRow | undefined;
}

export function createCodeStore(db: SqliteDatabase): CodeStore {
  const statements = {
    insertCode: db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)'),
    insertCodeExtras: db.prepare('INSERT INTO code_extras (application_id, code_index, extras_json) VALUES (?, ?, ?)'),
    codeExtras: db.prepare('SELECT code_index, extras_json FROM code_extras WHERE application_id = ? AND code_index BETWEEN ? AND ?'),
    // code_extras rows go with their codes (ON DELETE CASCADE).
    deleteCodeRange: db.prepare('DELETE FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ?'),
    countCodes: db.prepare('SELECT COUNT(*) AS n FROM codes WHERE application_id = ?'),
    countAllCodes: db.prepare('SELECT COUNT(*) AS n FROM codes'),
    codeRange: db.prepare('SELECT * FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ? ORDER BY code_index'),
    byCode: db.prepare(
      'SELECT c.* FROM code_lookup l JOIN codes c ON c.application_id = l.application_id AND c.code_index = l.code_index WHERE l.code = ?',
    ),
    byCodeUrl: db.prepare(
      'SELECT c.* FROM code_url_lookup l JOIN codes c ON c.application_id = l.application_id AND c.code_index = l.code_index WHERE l.code_url = ?',
    ),
  };
  const insertCode = statements.insertCode;

  return {
    insertCode(applicationId, codeIndex, code, codeUrl) {
      insertCode.run(applicationId, codeIndex, code, codeUrl);
    },
    insertCodeExtras(applicationId, codeIndex, extras) {
      statements.insertCodeExtras.run(applicationId, codeIndex, JSON.stringify(extras));
    },
    codeExtras(applicationId, start, end) {
      const rows = statements.codeExtras.all(applicationId, start, end) as { code_index: number; extras_json: string }[];
      return new Map(rows.map((row) => [row.code_index, JSON.parse(row.extras_json) as string[]]));
    },
    deleteCodeRange: (applicationId, start, end) => void statements.deleteCodeRange.run(applicationId, start, end),
    codeCount: (applicationId) => (statements.countCodes.get(applicationId) as { n: number }).n,
    totalCodeCount: () => (statements.countAllCodes.get() as { n: number }).n,
    codeRange: (applicationId, start, end) => statements.codeRange.iterate(applicationId, start, end) as IterableIterator<CodeRow>,
    codeByCode: (code) => statements.byCode.get(code) as CodeRow | undefined,
    codeByUrl: (codeUrl) => statements.byCodeUrl.get(codeUrl) as CodeRow | undefined,
  };
}
