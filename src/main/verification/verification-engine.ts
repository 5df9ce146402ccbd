import { hostname } from 'node:os';
import { VERIFY_SETTING_DEFAULTS, type EventName, type EventPayload } from '../../shared/contract';
import { isAppError, type AppErrorPayload } from '../../shared/errors';
import {
  VERDICTS,
  type AcknowledgeRequest,
  type RecentScansRequest,
  type ScanResult,
  type ScanSession,
  type ScanSource,
  type StartSessionRequest,
  type Verdict,
} from '../../shared/verification-contract';
import type { AuditLog } from '../audit';
import { createWorkLoop, type WorkLoop } from '../background/work-loop';
import type { ActiveConnection } from '../connection';
import type { EventBus } from '../events';
import { withShortLockWaits, type SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { normalizeScan, type NormalizedScan } from '../scan/normalize-scan';
import type { SupervisorGate } from '../supervisors/gate';
import { firstDifference } from '../activation';
import { createRemoteLookup, type RemoteAnswer } from './remote-lookup';
import { scanReasons, verificationErrors } from './verification-errors';
import { createVerificationStore, type CoveringActivation, type NewScan, type ScanRow, type SessionRow } from './verification-store';

export type AckMode = 'button' | 'ack_code';

export interface VerificationTuning {
  now?: () => number;
  /** false: nothing is sent to codeactivequery; scans stay `pending` for a later confirmation (bench). */
  remote?: boolean;
  /** codeactivequery calls in flight at once (default 4). */
  concurrency?: number;
  /** Per request (default 5 s); a call with the client's retries gives up after three times that. */
  callTimeoutMs?: number;
  /** How long a remote answer for an activated range is reused (default 10 min). */
  cacheTtlMs?: number;
  /** Back-off of the confirmation loop after going offline (default 5 s doubling to 60 s). */
  offlineRetry?: { baseDelayMs: number; maxDelayMs: number };
  /** The station's name; default: the `stationName` setting if there is one, else the OS hostname. */
  stationName?: string;
  /**
   * After this many recorded scans, a PASSIVE WAL checkpoint is run between scans (default 64; 0: leave it
   * to SQLite). Each scan writes ~8 WAL frames, so SQLite's own checkpoint (every 1,000 frames, two fsyncs)
   * would otherwise land inside about one scan in a hundred: exactly the p99.
   */
  checkpointEveryScans?: number;
}

export interface VerificationEngineOptions extends VerificationTuning {
  db: SqliteDatabase;
  audit: AuditLog;
  gate: SupervisorGate;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  /**
   * `ackMode` ('button' | 'ack_code') and `ackCode` (default VERIFY_SETTING_DEFAULTS), and `stationName`
   * when the settings schema has one (else the OS hostname); without settings: button-only acknowledgement.
   */
  settings?: { getAll(): object };
  /** Where scans and sessions are pushed; also tells the engine when settings change or the service is back online. */
  events?: EventBus;
}

export interface ScanOptions {
  /**
   * `current` (default): the station's open session, if any (its product, run, duplicates and
   * acknowledgement rules). `none`: outside any session, checked against `product_code` when given
   * (the CLI's `--product`).
   */
  session?: 'current' | 'none';
  product_code?: string;
  /** false: record the local verdict only and leave the confirmation for later. */
  confirm?: boolean;
}

interface Expected {
  product_code: string;
  product_title: string | null;
  activation_id: number | null;
}

interface LocalVerdict {
  verdict: Verdict;
  reason: AppErrorPayload | null;
  application_id: number | null;
  code_index: number | null;
  activation_id: number | null;
}

type StepResult = 'progressed' | 'waiting' | 'idle';

/** Only verdicts that rest on an activation (or its absence) are asked about; INVALID and UNKNOWN_CODE are not. */
const CONFIRMABLE: ReadonlySet<Verdict> = new Set<Verdict>(['PASS', 'WRONG_PRODUCT', 'NOT_ACTIVATED', 'DUPLICATE']);
const RETRY_BATCH = 200;
const DEFAULT_CHECKPOINT_EVERY_SCANS = 64;
const MAX_INPUT_LENGTH = 512;

export function emptyCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
}

/**
 * The station's verification engine: normalise a scan, give the local verdict
 * from the ledger at once (and record it), then confirm it with codeactivequery
 * in the background. Sessions, acknowledgements and the retry loop live here.
 */
export function createVerificationEngine(options: VerificationEngineOptions) {
  const { db, audit, gate, logger, events } = options;
  const now = options.now ?? Date.now;
  const remoteEnabled = options.remote ?? true;
  const retry = options.offlineRetry ?? { baseDelayMs: 5_000, maxDelayMs: 60_000 };
  const store = createVerificationStore(db);
  const stop = new AbortController();
  const inFlight = new Map<number, Promise<void>>();
  let stopping = false;
  let loop: WorkLoop | undefined;
  let offlineFailures = 0;
  let offlineUntil = 0;

  const iso = () => new Date(now()).toISOString();
  const inBackoff = () => now() < offlineUntil;

  // ---- WAL checkpoints between scans, never inside one ------------------------------------------

  const checkpointEvery = options.checkpointEveryScans ?? DEFAULT_CHECKPOINT_EVERY_SCANS;
  const checkpoints = { count: 0, totalMs: 0, maxMs: 0 };
  let scansSinceCheckpoint = 0;
  let checkpointQueued = false;
  function checkpointSoon(): void {
    scansSinceCheckpoint += 1;
    if (checkpointEvery <= 0 || scansSinceCheckpoint < checkpointEvery || checkpointQueued) return;
    checkpointQueued = true;
    // After the scan's answer has gone out; a scan arriving meanwhile waits at most one checkpoint.
    setImmediate(() => {
      checkpointQueued = false;
      scansSinceCheckpoint = 0;
      if (stopping || !db.open) return;
      const started = performance.now();
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        logger.warn('WAL checkpoint failed', { error: String(error) });
      }
      const ms = performance.now() - started;
      checkpoints.count += 1;
      checkpoints.totalMs += ms;
      checkpoints.maxMs = Math.max(checkpoints.maxMs, ms);
    });
  }

  const remote = createRemoteLookup({
    connection: options.connection,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
    now,
    holdCalls: inBackoff,
    signal: stop.signal,
  });

  // ---- settings (read once, again after settings.changed) ---------------------------------------

  let settingsCache: { station: string; ackMode: AckMode; ackCode: string | null } | undefined;
  function readSettings() {
    if (settingsCache) return settingsCache;
    const all = (options.settings?.getAll() ?? {}) as Record<string, unknown>;
    const configuredName = typeof all.stationName === 'string' ? all.stationName.trim() : '';
    const station = (options.stationName ?? (configuredName || hostname())).slice(0, 64) || 'station';
    const ackMode: AckMode = all.ackMode === 'ack_code' ? 'ack_code' : 'button';
    const rawCode = typeof all.ackCode === 'string' && all.ackCode.trim() ? all.ackCode : VERIFY_SETTING_DEFAULTS.ackCode;
    // Compared as scanned: a printed ACK code comes through the same scanner (prefix, case, terminator).
    settingsCache = { station, ackMode, ackCode: ackMode === 'ack_code' ? normalizeScan(rawCode).value : null };
    return settingsCache;
  }

  const unsubscribe = events?.subscribeAll((event, payload) => {
    if (event === 'settings.changed') settingsCache = undefined;
    if (event === 'connectivity.changed' && (payload as { state?: string }).state === 'online') cameOnline();
  });

  // ---- results -----------------------------------------------------------------------------------

  function toResult(row: ScanRow): ScanResult {
    return {
      id: row.id,
      session_id: row.session_id,
      source: row.source,
      input: row.input,
      normalized: row.normalized,
      kind: row.kind,
      application_id: row.application_id,
      code_index: row.code_index,
      activation_id: row.activation_id,
      local_verdict: row.local_verdict,
      verdict: row.verdict,
      remote: row.remote,
      reason: row.reason_json ? (JSON.parse(row.reason_json) as AppErrorPayload) : null,
      needs_ack: row.needs_ack === 1,
      acknowledged_by: row.acknowledged_by,
      scanned_at: row.scanned_at,
    };
  }

  function describeSession(row: SessionRow): ScanSession {
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
      const stored = JSON.parse(row.summary_json) as Pick<ScanSession, 'counts' | 'total' | 'unacknowledged' | 'unconfirmed'>;
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

  function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    try {
      events?.emit(event, payload);
    } catch (error) {
      logger.error('verification event listener failed', { event, error: String(error) });
    }
  }

  // ---- the rules ---------------------------------------------------------------------------------

  /** WRONG_PRODUCT → DUPLICATE → PASS, for a code under a live activation. */
  function activatedVerdict(
    activation: CoveringActivation,
    expected: Expected | null,
    sessionId: number | null,
    codeIndex: number,
    beforeScanId: number,
  ): LocalVerdict {
    const located = { application_id: activation.application_id, code_index: codeIndex, activation_id: activation.id };
    if (expected && activation.product_code !== expected.product_code) {
      return { verdict: 'WRONG_PRODUCT', reason: scanReasons.wrongProduct(activation, expected), ...located };
    }
    if (expected && expected.activation_id !== null && activation.id !== expected.activation_id) {
      return { verdict: 'WRONG_PRODUCT', reason: scanReasons.wrongRun(activation, expected.activation_id), ...located };
    }
    if (sessionId !== null) {
      const earlier = store.earlierScan(sessionId, activation.application_id, codeIndex, beforeScanId);
      if (earlier) return { verdict: 'DUPLICATE', reason: scanReasons.duplicate(earlier), ...located };
    }
    return { verdict: 'PASS', reason: null, ...located };
  }

  /** INVALID → UNKNOWN_CODE → NOT_ACTIVATED → WRONG_PRODUCT → DUPLICATE → PASS. */
  function localVerdict(input: string, normalized: NormalizedScan, expected: Expected | null, sessionId: number | null): LocalVerdict {
    const none = { application_id: null, code_index: null, activation_id: null };
    if (normalized.kind === 'invalid') return { verdict: 'INVALID', reason: scanReasons.invalid(input), ...none };
    const code = normalized.kind === 'code_url' ? store.codeByUrl(normalized.value) : store.codeByCode(normalized.value);
    if (!code) return { verdict: 'UNKNOWN_CODE', reason: scanReasons.unknownCode(normalized.value), ...none };
    const activation = store.liveActivationCovering(code.application_id, code.code_index);
    if (!activation) {
      return {
        verdict: 'NOT_ACTIVATED',
        reason: scanReasons.notActivated(code.application_id, code.code_index),
        ...code,
        activation_id: null,
      };
    }
    if (activation.state !== 'active') {
      // Recorded but not yet confirmed by WeChat: consumers cannot use the code yet.
      return { verdict: 'NOT_ACTIVATED', reason: scanReasons.activationPending(activation), ...code, activation_id: activation.id };
    }
    return activatedVerdict(activation, expected, sessionId, code.code_index, Number.MAX_SAFE_INTEGER);
  }

  function expectedOf(session: SessionRow | undefined, productCode: string | null): Expected | null {
    if (session) return { product_code: session.product_code, product_title: session.product_title, activation_id: session.activation_id };
    if (!productCode) return null;
    return { product_code: productCode, product_title: store.product(productCode)?.product_title ?? null, activation_id: null };
  }

  // ---- scanning ----------------------------------------------------------------------------------

  type Recorded = { kind: 'scanned'; result: ScanResult } | { kind: 'acknowledged'; ids: number[] };

  function acknowledgeAll(sessionId: number, via: 'button' | 'ack_code', actor: string): number[] {
    const ids = store.unacknowledged(sessionId);
    const at = iso();
    for (const id of ids) store.acknowledge(id, actor, at, via);
    audit.append({ actor, action: 'scan.acknowledged', subject: `session:${sessionId}`, details: { scan_ids: ids.join(','), via } });
    return ids;
  }

  const record = db.transaction((input: string, source: ScanSource, scanOptions: ScanOptions): Recorded => {
    const settings = readSettings();
    const session = scanOptions.session === 'none' ? undefined : store.openSession(settings.station);
    const normalized = normalizeScan(input);
    const isAckCode = settings.ackCode !== null && normalized.value === settings.ackCode;
    if (session) {
      const blocking = store.firstUnacknowledged(session.id);
      if (blocking) {
        if (isAckCode) return { kind: 'acknowledged', ids: acknowledgeAll(session.id, 'ack_code', gate.currentActor()) };
        throw verificationErrors.ackRequired(blocking);
      }
    }
    if (isAckCode) throw verificationErrors.nothingToAcknowledge();
    const expected = expectedOf(session, scanOptions.session === 'none' ? (scanOptions.product_code ?? null) : null);
    const local = localVerdict(input, normalized, expected, session?.id ?? null);
    const confirmable = CONFIRMABLE.has(local.verdict);
    const remoteState = !confirmable ? 'skipped' : remoteEnabled && scanOptions.confirm !== false && inBackoff() ? 'offline' : 'pending';
    const scan: NewScan = {
      session_id: session?.id ?? null,
      station: settings.station,
      source,
      input: input.length > MAX_INPUT_LENGTH ? input.slice(0, MAX_INPUT_LENGTH) : input,
      normalized: normalized.value,
      kind: normalized.kind,
      application_id: local.application_id,
      code_index: local.code_index,
      activation_id: local.activation_id,
      local_verdict: local.verdict,
      verdict: local.verdict,
      remote: remoteState,
      reason_json: local.reason ? JSON.stringify(local.reason) : null,
      expected_product: expected?.product_code ?? null,
      needs_ack: local.verdict === 'PASS' ? 0 : 1,
      scanned_at: iso(),
    };
    const id = store.insertScan(scan);
    return {
      kind: 'scanned',
      result: {
        id,
        session_id: scan.session_id,
        source,
        input: scan.input,
        normalized: scan.normalized,
        kind: scan.kind,
        application_id: scan.application_id,
        code_index: scan.code_index,
        activation_id: scan.activation_id,
        local_verdict: local.verdict,
        verdict: local.verdict,
        remote: remoteState,
        reason: local.reason,
        needs_ack: scan.needs_ack === 1,
        acknowledged_by: null,
        scanned_at: scan.scanned_at,
      },
    };
  });

  /**
   * One scan from any source: the local verdict, recorded, at once. Throws VERIFY_ACK_REQUIRED
   * (nothing recorded) while a FAIL of the session is unacknowledged, unless `input` is the ACK code,
   * which acknowledges it (and returns it); VERIFY_NOTHING_TO_ACKNOWLEDGE for the ACK code otherwise.
   */
  function scan(input: string, source: ScanSource, scanOptions: ScanOptions = {}): ScanResult {
    let recorded: Recorded;
    try {
      recorded = withShortLockWaits(db, () => record.immediate(input, source, scanOptions));
    } catch (error) {
      if (isAppError(error)) emit('verify.scanRefused', { input: input.slice(0, MAX_INPUT_LENGTH), source, error: error.toPayload() });
      throw error;
    }
    if (recorded.kind === 'acknowledged') {
      let last: ScanResult | undefined;
      for (const id of recorded.ids) {
        last = toResult(store.scanById(id)!);
        emit('verify.scanUpdated', last);
      }
      return last!;
    }
    const result = recorded.result;
    checkpointSoon();
    emit('verify.scanned', result);
    if (result.remote === 'pending' && remoteEnabled && scanOptions.confirm !== false && !stopping) void confirm(result.id);
    return result;
  }

  // ---- remote confirmation -----------------------------------------------------------------------

  function wentOffline(error: AppErrorPayload): void {
    if (inBackoff()) return;
    offlineFailures += 1;
    const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(offlineFailures - 1, 20));
    offlineUntil = now() + delay;
    logger.info('verification offline: scans keep their local verdict', { code: error.code, retryInMs: delay });
    loop?.kick();
  }

  function cameOnline(): void {
    if (offlineFailures === 0 && offlineUntil === 0) return;
    offlineFailures = 0;
    offlineUntil = 0;
    loop?.kick();
  }

  interface Judgement {
    remote: 'confirmed' | 'mismatch';
    verdict: Verdict;
    reason: AppErrorPayload | null;
    activation_id: number | null;
  }

  /** The final verdict from the local one, the ledger's activation now, and the service's answer. */
  function judge(row: ScanRow, activation: CoveringActivation | undefined, answer: Exclude<RemoteAnswer, { kind: 'offline' }>): Judgement {
    const mismatch = (reason: AppErrorPayload): Judgement => ({
      remote: 'mismatch',
      verdict: 'REMOTE_MISMATCH',
      reason,
      activation_id: activation?.id ?? row.activation_id,
    });
    const unchanged: Judgement = {
      remote: 'confirmed',
      verdict: row.local_verdict,
      reason: row.reason_json ? (JSON.parse(row.reason_json) as AppErrorPayload) : null,
      activation_id: row.activation_id,
    };
    if (answer.kind === 'unknown_code') return mismatch(scanReasons.remoteUnknownCode(answer.errcode));
    if (answer.kind === 'not_activated') {
      if (activation?.state === 'active') return mismatch(scanReasons.remoteNotActivated(activation, answer.errcode));
      if (row.local_verdict !== 'NOT_ACTIVATED') return unchanged;
      // Still not activated; say why as of now (the pending activation may have been refused meanwhile).
      return {
        remote: 'confirmed',
        verdict: 'NOT_ACTIVATED',
        reason: activation ? scanReasons.activationPending(activation) : scanReasons.notActivated(row.application_id!, row.code_index!),
        activation_id: activation?.id ?? null,
      };
    }
    if (!activation) return mismatch(scanReasons.remoteActivatedUnknown(answer.info));
    const difference = firstDifference(answer.info, activation);
    if (difference) return mismatch(scanReasons.remoteDiffers(difference.field, difference.theirs, difference.ours, activation.id));
    if (row.local_verdict !== 'NOT_ACTIVATED') return unchanged;
    // Scanned before the activation was confirmed; WeChat now holds it exactly as the ledger does.
    const session = row.session_id === null ? undefined : store.sessionById(row.session_id);
    const expected = row.expected_product
      ? {
          product_code: row.expected_product,
          product_title: session?.product_title ?? store.product(row.expected_product)?.product_title ?? null,
          activation_id: session?.activation_id ?? null,
        }
      : null;
    const upgraded = activatedVerdict(activation, expected, row.session_id, row.code_index!, row.id);
    return { remote: 'confirmed', verdict: upgraded.verdict, reason: upgraded.reason, activation_id: activation.id };
  }

  async function confirmOne(scanId: number, probe: boolean): Promise<void> {
    const row = store.scanById(scanId);
    if (!row || (row.remote !== 'pending' && row.remote !== 'offline') || row.application_id === null || row.code_index === null) return;
    const activation = store.liveActivationCovering(row.application_id, row.code_index);
    const answer = await remote.lookup(row.application_id, row.code_index, activation ?? null, probe);
    if (stopping) return; // left pending: confirmed after the next start
    if (answer.kind === 'offline') {
      if (answer.called) wentOffline(answer.error);
      if (store.setOffline(scanId) && row.remote !== 'offline') emit('verify.scanUpdated', toResult(store.scanById(scanId)!));
      return;
    }
    cameOnline();
    // The ledger may have moved while the call was out (the outbox confirmed the activation): judge on what it holds now.
    const current = store.liveActivationCovering(row.application_id, row.code_index);
    const judgement = judge(row, current, answer);
    const changed = store.setRemote({
      id: scanId,
      remote: judgement.remote,
      verdict: judgement.verdict,
      reason_json: judgement.reason ? JSON.stringify(judgement.reason) : null,
      needs_ack: judgement.verdict === 'PASS' ? 0 : 1,
      activation_id: judgement.activation_id,
      confirmed_at: iso(),
    });
    if (changed) emit('verify.scanUpdated', toResult(store.scanById(scanId)!));
  }

  function confirm(scanId: number, probe = false): Promise<void> {
    const existing = inFlight.get(scanId);
    if (existing) return existing;
    const promise = confirmOne(scanId, probe)
      .catch((error: unknown) => logger.error('scan confirmation failed', { scan_id: scanId, error: String(error) }))
      .finally(() => inFlight.delete(scanId));
    inFlight.set(scanId, promise);
    return promise;
  }

  function unconfirmedCandidates(): ScanRow[] {
    return store.unconfirmed(RETRY_BATCH).filter((row) => !inFlight.has(row.id));
  }

  /**
   * One pass of the background confirmation: scans left pending (restart) or offline are asked
   * about again once the back-off allows; the first one probes, the rest follow if it got through.
   */
  async function confirmUnconfirmed(): Promise<StepResult> {
    if (!remoteEnabled || stopping) return 'idle';
    const candidates = unconfirmedCandidates();
    if (candidates.length === 0) return 'idle';
    if (inBackoff()) return 'waiting';
    const [first, ...rest] = candidates;
    await confirm(first!.id, true);
    if (inBackoff() || stopping) return 'waiting';
    await Promise.all(rest.map((row) => confirm(row.id)));
    if (inBackoff()) return 'waiting';
    const settled = candidates.filter((row) => {
      const remoteNow = store.scanById(row.id)?.remote;
      return remoteNow !== 'pending' && remoteNow !== 'offline';
    }).length;
    if (settled > 0) return 'progressed';
    // Nothing moved and nothing said offline (an error was logged): wait like offline rather than spin.
    wentOffline({
      code: 'VERIFY_CONFIRMATION_STALLED',
      message: 'no scan could be confirmed',
      localized: { 'zh-CN': { message: '没有扫描能被确认' }, en: { message: 'no scan could be confirmed' } },
    });
    return 'waiting';
  }

  function nextDueInMs(): number | undefined {
    if (!remoteEnabled || unconfirmedCandidates().length === 0) return undefined;
    return Math.max(0, offlineUntil - now());
  }

  // ---- sessions and acknowledgements -------------------------------------------------------------

  function currentSession(): ScanSession | null {
    const row = store.openSession(readSettings().station);
    return row ? describeSession(row) : null;
  }

  function startSession(request: StartSessionRequest): ScanSession {
    const actor = gate.requireSupervisor('verify.startSession');
    const product = store.product(request.product_code);
    if (!product) throw verificationErrors.productUnknown(request.product_code);
    if (product.archived_at) throw verificationErrors.productArchived(request.product_code);
    const activationId = request.activation_id ?? null;
    if (activationId !== null) {
      const activation = store.activationById(activationId);
      if (!activation) throw verificationErrors.activationUnknown(activationId);
      if (!['pending', 'sending', 'active'].includes(activation.state))
        throw verificationErrors.activationUnusable(activationId, activation.state);
      if (activation.product_code !== request.product_code) {
        throw verificationErrors.activationOtherProduct(activationId, activation.product_code, request.product_code);
      }
    }
    const station = readSettings().station;
    const id = db
      .transaction(() => {
        const open = store.openSession(station);
        if (open) throw verificationErrors.sessionAlreadyOpen(open);
        const newId = store.insertSession({
          station,
          line: request.line,
          product_code: request.product_code,
          activation_id: activationId,
          started_by: actor,
          started_at: iso(),
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
    const session = describeSession(store.sessionById(id)!);
    emit('verify.sessionChanged', session);
    return session;
  }

  /** Ends a session and stores its summary (counts per final verdict as they stand now). */
  function endSession(sessionId: number): ScanSession {
    const actor = gate.requireSupervisor('verify.endSession');
    db.transaction(() => {
      const row = store.sessionById(sessionId);
      if (!row) throw verificationErrors.sessionNotFound(sessionId);
      if (row.ended_at) throw verificationErrors.sessionEnded(sessionId, row.ended_at);
      const live = describeSession(row);
      const summary = { counts: live.counts, total: live.total, unacknowledged: live.unacknowledged, unconfirmed: live.unconfirmed };
      store.endSession(sessionId, actor, iso(), JSON.stringify(summary));
      audit.append({
        actor,
        action: 'session.ended',
        subject: `station:${row.station}`,
        details: { session_id: sessionId, ...summary.counts, total: summary.total, unacknowledged: summary.unacknowledged },
      });
    }).immediate();
    const session = describeSession(store.sessionById(sessionId)!);
    emit('verify.sessionChanged', session);
    return session;
  }

  function acknowledge(request: AcknowledgeRequest): ScanResult {
    const row = store.scanById(request.scan_id);
    if (!row) throw verificationErrors.scanNotFound(request.scan_id);
    if (row.needs_ack === 0) throw verificationErrors.ackNotNeeded(row.id);
    if (row.acknowledged_at) return toResult(row);
    const settings = readSettings();
    let actor: string;
    if (request.via === 'ack_code') {
      if (settings.ackCode === null || normalizeScan(request.code ?? '').value !== settings.ackCode)
        throw verificationErrors.wrongAckCode();
      actor = gate.currentActor();
    } else {
      // With an ACK code in use, the on-screen button is the supervisor's way round it.
      actor = settings.ackMode === 'ack_code' ? gate.requireSupervisor('verify.acknowledge') : gate.currentActor();
    }
    db.transaction(() => {
      store.acknowledge(row.id, actor, iso(), request.via);
      audit.append({
        actor,
        action: 'scan.acknowledged',
        subject: row.session_id === null ? `station:${row.station}` : `session:${row.session_id}`,
        details: { scan_ids: String(row.id), verdict: row.verdict, via: request.via },
      });
    }).immediate();
    const result = toResult(store.scanById(row.id)!);
    emit('verify.scanUpdated', result);
    return result;
  }

  function recentScans(request: RecentScansRequest): ScanResult[] {
    if (request.session_id !== undefined) return store.recentOfSession(request.session_id, request.limit).map(toResult);
    const station = readSettings().station;
    const open = store.openSession(station);
    return (open ? store.recentOfSession(open.id, request.limit) : store.recentOfStation(station, request.limit)).map(toResult);
  }

  return {
    scan,
    startSession,
    endSession,
    currentSession,
    acknowledge,
    recentScans,
    scanById: (id: number): ScanResult | undefined => {
      const row = store.scanById(id);
      return row ? toResult(row) : undefined;
    },
    /** The scan once its confirmation in flight (if any) has finished: confirmed, mismatch, offline or skipped. */
    async settled(scanId: number): Promise<ScanResult> {
      await inFlight.get(scanId);
      const row = store.scanById(scanId);
      if (!row) throw verificationErrors.scanNotFound(scanId);
      return toResult(row);
    },
    /** One pass of the background confirmation (the loop's step; tests and the CLI drive it directly). */
    confirmUnconfirmed,
    /** The station name scans and sessions are recorded under. */
    station: () => readSettings().station,
    /** codeactivequery calls made, answers from the per-range cache, asks that shared another's call. */
    remoteStats: () => remote.stats(),
    /** The WAL checkpoints run between scans: how many, and their cost (bench). */
    checkpointStats: () => ({ ...checkpoints }),
    /** Starts the background confirmation loop (scans left pending or offline). */
    start(): void {
      if (!remoteEnabled || loop || stopping) return;
      loop = createWorkLoop({
        step: confirmUnconfirmed,
        nextDueInMs,
        onError: (error) => logger.error('scan confirmation step failed', { error: String(error) }),
      });
      loop.start();
    },
    /** Stops the loop and waits for calls in flight (their scans stay pending for the next start). */
    async stop(): Promise<void> {
      stopping = true;
      unsubscribe?.();
      // Abort calls first: the loop's step may be waiting on them.
      stop.abort();
      await loop?.stop();
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}

export type VerificationEngine = ReturnType<typeof createVerificationEngine>;
