/**
 * The shift report: one CSV for Excel (UTF-8 with a BOM, CRLF) with a header
 * block (station, period, totals per verdict, the sessions of the period) and
 * then one row per scan, oldest first. Rows are read in keyset chunks, so the
 * report can be written out line by line without holding it whole, and no
 * statement stays open between lines.
 */
import type { AppMode } from '../../shared/contract';
import { VERDICTS, type Verdict } from '../../shared/verification-contract';
import { SHIFT_REPORT_MAX_DAYS } from '../../shared/log-contract';
import type { AuditAnchor } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { CSV_BOM, CSV_EOL, csvLine, type CsvCell } from './csv';
import { localTime, systemTimeZone, type LocalTime } from './local-time';
import { logErrors } from '../../shared/error-catalogue/log';
import { reportText, type ReportText } from './report-text';
import type { ShiftReportOptions } from './log-service';

export interface PreparedShiftReport {
  filename: string;
  /** Scan rows the report holds. */
  scanCount: number;
  totals: Record<Verdict, number>;
  lines(): Generator<string>;
}

export interface ShiftReportWriter {
  /** Checks the period and reads the header facts; `lines()` then reads the scans. */
  prepare(request: ShiftReportOptions): PreparedShiftReport;
}

interface SessionRow {
  id: number;
  station: string;
  line: string;
  product_code: string;
  product_title: string | null;
  started_by: string;
  started_at: string;
  ended_by: string | null;
  ended_at: string | null;
  scans: number;
}

interface ReportScanRow {
  id: number;
  scanned_at: string;
  station: string;
  session_id: number | null;
  line: string | null;
  product_code: string | null;
  input: string;
  normalized: string;
  verdict: Verdict;
  local_verdict: Verdict;
  remote: string;
  application_id: number | null;
  code_index: number | null;
  acknowledged_by: string | null;
}

const CHUNK = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ShiftReportWriterOptions {
  db: SqliteDatabase;
  now: () => Date;
  timeZone: string | undefined;
  /** The audit chain's head, written into the header so the report anchors the chain (docs/audit-log.md). */
  auditHead: () => AuditAnchor | undefined;
  /** The mode whose ledger `db` is: the report names it, so its audit head is checked against the right chain. */
  mode: AppMode;
}

/** The period as ISO-8601 UTC instants; throws LOG_PERIOD_INVALID or LOG_PERIOD_TOO_LONG. */
function checkedPeriod(request: Pick<ShiftReportOptions, 'from' | 'to'>): { from: string; to: string } {
  const fromMs = Date.parse(request.from);
  const toMs = Date.parse(request.to);
  if (!(toMs > fromMs)) throw logErrors.LOG_PERIOD_INVALID();
  if (toMs - fromMs > SHIFT_REPORT_MAX_DAYS * DAY_MS) throw logErrors.LOG_PERIOD_TOO_LONG({ days: Math.ceil((toMs - fromMs) / DAY_MS) });
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

export function createShiftReportWriter(options: ShiftReportWriterOptions): ShiftReportWriter {
  const { db } = options;
  const stationTerm = (alias: string, station: string | undefined) => (station === undefined ? '' : ` AND ${alias}.station = @station`);
  const maxId = db.prepare('SELECT COALESCE(MAX(id), 0) FROM scans').pluck();
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  return {
    prepare(request) {
      const { from, to } = checkedPeriod(request);
      const station = request.station;
      const text = reportText(request.locale);
      const time = localTime(request.time_zone ?? options.timeZone ?? systemTimeZone());
      const generatedAt = options.now().toISOString();
      const auditHead = options.auditHead();
      // Scans recorded after this moment are left out everywhere, so the totals always match the rows.
      const params = { from, to, max_id: maxId.get() as number, ...(station === undefined ? {} : { station }) };

      const totals = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
      const counted = prepared(
        `SELECT verdict, COUNT(*) AS n FROM scans s
         WHERE s.scanned_at >= @from AND s.scanned_at < @to AND s.id <= @max_id${stationTerm('s', station)}
         GROUP BY verdict`,
      ).all(params) as { verdict: Verdict; n: number }[];
      for (const { verdict, n } of counted) totals[verdict] = (totals[verdict] ?? 0) + n;
      const scanCount = counted.reduce((sum, { n }) => sum + n, 0);

      const sessions = prepared(
        `SELECT ss.id, ss.station, ss.line, ss.product_code, p.product_title, ss.started_by, ss.started_at, ss.ended_by, ss.ended_at,
           (SELECT COUNT(*) FROM scans s WHERE s.session_id = ss.id AND s.scanned_at >= @from AND s.scanned_at < @to AND s.id <= @max_id) AS scans
         FROM scan_sessions ss LEFT JOIN products p ON p.product_code = ss.product_code
         WHERE ss.started_at < @to AND (ss.ended_at IS NULL OR ss.ended_at >= @from)${stationTerm('ss', station)}
         ORDER BY ss.started_at, ss.id`,
      ).all(params) as SessionRow[];

      const firstChunk = prepared(scanChunkSql(station, false));
      const nextChunk = prepared(scanChunkSql(station, true));

      function* lines(): Generator<string> {
        const emit = (cells: readonly CsvCell[]) => csvLine(cells) + CSV_EOL;
        yield CSV_BOM + emit([text.title]);
        yield* headerBlock(
          text,
          time,
          { from, to, station, generatedAt, auditHead, mode: options.mode, totals, scanCount, sessions },
          emit,
        );
        yield emit([]);
        yield emit([text.scans]);
        yield emit(text.scanColumns);
        let cursor: { at: string; id: number } | undefined;
        for (;;) {
          const rows = (
            cursor ? nextChunk.all({ ...params, cursor_at: cursor.at, cursor_id: cursor.id }) : firstChunk.all(params)
          ) as ReportScanRow[];
          for (const row of rows) yield emit(scanCells(row, text, time));
          if (rows.length < CHUNK) return;
          const last = rows[rows.length - 1]!;
          cursor = { at: last.scanned_at, id: last.id };
        }
      }

      return { filename: fileName(time, from, to, station), scanCount, totals, lines };
    },
  };
}

function scanChunkSql(station: string | undefined, after: boolean): string {
  return `SELECT s.id, s.scanned_at, s.station, s.session_id, ss.line, ss.product_code, s.input, s.normalized, s.verdict,
      s.local_verdict, s.remote, s.application_id, s.code_index, s.acknowledged_by
    FROM scans s LEFT JOIN scan_sessions ss ON ss.id = s.session_id
    WHERE s.scanned_at >= @from AND s.scanned_at < @to AND s.id <= @max_id${station === undefined ? '' : ' AND s.station = @station'}${
      after ? ' AND (s.scanned_at, s.id) > (@cursor_at, @cursor_id)' : ''
    }
    ORDER BY s.scanned_at, s.id LIMIT ${CHUNK}`;
}

function* headerBlock(
  text: ReportText,
  time: LocalTime,
  facts: {
    from: string;
    to: string;
    station: string | undefined;
    generatedAt: string;
    auditHead: AuditAnchor | undefined;
    mode: AppMode;
    totals: Record<Verdict, number>;
    scanCount: number;
    sessions: SessionRow[];
  },
  emit: (cells: readonly CsvCell[]) => string,
): Generator<string> {
  yield emit([text.station, facts.station ?? text.allStations]);
  yield emit([text.period, time.format(facts.from), time.format(facts.to)]);
  yield emit([text.timeZone, time.zone]);
  yield emit([text.generated, time.format(facts.generatedAt)]);
  yield emit(facts.auditHead ? [text.auditHead, facts.auditHead.seq, facts.auditHead.hash] : [text.auditHead, text.none]);
  yield emit([text.mode, text.modes[facts.mode]]);
  yield emit([]);
  yield emit([text.totals]);
  yield emit([text.verdictCode, text.verdictName, text.count]);
  for (const verdict of VERDICTS) yield emit([verdict, text.verdicts[verdict], facts.totals[verdict]]);
  yield emit([text.total, '', facts.scanCount]);
  yield emit([]);
  yield emit([text.sessions]);
  if (facts.sessions.length === 0) {
    yield emit([text.none]);
    return;
  }
  yield emit(text.sessionColumns);
  for (const session of facts.sessions) {
    yield emit([
      session.id,
      session.station,
      session.line,
      session.product_code,
      session.product_title,
      time.format(session.started_at),
      session.ended_at === null ? text.open : time.format(session.ended_at),
      session.started_by,
      session.ended_by,
      session.scans,
    ]);
  }
}

function scanCells(row: ReportScanRow, text: ReportText, time: LocalTime): CsvCell[] {
  return [
    time.format(row.scanned_at),
    row.station,
    row.session_id,
    row.line,
    row.product_code,
    row.input,
    row.normalized,
    row.verdict,
    text.verdicts[row.verdict] ?? row.verdict,
    row.local_verdict,
    row.remote,
    row.application_id,
    row.code_index,
    row.acknowledged_by,
    row.scanned_at,
  ];
}

function fileName(time: LocalTime, from: string, to: string, station: string | undefined): string {
  const slug = station
    ?.replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const parts = ['shift-report', ...(slug ? [slug] : []), time.stamp(from), time.stamp(to)];
  return `${parts.join('-')}.csv`;
}
