/**
 * One ledger per mode (docs/modes.md): `<dataDir>/ledger.sqlite` is the Live ledger (and holds the station's own
 * records), `<dataDir>/training/ledger.sqlite` the Training one. Each records its mode in a `ledger.mode` settings
 * row when it is first opened as such, and a ledger opened as the other mode is refused.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppMode } from '../../shared/contract';
import { modeErrors } from '../../shared/error-catalogue/modes';
import { LEDGER_FILE, openLedger, type SqliteDatabase } from '../ledger';

/** Where Training keeps its ledger, exports, failed packages and the simulator's state. */
export const TRAINING_FOLDER = 'training';

/** The settings row that says which mode a ledger belongs to (not a setting anyone edits: settings.getAll skips it). */
export const LEDGER_MODE_KEY = 'ledger.mode';

/** The folder holding a mode's ledger, exports and failed packages. */
export function modeFolder(dataDir: string, mode: AppMode): string {
  if (dataDir === ':memory:') return dataDir;
  return mode === 'training' ? join(dataDir, TRAINING_FOLDER) : dataDir;
}

/** The mode's ledger file, or null for a throwaway in-memory one. */
export function modeLedgerPath(dataDir: string, mode: AppMode): string | null {
  return dataDir === ':memory:' ? null : join(modeFolder(dataDir, mode), LEDGER_FILE);
}

/** The mode a ledger says it belongs to; undefined for one written before ledgers had a mode (a shared one). */
export function recordedLedgerMode(db: SqliteDatabase): AppMode | undefined {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(LEDGER_MODE_KEY) as { value_json: string } | undefined;
  if (!row) return undefined;
  const value: unknown = JSON.parse(row.value_json);
  return value === 'training' || value === 'live' ? value : undefined;
}

/** Marks a ledger as the given mode's (Live does it once its shared rows are split off, see ledger-split.ts). */
export function recordLedgerMode(db: SqliteDatabase, mode: AppMode): void {
  db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  ).run(LEDGER_MODE_KEY, JSON.stringify(mode), new Date().toISOString());
}

/** Throws LEDGER_WRONG_MODE when the ledger says it belongs to the other mode. */
export function assertLedgerMode(db: SqliteDatabase, expected: AppMode, file: string): void {
  const found = recordedLedgerMode(db);
  if (found !== undefined && found !== expected) throw modeErrors.LEDGER_WRONG_MODE({ file, expected, found });
}

/**
 * Opens (creating and migrating if needed) the Training ledger and marks it as Training's. The Live ledger is the
 * station's `openLedger(dataDir)`; it is checked with assertLedgerMode and marked by the upgrade split.
 */
export function openTrainingLedger(dataDir: string): SqliteDatabase {
  if (dataDir !== ':memory:') mkdirSync(modeFolder(dataDir, 'training'), { recursive: true });
  const db = openLedger(dataDir === ':memory:' ? ':memory:' : modeFolder(dataDir, 'training'));
  try {
    assertLedgerMode(db, 'training', modeLedgerPath(dataDir, 'training') ?? ':memory:');
    if (recordedLedgerMode(db) === undefined) recordLedgerMode(db, 'training');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
