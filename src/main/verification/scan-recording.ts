import { isAppError } from '../../shared/errors';
import type { RemoteState, ScanResult, ScanSource } from '../../shared/verification-contract';
import { withShortLockWaits } from '../ledger';
import { normalizeScan, type NormalizedScan } from '../scan/normalize-scan';
import type { Actor } from '../supervisors/actor';
import { isAckCode } from './acknowledgement-rules';
import type { Acknowledgements } from './acknowledgements';
import type { CheckpointScheduler } from './checkpoints';
import type { EngineContext } from './engine-context';
import type { OfflineBackoff } from './offline-backoff';
import type { NewScan, SessionRow } from './rows';
import type { ScanConfirmer } from './scan-confirmer';
import { scanResultOf } from './scan-views';
import { duplicateFacts } from './seen-before';
import {
  initialRemoteState,
  localVerdict,
  needsAcknowledgement,
  scanAdmission,
  type Expected,
  type LocalFacts,
  type LocalVerdict,
} from './verdict-rules';
import type { VerificationStore } from './verification-store';

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

/** Longest raw input stored (and pushed with a refusal). */
const MAX_INPUT_LENGTH = 512;

type Recorded = { kind: 'scanned'; result: ScanResult } | { kind: 'acknowledged'; ids: number[] };

interface RecorderDeps {
  acknowledgements: Acknowledgements;
  confirmer: ScanConfirmer;
  backoff: OfflineBackoff;
  checkpoints: CheckpointScheduler;
  /** false: nothing is sent to codeactivequery (bench). */
  remoteEnabled: boolean;
}

/**
 * The scan path: normalise, admit (the acknowledgement block, the ACK code), read the facts,
 * take `localVerdict`, record it in one short transaction, push it, and start its confirmation.
 */
export function createScanRecorder(ctx: EngineContext, deps: RecorderDeps) {
  const { db, store } = ctx;

  const record = db.transaction((input: string, source: ScanSource, actor: Actor, options: ScanOptions): Recorded => {
    const settings = ctx.settings.read();
    const session = options.session === 'none' ? undefined : store.openSession(settings.station);
    const normalized = normalizeScan(input);
    const admission = scanAdmission(session && store.firstUnacknowledged(session.id), isAckCode(settings.ackCode, normalized.value));
    if (admission.kind === 'refuse') throw admission.error;
    if (admission.kind === 'acknowledge')
      return { kind: 'acknowledged', ids: deps.acknowledgements.acknowledgeAll(session!.id, 'ack_code', actor) };
    const expected = expectedOf(store, session, options.session === 'none' ? (options.product_code ?? null) : null);
    const local = localVerdict(localFacts(ctx, input, normalized, expected, session?.id ?? null));
    const remote = initialRemoteState(local.verdict, {
      confirmsNow: deps.remoteEnabled && options.confirm !== false,
      backingOff: deps.backoff.active(),
    });
    const scan = newScan({ session, station: settings.station, source, input, normalized, expected, local, remote, scannedAt: ctx.iso() });
    const id = store.insertScan(scan);
    return { kind: 'scanned', result: scanResultOf({ ...scan, id, acknowledged_by: null }, local.reason) };
  });

  /**
   * One scan from any source: the local verdict, recorded, at once. Throws VERIFY_ACK_REQUIRED
   * (nothing recorded) while a FAIL of the session is unacknowledged, unless `input` is the ACK code,
   * which acknowledges it (and returns it, acknowledged by `actor`); VERIFY_NOTHING_TO_ACKNOWLEDGE for the ACK code otherwise.
   */
  function scan(input: string, source: ScanSource, actor: Actor, options: ScanOptions = {}): ScanResult {
    let recorded: Recorded;
    try {
      recorded = withShortLockWaits(db, () => record.immediate(input, source, actor, options));
    } catch (error) {
      if (isAppError(error)) ctx.emit('verify.scanRefused', { input: input.slice(0, MAX_INPUT_LENGTH), source, error: error.toPayload() });
      throw error;
    }
    if (recorded.kind === 'acknowledged') {
      let last: ScanResult | undefined;
      for (const id of recorded.ids) {
        last = scanResultOf(store.scanById(id)!);
        ctx.emit('verify.scanUpdated', last);
      }
      return last!;
    }
    const result = recorded.result;
    deps.checkpoints.afterScan();
    ctx.emit('verify.scanned', result);
    if (result.remote === 'pending' && deps.remoteEnabled && options.confirm !== false && !ctx.stopping())
      void deps.confirmer.confirm(result.id);
    return result;
  }

  return { scan };
}

/** What a scan is checked against: the session's product and run, or (outside one) the product named, if any. */
function expectedOf(store: VerificationStore, session: SessionRow | undefined, productCode: string | null): Expected | null {
  if (session) return { product_code: session.product_code, product_title: session.product_title, activation_id: session.activation_id };
  if (!productCode) return null;
  return { product_code: productCode, product_title: store.product(productCode)?.product_title ?? null, activation_id: null };
}

/** Each look-up needs the one before it (no code, no activation); duplicates only count under a live activation in a session. */
function localFacts(
  ctx: EngineContext,
  input: string,
  normalized: NormalizedScan,
  expected: Expected | null,
  sessionId: number | null,
): LocalFacts {
  const { store } = ctx;
  const code =
    normalized.kind === 'invalid'
      ? undefined
      : normalized.kind === 'code_url'
        ? store.codeByUrl(normalized.value)
        : store.codeByCode(normalized.value);
  const activation = code && store.liveActivationCovering(code.application_id, code.code_index);
  const seen =
    code && activation && sessionId !== null
      ? duplicateFacts(store, ctx.localTime, sessionId, code, Number.MAX_SAFE_INTEGER)
      : { earlier: undefined, firstPass: undefined };
  return { input, normalized, code, activation, expected, ...seen };
}

/** The row of a scan just judged. */
function newScan(scan: {
  session: SessionRow | undefined;
  station: string;
  source: ScanSource;
  input: string;
  normalized: NormalizedScan;
  expected: Expected | null;
  local: LocalVerdict;
  remote: RemoteState;
  scannedAt: string;
}): NewScan {
  const { input, local } = scan;
  return {
    session_id: scan.session?.id ?? null,
    station: scan.station,
    source: scan.source,
    input: input.length > MAX_INPUT_LENGTH ? input.slice(0, MAX_INPUT_LENGTH) : input,
    normalized: scan.normalized.value,
    kind: scan.normalized.kind,
    application_id: local.application_id,
    code_index: local.code_index,
    activation_id: local.activation_id,
    local_verdict: local.verdict,
    verdict: local.verdict,
    remote: scan.remote,
    reason_json: local.reason ? JSON.stringify(local.reason) : null,
    expected_product: scan.expected?.product_code ?? null,
    needs_ack: needsAcknowledgement(local.verdict),
    scanned_at: scan.scannedAt,
  };
}
