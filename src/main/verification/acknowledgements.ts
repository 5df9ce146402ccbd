import type { AcknowledgeRequest, ScanResult } from '../../shared/verification-contract';
import type { Actor } from '../supervisors/actor';
import { acknowledgeOutcome } from './acknowledgement-rules';
import type { EngineContext } from './engine-context';
import type { AcknowledgedVia } from './rows';
import { scanResultOf } from './scan-views';

/** Acknowledging FAILs: one by `verify.acknowledge`, or all of a session's by scanning the ACK code. Each is audited. */
export function createAcknowledgements(ctx: EngineContext) {
  const { db, store, audit } = ctx;

  /** Every waiting FAIL of the session (inside the scan's transaction); their ids, oldest first. */
  function acknowledgeAll(sessionId: number, via: AcknowledgedVia, actor: Actor): number[] {
    const ids = store.unacknowledged(sessionId);
    const at = ctx.iso();
    for (const id of ids) store.acknowledge(id, actor, at, via);
    audit.append({ actor, action: 'scan.acknowledged', subject: `session:${sessionId}`, details: { scan_ids: ids.join(','), via } });
    return ids;
  }

  /** One scan; the actor is whoever `acknowledgeRole` says may do it (handlers.ts asks the gate). */
  function acknowledge(request: AcknowledgeRequest, actor: Actor): ScanResult {
    const outcome = acknowledgeOutcome(store.scanById(request.scan_id), request, ctx.settings.read().ackCode);
    if (outcome.kind === 'refuse') throw outcome.error;
    const row = outcome.scan;
    if (outcome.kind === 'already_acknowledged') return scanResultOf(row);
    db.transaction(() => {
      store.acknowledge(row.id, actor, ctx.iso(), request.via);
      audit.append({
        actor,
        action: 'scan.acknowledged',
        subject: row.session_id === null ? `station:${row.station}` : `session:${row.session_id}`,
        details: { scan_ids: String(row.id), verdict: row.verdict, via: request.via },
      });
    }).immediate();
    const result = scanResultOf(store.scanById(row.id)!);
    ctx.emit('verify.scanUpdated', result);
    return result;
  }

  return { acknowledge, acknowledgeAll };
}

export type Acknowledgements = ReturnType<typeof createAcknowledgements>;
