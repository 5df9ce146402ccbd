import { verificationErrors } from '../../shared/error-catalogue/verification';
import type { RecentScansRequest, ScanResult, ScanSession, StartSessionRequest } from '../../shared/verification-contract';
import type { Actor } from '../supervisors/actor';
import type { EngineContext } from './engine-context';
import type { SessionRow } from './rows';
import type { VerificationStore } from './verification-store';
import { emptyCounts, scanResultOf } from './scan-views';
import { sessionStartProblem } from './session-rules';

type Summary = Pick<ScanSession, 'counts' | 'total' | 'unacknowledged' | 'unconfirmed'>;

/** A station's sessions: starting, ending (with the stored summary), the open one, and its recent scans. */
export function createSessions(ctx: EngineContext) {
  const { db, store, audit } = ctx;

  function start(request: StartSessionRequest, actor: Actor): ScanSession {
    const activationId = request.activation_id ?? null;
    const activation = activationId === null ? undefined : store.activationById(activationId);
    const problem = sessionStartProblem(request, store.product(request.product_code), activation);
    if (problem) throw problem;
    const station = ctx.settings.read().station;
    const id = db
      .transaction(() => {
        const open = store.openSession(station);
        if (open) throw verificationErrors.VERIFY_SESSION_OPEN({ session_id: open.id, line: open.line, station: open.station });
        const newId = store.insertSession({
          station,
          line: request.line,
          product_code: request.product_code,
          activation_id: activationId,
          started_by: actor,
          started_at: ctx.iso(),
        });
        audit.append({
          actor,
          action: 'session.started',
          subject: `station:${station}`,
          details: { session_id: newId, line: request.line, product_code: request.product_code, activation_id: activationId },
        });
        return newId;
      })
      .immediate();
    return announced(id);
  }

  /** Ends a session and stores its summary (counts per final verdict as they stand now). */
  function end(sessionId: number, actor: Actor): ScanSession {
    db.transaction(() => {
      const row = store.sessionById(sessionId);
      if (!row) throw verificationErrors.VERIFY_SESSION_NOT_FOUND({ session_id: sessionId });
      if (row.ended_at) throw verificationErrors.VERIFY_SESSION_ENDED({ session_id: sessionId, ended_at: row.ended_at });
      const live = describeSession(store, row);
      const summary: Summary = {
        counts: live.counts,
        total: live.total,
        unacknowledged: live.unacknowledged,
        unconfirmed: live.unconfirmed,
      };
      store.endSession(sessionId, actor, ctx.iso(), JSON.stringify(summary));
      audit.append({
        actor,
        action: 'session.ended',
        subject: `station:${row.station}`,
        details: { session_id: sessionId, ...summary.counts, total: summary.total, unacknowledged: summary.unacknowledged },
      });
    }).immediate();
    return announced(sessionId);
  }

  function announced(sessionId: number): ScanSession {
    const session = describeSession(store, store.sessionById(sessionId)!);
    ctx.emit('verify.sessionChanged', session);
    return session;
  }

  function current(): ScanSession | null {
    const row = store.openSession(ctx.settings.read().station);
    return row ? describeSession(store, row) : null;
  }

  return { start, end, current, recentScans: (request: RecentScansRequest) => recentScans(ctx, request) };
}

/** An ended session shows its stored summary; an open one counts its scans now. */
function describeSession(store: VerificationStore, row: SessionRow): ScanSession {
  const base = {
    id: row.id,
    station: row.station,
    line: row.line,
    product_code: row.product_code,
    product_title: row.product_title ?? row.product_code,
    activation_id: row.activation_id,
    started_by: row.started_by,
    started_at: row.started_at,
    ended_by: row.ended_by,
    ended_at: row.ended_at,
  };
  if (row.ended_at && row.summary_json) {
    const stored = JSON.parse(row.summary_json) as Summary;
    return {
      ...base,
      counts: { ...emptyCounts(), ...stored.counts },
      total: stored.total,
      unacknowledged: stored.unacknowledged,
      unconfirmed: stored.unconfirmed,
    };
  }
  const counts = emptyCounts();
  for (const { verdict, n } of store.verdictCounts(row.id)) counts[verdict] = n;
  const totals = store.totals(row.id);
  return { ...base, counts, total: totals.total, unacknowledged: totals.unacknowledged, unconfirmed: totals.unconfirmed };
}

/** Newest first: the given session, else the open one, else the station's. */
export function recentScans(ctx: EngineContext, request: RecentScansRequest): ScanResult[] {
  const { store } = ctx;
  if (request.session_id !== undefined) return store.recentOfSession(request.session_id, request.limit).map((row) => scanResultOf(row));
  const station = ctx.settings.read().station;
  const open = store.openSession(station);
  return (open ? store.recentOfSession(open.id, request.limit) : store.recentOfStation(station, request.limit)).map((row) =>
    scanResultOf(row),
  );
}
