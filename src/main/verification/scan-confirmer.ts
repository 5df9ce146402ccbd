import type { EngineContext } from './engine-context';
import type { OfflineBackoff } from './offline-backoff';
import type { RemoteLookup } from './remote-lookup';
import type { CodeRef, CoveringActivation, ScanRow } from './rows';
import { scanResultOf } from './scan-views';
import { duplicateFacts } from './seen-before';
import { finalVerdict, needsAcknowledgement, type Expected, type RemoteFacts, type RemoteReply } from './verdict-rules';

/**
 * Confirms one recorded scan with codeactivequery and writes its final verdict back
 * (decided by `finalVerdict`). One confirmation per scan at a time; callers may await it.
 */
export function createScanConfirmer(ctx: EngineContext, deps: { remote: RemoteLookup; backoff: OfflineBackoff }) {
  const { store } = ctx;
  const { remote, backoff } = deps;
  const inFlight = new Map<number, Promise<void>>();

  /** What the final verdict rests on, read from the ledger as it is now. */
  function remoteFacts(row: ScanRow, code: CodeRef, answer: RemoteReply): RemoteFacts {
    // The ledger may have moved while the call was out (the outbox confirmed the activation): judge on what it holds now.
    const activation: CoveringActivation | undefined = store.liveActivationCovering(code.application_id, code.code_index);
    const session = row.session_id === null ? undefined : store.sessionById(row.session_id);
    const expected: Expected | null = row.expected_product
      ? {
          product_code: row.expected_product,
          product_title: session?.product_title ?? store.product(row.expected_product)?.product_title ?? null,
          activation_id: session?.activation_id ?? null,
        }
      : null;
    const seen =
      row.session_id === null
        ? { earlier: undefined, firstPass: undefined }
        : duplicateFacts(store, ctx.localTime, row.session_id, code, row.id);
    return { scan: { ...row, ...code }, activation, answer, expected, ...seen };
  }

  async function confirmOne(scanId: number, probe: boolean): Promise<void> {
    const row = store.scanById(scanId);
    if (!row || (row.remote !== 'pending' && row.remote !== 'offline') || row.application_id === null || row.code_index === null) return;
    const code: CodeRef = { application_id: row.application_id, code_index: row.code_index };
    const activation = store.liveActivationCovering(code.application_id, code.code_index);
    const answer = await remote.lookup(code.application_id, code.code_index, activation ?? null, probe);
    if (ctx.stopping()) return; // left pending: confirmed after the next start
    if (answer.kind === 'offline') {
      if (answer.called) backoff.wentOffline(answer.error);
      if (store.setOffline(scanId) && row.remote !== 'offline') ctx.emit('verify.scanUpdated', scanResultOf(store.scanById(scanId)!));
      return;
    }
    backoff.cameOnline();
    const judgement = finalVerdict(remoteFacts(row, code, answer));
    const changed = store.setRemote({
      id: scanId,
      remote: judgement.remote,
      verdict: judgement.verdict,
      reason_json: judgement.reason ? JSON.stringify(judgement.reason) : null,
      needs_ack: needsAcknowledgement(judgement.verdict),
      activation_id: judgement.activation_id,
      confirmed_at: ctx.iso(),
    });
    if (changed) ctx.emit('verify.scanUpdated', scanResultOf(store.scanById(scanId)!));
  }

  return {
    /** Confirms a scan (or joins its confirmation in flight); `probe` asks even while backing off. Never rejects. */
    confirm(scanId: number, probe = false): Promise<void> {
      const existing = inFlight.get(scanId);
      if (existing) return existing;
      const promise = confirmOne(scanId, probe)
        .catch((error: unknown) => ctx.logger.error('scan confirmation failed', { scan_id: scanId, error: String(error) }))
        .finally(() => inFlight.delete(scanId));
      inFlight.set(scanId, promise);
      return promise;
    },
    /** The confirmation of a scan in flight, if any. */
    inFlight: (scanId: number): Promise<void> | undefined => inFlight.get(scanId),
    /** Waits for every confirmation in flight (stop). */
    async drain(): Promise<void> {
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}

export type ScanConfirmer = ReturnType<typeof createScanConfirmer>;
