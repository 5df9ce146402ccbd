import { join } from 'node:path';
import type { AppMode } from '../../shared/contract';
import { createAuditLog, type AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { modeFolder, openTrainingLedger } from './mode-ledger';

/** A mode's ledger as its services use it. */
export interface ModeLedger {
  ledger: SqliteDatabase;
  /** The audit log of that ledger: entries of that mode's actions. */
  audit: AuditLog;
  /** The folder its import thread and failed packages are under (the data directory for Live, `training/` for Training). */
  dataDir: string;
  /** Where exports go without a save dialog; null for an in-memory ledger (a temp folder then). */
  exportFolder: string | null;
  /** Closes what was opened for the mode (Live's ledger is the station's and stays open). */
  close(): void;
}

/** Live uses the station's ledger and audit log; Training opens its own ledger in the training folder. */
export function composeModeLedger(station: { dataDir: string; ledger: SqliteDatabase; audit: AuditLog }, mode: AppMode): ModeLedger {
  const folder = modeFolder(station.dataDir, mode);
  const exportFolder = station.dataDir === ':memory:' ? null : join(folder, 'exports');
  if (mode === 'live') return { ledger: station.ledger, audit: station.audit, dataDir: folder, exportFolder, close: () => undefined };
  const ledger = openTrainingLedger(station.dataDir);
  return { ledger, audit: createAuditLog(ledger), dataDir: folder, exportFolder, close: () => ledger.close() };
}
