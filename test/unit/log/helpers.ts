import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '@main/audit';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { createLogService, type LogService, type LogServiceOptions } from '@main/log';
import type { Verdict } from '@shared/verification-contract';

export const ORANGE = { product_code: '6901234567892', product_title: '橙味汽水 330ml ×24' };
export const CRISPS = { product_code: '4006381333931', product_title: 'Sea-salt crisps 70 g ×30' };

/** 2025-03-01T00:00:00Z plus `minutes`, as the ledger stores times. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2025, 2, 1) + minutes * 60_000).toISOString();
}

export interface ScanInput {
  station?: string;
  session_id?: number | null;
  source?: 'wedge' | 'hid' | 'cli';
  input?: string;
  normalized?: string;
  kind?: 'code' | 'code_url' | 'invalid';
  application_id?: number | null;
  code_index?: number | null;
  local_verdict?: Verdict;
  verdict?: Verdict;
  remote?: 'pending' | 'confirmed' | 'mismatch' | 'offline' | 'skipped';
  reason_json?: string | null;
  acknowledged_by?: string | null;
  scanned_at: string;
}

export interface SessionInput {
  station?: string;
  line?: string;
  product_code?: string;
  started_by?: string;
  started_at: string;
  ended_by?: string | null;
  ended_at?: string | null;
}

export interface LogWorld {
  dir: string;
  db: SqliteDatabase;
  audit: AuditLog;
  log: LogService;
  /** Inserts a session (station LINE-PC-1, line L1, the orange soda, open) and returns its id. */
  session(input: SessionInput): number;
  /** Inserts a scan (PASS, confirmed, a code_url of application 581865877) and returns its id. */
  scan(input: ScanInput): number;
  close(): void;
}

/** A migrated ledger in a temp dir with the two products, an audit log on a fixed clock and the log service. */
export function logWorld(options: Partial<Omit<LogServiceOptions, 'db' | 'audit'>> = {}): LogWorld {
  const dir = mkdtempSync(join(tmpdir(), 'mc-log-'));
  const db: SqliteDatabase = openLedger(dir);
  let tick = 0;
  const audit: AuditLog = createAuditLog(db, { now: () => new Date(Date.parse(at(0)) + 60_000 * tick++) });
  const insertProduct = db.prepare(
    `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
     VALUES (?, 'Demo', ?, 'Scan & win', 'wx0123456789abcdef', 'pages/index/index', 0, 'system', ?, ?)`,
  );
  for (const product of [ORANGE, CRISPS]) insertProduct.run(product.product_code, product.product_title, at(0), at(0));

  const insertSession = db.prepare(
    `INSERT INTO scan_sessions (station, line, product_code, started_by, started_at, ended_by, ended_at)
     VALUES (@station, @line, @product_code, @started_by, @started_at, @ended_by, @ended_at)`,
  );
  // Only the columns of the first version of migration 007: later columns have defaults.
  const insertScan = db.prepare(
    `INSERT INTO scans (session_id, station, source, input, normalized, kind, application_id, code_index, activation_id,
       local_verdict, verdict, remote, reason_json, acknowledged_by, scanned_at)
     VALUES (@session_id, @station, @source, @input, @normalized, @kind, @application_id, @code_index, NULL,
       @local_verdict, @verdict, @remote, @reason_json, @acknowledged_by, @scanned_at)`,
  );
  let codeIndex = 0;

  return {
    dir,
    db,
    audit,
    log: createLogService({ db, audit, timeZone: 'UTC', now: () => new Date(at(24 * 60)), ...options }),
    session(input: SessionInput): number {
      return Number(
        insertSession.run({
          station: 'LINE-PC-1',
          line: 'L1',
          product_code: ORANGE.product_code,
          started_by: 'operator',
          ended_by: null,
          ended_at: null,
          ...input,
        }).lastInsertRowid,
      );
    },
    scan(input: ScanInput): number {
      const index = codeIndex++;
      const verdict = input.verdict ?? 'PASS';
      return Number(
        insertScan.run({
          station: 'LINE-PC-1',
          session_id: null,
          source: 'wedge',
          input: `P.URL.CN/0U.JYJXP3HJI2C98A9${String(index % 10)}`,
          normalized: `P.URL.CN/0U.JYJXP3HJI2C98A9${String(index % 10)}`,
          kind: 'code_url',
          application_id: 581865877,
          code_index: index,
          local_verdict: verdict,
          remote: 'confirmed',
          reason_json: null,
          acknowledged_by: null,
          ...input,
          verdict,
        }).lastInsertRowid,
      );
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Splits CSV text into rows of cells (RFC 4180 quotes; CRLF). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
