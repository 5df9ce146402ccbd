import { openDatabase, type SqliteDatabase } from '../ledger/open-database';
import { CODE_SPACE_SIZE } from './code-generator';
import type { ActivationDetails, ActivationRecord, SimulatorAccount } from './types';

/**
 * The simulator's persistent state in SQLite (accounts, tokens, applications,
 * activations, tickets), so Training mode survives restarts and separate CLI
 * processes see the same applications. Codes themselves are never stored: an
 * application only records the range of global serials it owns.
 */

export const DEFAULT_SEED = 'marketcode-simulator';
const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  appid TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  service_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY,
  appid TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('token', 'stable')),
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_by_account ON tokens (appid, source, expires_at);
CREATE TABLE IF NOT EXISTS applications (
  application_id INTEGER PRIMARY KEY,
  sequence INTEGER NOT NULL UNIQUE,
  appid TEXT NOT NULL,
  isv_application_id TEXT NOT NULL,
  code_count INTEGER NOT NULL,
  serial_start INTEGER NOT NULL UNIQUE,
  segment_size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  finish_at INTEGER NOT NULL,
  UNIQUE (appid, isv_application_id)
);
CREATE TABLE IF NOT EXISTS activations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id INTEGER NOT NULL REFERENCES applications (application_id),
  code_start INTEGER NOT NULL,
  code_end INTEGER NOT NULL,
  activity_name TEXT NOT NULL,
  product_brand TEXT NOT NULL,
  product_title TEXT NOT NULL,
  product_code TEXT NOT NULL,
  wxa_appid TEXT NOT NULL,
  wxa_path TEXT NOT NULL,
  wxa_type INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS activations_by_start ON activations (application_id, code_start);
CREATE TABLE IF NOT EXISTS tickets (
  code_ticket TEXT PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (application_id),
  code_index INTEGER NOT NULL,
  openid TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

export type TokenSource = 'token' | 'stable';

export interface AccountRow {
  appid: string;
  secret: string;
  service_key: string;
}

export interface TokenRow {
  token: string;
  appid: string;
  source: TokenSource;
  issued_at: number;
  expires_at: number;
}

export interface ApplicationRow {
  application_id: number;
  sequence: number;
  appid: string;
  isv_application_id: string;
  code_count: number;
  serial_start: number;
  segment_size: number;
  created_at: number;
  finish_at: number;
}

export interface ActivationRow extends ActivationRecord {
  id: number;
  created_at: number;
  updated_at: number;
}

export interface TicketRow {
  code_ticket: string;
  application_id: number;
  code_index: number;
  openid: string;
  created_at: number;
}

export interface NewApplication {
  appid: string;
  isv_application_id: string;
  code_count: number;
  segment_size: number;
  created_at: number;
  finish_at: number;
}

export type CreateApplicationResult =
  | { kind: 'created'; application: ApplicationRow }
  | { kind: 'existing'; application: ApplicationRow }
  | { kind: 'exhausted'; remaining: number };

export class SimulatorStore {
  readonly seed: string;
  private readonly db: SqliteDatabase;

  private constructor(db: SqliteDatabase, seed: string) {
    this.db = db;
    this.seed = seed;
  }

  /**
   * Opens (creating if needed) the state database. The seed is fixed when the
   * database is created: reopening with another explicit seed would silently
   * change every code already handed out, so it is refused.
   */
  static open(path: string, requestedSeed: string | undefined): SimulatorStore {
    // The stand-in for WeChat's own storage, not the station's ledger: DESIGN §4's durability is not asked of it.
    const db = openDatabase(path, { synchronous: 'NORMAL' });
    try {
      db.exec(SCHEMA);
      const read = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
      const version = read.get('schema_version')?.value;
      if (version !== undefined && version !== SCHEMA_VERSION) {
        throw new Error(`simulator database ${path} has schema version ${version}, expected ${SCHEMA_VERSION}`);
      }
      const storedSeed = read.get('seed')?.value;
      if (storedSeed !== undefined && requestedSeed !== undefined && storedSeed !== requestedSeed) {
        throw new Error(`simulator database ${path} was created with seed "${storedSeed}", not "${requestedSeed}"`);
      }
      const seed = storedSeed ?? requestedSeed ?? DEFAULT_SEED;
      const write = db.prepare<[string, string]>('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
      write.run('schema_version', SCHEMA_VERSION);
      write.run('seed', seed);
      return new SimulatorStore(db, seed);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  // --- accounts -------------------------------------------------------------

  upsertAccount(account: SimulatorAccount): void {
    this.db
      .prepare<[string, string, string]>(
        `INSERT INTO accounts (appid, secret, service_key) VALUES (?, ?, ?)
         ON CONFLICT (appid) DO UPDATE SET secret = excluded.secret, service_key = excluded.service_key`,
      )
      .run(account.appid, account.secret, account.serviceKey);
  }

  findAccount(appid: string): AccountRow | undefined {
    return this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE appid = ?').get(appid);
  }

  // --- tokens ---------------------------------------------------------------

  insertToken(row: TokenRow): void {
    this.db
      .prepare<[TokenRow]>(
        'INSERT INTO tokens (token, appid, source, issued_at, expires_at) VALUES (@token, @appid, @source, @issued_at, @expires_at)',
      )
      .run(row);
  }

  findToken(token: string): TokenRow | undefined {
    return this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token = ?').get(token);
  }

  newestValidToken(appid: string, source: TokenSource, now: number): TokenRow | undefined {
    return this.db
      .prepare<[string, string, number], TokenRow>(
        'SELECT * FROM tokens WHERE appid = ? AND source = ? AND expires_at > ? ORDER BY expires_at DESC LIMIT 1',
      )
      .get(appid, source, now);
  }

  /** Shortens the life of an account's tokens from one source to at most `until`. */
  capTokens(appid: string, source: TokenSource, until: number): void {
    this.db
      .prepare<[number, string, string, number]>('UPDATE tokens SET expires_at = ? WHERE appid = ? AND source = ? AND expires_at > ?')
      .run(until, appid, source, until);
  }

  expireAllTokens(now: number): void {
    this.db.prepare<[number, number]>('UPDATE tokens SET expires_at = ? WHERE expires_at > ?').run(now, now);
  }

  /** Forgets tokens expired before `before` (kept a while so they answer 42001, not 40001). */
  pruneTokens(before: number): void {
    this.db.prepare<[number]>('DELETE FROM tokens WHERE expires_at < ?').run(before);
  }

  // --- applications ---------------------------------------------------------

  /**
   * Creates an application or returns the one with the same isv_application_id,
   * in one IMMEDIATE transaction so two processes sharing the file can neither
   * both create it nor hand out overlapping serial ranges.
   */
  createApplication(input: NewApplication, applicationIdFor: (sequence: number) => number): CreateApplicationResult {
    const run = this.db.transaction((): CreateApplicationResult => {
      const existing = this.findApplicationByIsv(input.appid, input.isv_application_id);
      if (existing) return { kind: 'existing', application: existing };
      const next = this.db
        .prepare<[], { sequence: number; serial_start: number }>(
          `SELECT COALESCE(MAX(sequence) + 1, 0) AS sequence,
                  COALESCE(MAX(serial_start + code_count), 0) AS serial_start
           FROM applications`,
        )
        .get();
      const sequence = next?.sequence ?? 0;
      const serialStart = next?.serial_start ?? 0;
      if (serialStart + input.code_count > CODE_SPACE_SIZE) {
        return { kind: 'exhausted', remaining: CODE_SPACE_SIZE - serialStart };
      }
      const application: ApplicationRow = {
        ...input,
        application_id: applicationIdFor(sequence),
        sequence,
        serial_start: serialStart,
      };
      this.db
        .prepare<[ApplicationRow]>(
          `INSERT INTO applications (application_id, sequence, appid, isv_application_id, code_count,
             serial_start, segment_size, created_at, finish_at)
           VALUES (@application_id, @sequence, @appid, @isv_application_id, @code_count,
             @serial_start, @segment_size, @created_at, @finish_at)`,
        )
        .run(application);
      return { kind: 'created', application };
    });
    return run.immediate();
  }

  findApplicationById(applicationId: number): ApplicationRow | undefined {
    return this.db.prepare<[number], ApplicationRow>('SELECT * FROM applications WHERE application_id = ?').get(applicationId);
  }

  findApplicationByIsv(appid: string, isvApplicationId: string): ApplicationRow | undefined {
    return this.db
      .prepare<[string, string], ApplicationRow>('SELECT * FROM applications WHERE appid = ? AND isv_application_id = ?')
      .get(appid, isvApplicationId);
  }

  /** The application whose serial range contains `serial`, if any. */
  findApplicationBySerial(serial: number): ApplicationRow | undefined {
    const row = this.db
      .prepare<[number], ApplicationRow>('SELECT * FROM applications WHERE serial_start <= ? ORDER BY serial_start DESC LIMIT 1')
      .get(serial);
    return row && serial < row.serial_start + row.code_count ? row : undefined;
  }

  // --- activations ----------------------------------------------------------

  overlappingActivations(applicationId: number, codeStart: number, codeEnd: number): ActivationRow[] {
    return this.db
      .prepare<[number, number, number], ActivationRow>(
        'SELECT * FROM activations WHERE application_id = ? AND code_start <= ? AND code_end >= ? ORDER BY code_start',
      )
      .all(applicationId, codeEnd, codeStart);
  }

  /** Activations never overlap, so the one starting last at or before the index is the only candidate. */
  activationCovering(applicationId: number, codeIndex: number): ActivationRow | undefined {
    const row = this.db
      .prepare<[number, number], ActivationRow>(
        'SELECT * FROM activations WHERE application_id = ? AND code_start <= ? ORDER BY code_start DESC LIMIT 1',
      )
      .get(applicationId, codeIndex);
    return row && codeIndex <= row.code_end ? row : undefined;
  }

  insertActivation(record: ActivationRecord, now: number): void {
    this.db
      .prepare<[ActivationRecord & { now: number }]>(
        `INSERT INTO activations (application_id, code_start, code_end, activity_name, product_brand,
           product_title, product_code, wxa_appid, wxa_path, wxa_type, created_at, updated_at)
         VALUES (@application_id, @code_start, @code_end, @activity_name, @product_brand,
           @product_title, @product_code, @wxa_appid, @wxa_path, @wxa_type, @now, @now)`,
      )
      .run({ ...record, now });
  }

  updateActivationDetails(id: number, details: ActivationDetails, now: number): void {
    this.db
      .prepare<[ActivationDetails & { id: number; now: number }]>(
        `UPDATE activations SET activity_name = @activity_name, product_brand = @product_brand,
           product_title = @product_title, product_code = @product_code, wxa_appid = @wxa_appid,
           wxa_path = @wxa_path, wxa_type = @wxa_type, updated_at = @now
         WHERE id = @id`,
      )
      .run({ ...details, id, now });
  }

  // --- tickets --------------------------------------------------------------

  insertTicket(row: TicketRow): void {
    this.db
      .prepare<[TicketRow]>(
        `INSERT INTO tickets (code_ticket, application_id, code_index, openid, created_at)
         VALUES (@code_ticket, @application_id, @code_index, @openid, @created_at)`,
      )
      .run(row);
  }

  findTicket(codeTicket: string): TicketRow | undefined {
    return this.db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE code_ticket = ?').get(codeTicket);
  }
}
