/**
 * The repairs a supervisor chooses for a finding, each one transaction with its
 * audit entry: adopt WeChat's activation into the ledger, queue the ledger's
 * activation again, or mark the finding as investigated with a note.
 */
import type { ActivationConfirmation, ActivationState } from '../../shared/activation-contract';
import { activationErrors } from '../../shared/error-catalogue/activation';
import { reconcileErrors } from '../../shared/error-catalogue/reconcile';
import type { ReconcileFinding, ReconcileResolve, RemoteActivation, Resolution } from '../../shared/reconcile-contract';
import type { AuditLog } from '../audit';
import type { ActivationRow, RangeResolver } from '../activation';
import type { SqliteDatabase } from '../ledger';
import type { Actor } from '../supervisors/actor';
import type { AdoptedActivation } from './activation-writes';
import { findingOf, type ReconcileStore } from './reconcile-store';

export interface RepairEnvironment {
  db: SqliteDatabase;
  store: ReconcileStore;
  audit: AuditLog;
  range: RangeResolver;
  iso: () => string;
}

/** What a repair did, for the events and the outbox after the commit. */
export interface RepairResult {
  finding: ReconcileFinding;
  /** Activations whose state changed (or were created). */
  changed: number[];
  /** An activation went back into the queue. */
  queued: boolean;
}

const RESOLUTION_OF: Record<ReconcileResolve['repair'], Resolution> = { adopt: 'adopted', resend: 'resent', investigated: 'investigated' };

export function repairFinding(env: RepairEnvironment, request: ReconcileResolve, actor: Actor): RepairResult {
  const result = env.db
    .transaction(() => {
      const row = env.store.finding(request.id);
      if (!row) throw reconcileErrors.RECONCILE_FINDING_NOT_FOUND({ id: request.id });
      const finding = findingOf(row);
      if (finding.resolution) throw reconcileErrors.RECONCILE_ALREADY_RESOLVED({ id: finding.id });
      if (!finding.repairs.includes(request.repair))
        throw reconcileErrors.RECONCILE_REPAIR_NOT_OFFERED({ id: finding.id, repair: request.repair });
      if (request.repair === 'investigated' && !request.note) throw reconcileErrors.RECONCILE_NOTE_REQUIRED();
      const change =
        request.repair === 'adopt'
          ? adopt(env, finding, actor)
          : request.repair === 'resend'
            ? resend(env, finding)
            : { changed: [], details: {} };
      const now = env.iso();
      env.store.resolve(finding.id, RESOLUTION_OF[request.repair], actor, request.note ?? null, now);
      if (request.repair === 'adopt') clearRelated(env, finding, change.changed, now);
      env.audit.append({
        actor,
        action: `reconcile.${RESOLUTION_OF[request.repair]}`,
        subject: `application:${finding.application_id}`,
        details: {
          finding_id: finding.id,
          kind: finding.kind,
          activation_id: finding.activation_id,
          note: request.note ?? null,
          ...change.details,
        },
      });
      return { changed: change.changed, queued: request.repair === 'resend' };
    })
    .immediate();
  return { finding: findingOf(env.store.finding(request.id)!), ...result };
}

type Change = { changed: number[]; details: Record<string, string | number | null> };

/** The finding's own activation, unchanged since the finding was made. */
function currentActivation(env: RepairEnvironment, finding: ReconcileFinding): ActivationRow {
  const row = finding.activation_id === null ? undefined : env.store.activation(finding.activation_id);
  if (!row || row.state !== finding.local_state) {
    throw reconcileErrors.RECONCILE_FINDING_STALE({ id: finding.id, activation_id: finding.activation_id ?? 0 });
  }
  return row;
}

/** A confirmation made of the indices reconcile asked, each of which WeChat answered as held. */
function confirmationOf(finding: ReconcileFinding): ActivationConfirmation {
  const checked = finding.checked
    .filter((check) => check.answer === 'activated')
    .map((check) => ({ code_index: check.code_index, ok: true, reason: null }));
  return { ok: true, checked };
}

function adopt(env: RepairEnvironment, finding: ReconcileFinding, actor: Actor): Change {
  if (finding.kind === 'active_remotely') {
    // WeChat holds exactly what the ledger recorded: the ledger's row becomes active.
    const row = currentActivation(env, finding);
    const other = env.store.overlappingHeld(row.application_id, row.code_start, row.code_end).find((held) => held.id !== row.id);
    if (other) throw activationErrors.ACTIVATION_OVERLAP(other);
    if (!env.store.markAdopted(row.id, row.state, confirmationOf(finding), env.iso())) {
      throw reconcileErrors.RECONCILE_FINDING_STALE({ id: finding.id, activation_id: row.id });
    }
    return { changed: [row.id], details: { adopted_activation_id: row.id, was: row.state } };
  }
  if (finding.activation_id !== null) currentActivation(env, finding);
  const remote = finding.remote!;
  const held = env.store.overlappingHeld(remote.application_id, remote.code_start, remote.code_end);
  const sending = held.find((row) => row.state === 'sending');
  if (sending) throw reconcileErrors.RECONCILE_ADOPT_SENDING({ activation_id: sending.id });
  const adopted = adoptedActivation(env, remote, actor);
  // What the ledger held over WeChat's range gives way to what WeChat holds.
  const now = env.iso();
  for (const row of held) env.store.supersede(row.id, now);
  env.range.check(remote.application_id, remote.code_start, remote.code_end);
  const id = env.store.insertAdopted(adopted, confirmationOf(finding), now);
  return {
    changed: [...held.map((row) => row.id), id],
    details: {
      adopted_activation_id: id,
      superseded: held.map((row) => row.id).join(','),
      code_start: remote.code_start,
      code_end: remote.code_end,
    },
  };
}

/** WeChat's activation as a ledger row; details WeChat left out come from the product with its barcode. */
function adoptedActivation(env: RepairEnvironment, remote: RemoteActivation, actor: Actor): AdoptedActivation {
  if (!remote.product_code) throw reconcileErrors.RECONCILE_ADOPT_DETAILS_MISSING({ field: 'product_code' });
  const product = env.store.productByCode(remote.product_code);
  if (!product) throw reconcileErrors.RECONCILE_ADOPT_PRODUCT_UNKNOWN({ product_code: remote.product_code });
  return {
    application_id: remote.application_id,
    code_start: remote.code_start,
    code_end: remote.code_end,
    product_code: remote.product_code,
    product_brand: remote.product_brand ?? product.product_brand,
    product_title: remote.product_title ?? product.product_title,
    activity_name: remote.activity_name ?? product.activity_name,
    wxa_appid: remote.wxa_appid ?? product.wxa_appid,
    wxa_path: remote.wxa_path ?? product.wxa_path,
    wxa_type: remote.wxa_type ?? product.wxa_type,
    created_by: actor,
  };
}

/** Back into the outbox: an active one WeChat does not have, or a conflict WeChat shows no trace of. */
function resend(env: RepairEnvironment, finding: ReconcileFinding): Change {
  const row = currentActivation(env, finding);
  const other = env.store.overlappingHeld(row.application_id, row.code_start, row.code_end).find((held) => held.id !== row.id);
  if (other) throw activationErrors.ACTIVATION_OVERLAP(other);
  if (!env.store.requeue(row.id, row.state as ActivationState, env.iso())) {
    throw reconcileErrors.RECONCILE_FINDING_STALE({ id: finding.id, activation_id: row.id });
  }
  return { changed: [row.id], details: { was: row.state } };
}

/** Other open findings the adoption answered: about the activations it touched, or WeChat's same range seen as unknown. */
function clearRelated(env: RepairEnvironment, finding: ReconcileFinding, touched: number[], now: string): void {
  const remote = finding.remote;
  for (const row of env.store.openRows()) {
    const aboutTouched = row.activation_id !== null && touched.includes(row.activation_id);
    const sameRemote =
      remote !== null &&
      row.kind === 'unknown_to_ledger' &&
      row.application_id === remote.application_id &&
      row.code_start <= remote.code_end &&
      remote.code_start <= row.code_end;
    if (aboutTouched || sameRemote) env.store.resolve(row.id, 'cleared', 'system', null, now);
  }
}
