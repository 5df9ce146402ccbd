import type { Verdict } from '../../shared/verification-contract';
import type { SqliteDatabase } from '../ledger';
import type {
  AcknowledgedVia,
  BlockingScan,
  CodeRef,
  CoveringActivation,
  EarlierScan,
  FirstPassRow,
  NewScan,
  NewSession,
  ProductFacts,
  RemoteUpdate,
  ScanRow,
  SessionRow,
  SessionTotals,
} from './rows';

/**
 * SQL of sessions and scans, all prepared once (the scan path runs them thousands of times). Callers own transactions.
 * Two halves: what a verdict looks up in the ledger (sessions, products, codes, activations), and the scans themselves.
 */
export function createVerificationStore(db: SqliteDatabase) {
  return { ...createLedgerQueries(db), ...createScanQueries(db) };
}

export type VerificationStore = ReturnType<typeof createVerificationStore>;

const ACTIVATION_FIELDS =
  'id, application_id, code_start, code_end, state, product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type';
const SESSION_SELECT = `SELECT s.*, p.product_title AS product_title FROM scan_sessions s LEFT JOIN products p ON p.product_code = s.product_code`;

/** Sessions, and the products, codes and activations a verdict rests on. */
function createLedgerQueries(db: SqliteDatabase) {
  const s = {
    openSession: db.prepare(`${SESSION_SELECT} WHERE s.station = ? AND s.ended_at IS NULL`),
    sessionById: db.prepare(`${SESSION_SELECT} WHERE s.id = ?`),
    insertSession: db.prepare(
      `INSERT INTO scan_sessions (station, line, product_code, activation_id, started_by, started_at)
       VALUES (@station, @line, @product_code, @activation_id, @started_by, @started_at)`,
    ),
    endSession: db.prepare('UPDATE scan_sessions SET ended_by = ?, ended_at = ?, summary_json = ? WHERE id = ? AND ended_at IS NULL'),
    product: db.prepare('SELECT product_code, product_title, archived_at FROM products WHERE product_code = ?'),
    codeByCode: db.prepare('SELECT application_id, code_index FROM code_lookup WHERE code = ?'),
    codeByUrl: db.prepare('SELECT application_id, code_index FROM code_url_lookup WHERE code_url = ?'),
    // Live activations never overlap, so the nearest live one starting at or before the index is the only candidate.
    liveCovering: db.prepare(
      `SELECT ${ACTIVATION_FIELDS} FROM activations
       WHERE application_id = ? AND code_start <= ? AND state IN ('pending', 'sending', 'active')
       ORDER BY code_start DESC LIMIT 1`,
    ),
    activationById: db.prepare(`SELECT ${ACTIVATION_FIELDS} FROM activations WHERE id = ?`),
  };
  return {
    openSession: (station: string) => s.openSession.get(station) as SessionRow | undefined,
    sessionById: (id: number) => s.sessionById.get(id) as SessionRow | undefined,
    insertSession: (row: NewSession) => Number(s.insertSession.run(row).lastInsertRowid),
    endSession: (id: number, endedBy: string, endedAt: string, summaryJson: string) =>
      s.endSession.run(endedBy, endedAt, summaryJson, id).changes === 1,
    product: (code: string) => s.product.get(code) as ProductFacts | undefined,
    codeByCode: (code: string) => s.codeByCode.get(code) as CodeRef | undefined,
    codeByUrl: (codeUrl: string) => s.codeByUrl.get(codeUrl) as CodeRef | undefined,
    liveActivationCovering(applicationId: number, codeIndex: number): CoveringActivation | undefined {
      const row = s.liveCovering.get(applicationId, codeIndex) as CoveringActivation | undefined;
      return row && row.code_end >= codeIndex ? row : undefined;
    },
    activationById: (id: number) => s.activationById.get(id) as CoveringActivation | undefined,
  };
}

/** The scans: recording, confirming, acknowledging, listing and counting them. */
function createScanQueries(db: SqliteDatabase) {
  const s = {
    firstUnacknowledged: db.prepare(
      'SELECT id, verdict FROM scans WHERE session_id = ? AND needs_ack = 1 AND acknowledged_at IS NULL ORDER BY id LIMIT 1',
    ),
    unacknowledged: db.prepare('SELECT id FROM scans WHERE session_id = ? AND needs_ack = 1 AND acknowledged_at IS NULL ORDER BY id'),
    earlierScan: db.prepare(
      `SELECT id, scanned_at FROM scans WHERE session_id = ? AND application_id = ? AND code_index = ? AND id < ?
       ORDER BY id LIMIT 1`,
    ),
    // The partial index scans_first_pass (migration 012) holds exactly these rows, in this order: a point query.
    firstPass: db.prepare(
      `SELECT s.id, s.station, s.scanned_at, ss.line FROM scans s JOIN scan_sessions ss ON ss.id = s.session_id
       WHERE s.application_id = ? AND s.code_index = ? AND s.verdict = 'PASS' AND s.session_id IS NOT NULL AND s.id < ?
       ORDER BY s.id LIMIT 1`,
    ),
    insertScan: db.prepare(
      `INSERT INTO scans (session_id, station, source, input, normalized, kind, application_id, code_index, activation_id,
         local_verdict, verdict, remote, reason_json, expected_product, needs_ack, scanned_at)
       VALUES (@session_id, @station, @source, @input, @normalized, @kind, @application_id, @code_index, @activation_id,
         @local_verdict, @verdict, @remote, @reason_json, @expected_product, @needs_ack, @scanned_at)`,
    ),
    scanById: db.prepare('SELECT * FROM scans WHERE id = ?'),
    setRemote: db.prepare(
      `UPDATE scans SET remote = @remote, verdict = @verdict, reason_json = @reason_json, needs_ack = @needs_ack,
         activation_id = @activation_id, confirmed_at = @confirmed_at, remote_attempts = remote_attempts + 1
       WHERE id = @id AND remote IN ('pending', 'offline')`,
    ),
    setOffline: db.prepare(
      "UPDATE scans SET remote = 'offline', remote_attempts = remote_attempts + 1 WHERE id = ? AND remote IN ('pending', 'offline')",
    ),
    acknowledge: db.prepare(
      'UPDATE scans SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_via = ? WHERE id = ? AND acknowledged_at IS NULL',
    ),
    recentOfSession: db.prepare('SELECT * FROM scans WHERE session_id = ? ORDER BY id DESC LIMIT ?'),
    recentOfStation: db.prepare('SELECT * FROM scans WHERE station = ? ORDER BY id DESC LIMIT ?'),
    unconfirmed: db.prepare("SELECT * FROM scans WHERE remote IN ('pending', 'offline') ORDER BY id LIMIT ?"),
    verdictCounts: db.prepare('SELECT verdict, COUNT(*) AS n FROM scans WHERE session_id = ? GROUP BY verdict'),
    totals: db.prepare(
      `SELECT COUNT(*) AS total,
         COALESCE(SUM(needs_ack = 1 AND acknowledged_at IS NULL), 0) AS unacknowledged,
         COALESCE(SUM(remote IN ('pending', 'offline')), 0) AS unconfirmed
       FROM scans WHERE session_id = ?`,
    ),
  };
  return {
    firstUnacknowledged: (sessionId: number) => s.firstUnacknowledged.get(sessionId) as BlockingScan | undefined,
    unacknowledged: (sessionId: number) => (s.unacknowledged.all(sessionId) as { id: number }[]).map((row) => row.id),
    earlierScan: (sessionId: number, applicationId: number, codeIndex: number, beforeId: number) =>
      s.earlierScan.get(sessionId, applicationId, codeIndex, beforeId) as EarlierScan | undefined,
    firstPass: (applicationId: number, codeIndex: number, beforeId: number) =>
      s.firstPass.get(applicationId, codeIndex, beforeId) as FirstPassRow | undefined,
    insertScan: (scan: NewScan) => Number(s.insertScan.run(scan).lastInsertRowid),
    scanById: (id: number) => s.scanById.get(id) as ScanRow | undefined,
    setRemote: (update: RemoteUpdate) => s.setRemote.run(update).changes === 1,
    setOffline: (id: number) => s.setOffline.run(id).changes === 1,
    acknowledge: (id: number, actor: string, at: string, via: AcknowledgedVia) => s.acknowledge.run(actor, at, via, id).changes === 1,
    recentOfSession: (sessionId: number, limit: number) => s.recentOfSession.all(sessionId, limit) as ScanRow[],
    recentOfStation: (station: string, limit: number) => s.recentOfStation.all(station, limit) as ScanRow[],
    unconfirmed: (limit: number) => s.unconfirmed.all(limit) as ScanRow[],
    verdictCounts: (sessionId: number) => s.verdictCounts.all(sessionId) as { verdict: Verdict; n: number }[],
    totals: (sessionId: number) => s.totals.get(sessionId) as SessionTotals,
  };
}
