import type { ActivationCreate, ActivationSummary, RangeSource, ResolvedRange } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { AuditLog } from '../audit';
import { createBatchStore } from '../batches';
import type { SqliteDatabase } from '../ledger';
import { normalizeScan } from '../scan/normalize-scan';
import type { SupervisorGate } from '../supervisors/gate';
import { rangeErrors } from './activation-errors';
import { createActivationStore, type ActivationRow } from './activation-store';

interface ProductRow {
  product_code: string;
  product_brand: string;
  product_title: string;
  activity_name: string;
  wxa_appid: string;
  wxa_path: string;
  wxa_type: number;
  archived_at: string | null;
}

export interface ActivationServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  gate: SupervisorGate;
  now?: () => number;
  onChanged?: (activation: ActivationSummary) => void;
  /** The outbox sender should look at the queue again. */
  onQueued?: () => void;
}

export function summarizeActivation(row: ActivationRow): ActivationSummary {
  return {
    id: row.id,
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    count: row.code_end - row.code_start + 1,
    product_code: row.product_code,
    product_brand: row.product_brand,
    product_title: row.product_title,
    activity_name: row.activity_name,
    wxa_appid: row.wxa_appid,
    wxa_path: row.wxa_path,
    wxa_type: row.wxa_type,
    print_run_id: row.print_run_id,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error_json ? (JSON.parse(row.last_error_json) as AppErrorPayload) : null,
    confirmation: row.confirmation_json ? (JSON.parse(row.confirmation_json) as ActivationSummary['confirmation']) : null,
    confirmed_at: row.confirmed_at,
    created_by: row.created_by,
    created_at: row.created_at,
    sent_at: row.sent_at,
  };
}

/**
 * Carton-run activations: resolving the printed range, the ledger's range
 * rules, and recording an activation as 'pending' in one transaction so the
 * outbox sender can take it from there. Recording never waits on the network.
 */
export function createActivationService(options: ActivationServiceOptions) {
  const { db, audit } = options;
  const now = options.now ?? Date.now;
  const store = createActivationStore(db);
  const batches = createBatchStore(db);
  const productByCode = db.prepare('SELECT * FROM products WHERE product_code = ?');
  const printRunById = db.prepare('SELECT id, application_id, code_start, code_end FROM print_runs WHERE id = ?');

  function isoNow(): string {
    return new Date(now()).toISOString();
  }

  function codeIndexOf(scanned: string): { application_id: number; code_index: number } {
    const normalized = normalizeScan(scanned);
    if (normalized.kind === 'invalid') throw rangeErrors.invalidScan(scanned.trim().slice(0, 64));
    const row = normalized.kind === 'code_url' ? batches.codeByUrl(normalized.value) : batches.codeByCode(normalized.value);
    if (!row) throw rangeErrors.unknownCode(normalized.value);
    return row;
  }

  /** Every index of [start, end] lies in an imported segment of the application whose codes can be scanned. */
  function assertImported(applicationId: number, start: number, end: number): void {
    if (!batches.applicationById(applicationId)) throw rangeErrors.unknownApplication(applicationId);
    let next = start;
    for (const segment of batches.segments(applicationId)) {
      if (segment.code_end < next) continue;
      if (segment.code_start > next || segment.state !== 'imported') break;
      // Codes not yet in the scan look-ups would fail at the verification station.
      if (segment.indexed_at === null) throw rangeErrors.notIndexed(applicationId, next);
      next = segment.code_end + 1;
      if (next > end) return;
    }
    throw rangeErrors.notImported(applicationId, next);
  }

  /** The range rules the ledger enforces, with messages that name what is wrong. */
  function checkRange(applicationId: number, start: number, end: number): void {
    if (start > end) throw rangeErrors.reversed(start, end);
    assertImported(applicationId, start, end);
    const overlapping = store.firstOverlapping(applicationId, start, end);
    if (overlapping) throw rangeErrors.overlap(overlapping);
  }

  function resolveRange(source: RangeSource): ResolvedRange {
    let applicationId: number;
    let start: number;
    let end: number;
    let printRunId: number | null = null;
    if (source.by === 'codes') {
      const first = codeIndexOf(source.first);
      const last = codeIndexOf(source.last);
      if (first.application_id !== last.application_id) throw rangeErrors.twoApplications(first.application_id, last.application_id);
      applicationId = first.application_id;
      start = first.code_index;
      end = last.code_index;
    } else if (source.by === 'printRun') {
      const run = printRunById.get(source.print_run_id) as
        { id: number; application_id: number; code_start: number; code_end: number } | undefined;
      if (!run) throw rangeErrors.unknownPrintRun(source.print_run_id);
      ({ application_id: applicationId, code_start: start, code_end: end } = run);
      printRunId = run.id;
    } else {
      ({ application_id: applicationId, code_start: start, code_end: end } = source);
    }
    checkRange(applicationId, start, end);
    const application = batches.applicationById(applicationId)!;
    return {
      application_id: applicationId,
      isv_application_id: application.isv_application_id,
      code_start: start,
      code_end: end,
      count: end - start + 1,
      print_run_id: printRunId,
    };
  }

  function find(id: number): ActivationRow {
    const row = store.byId(id);
    if (!row) throw rangeErrors.notFound(id);
    return row;
  }

  function changed(id: number): ActivationSummary {
    const summary = summarizeActivation(find(id));
    options.onChanged?.(summary);
    return summary;
  }

  return {
    resolveRange,
    /** Records the activation as pending (one transaction with its audit entry) and returns at once. */
    create(request: ActivationCreate): ActivationSummary {
      const actor = options.gate.requireSupervisor('activation.create');
      const product = productByCode.get(request.product_code) as ProductRow | undefined;
      if (!product) throw rangeErrors.unknownProduct(request.product_code);
      if (product.archived_at) throw rangeErrors.archivedProduct(request.product_code);
      const id = db
        .transaction(() => {
          checkRange(request.application_id, request.code_start, request.code_end);
          const newId = store.insert(
            {
              application_id: request.application_id,
              code_start: request.code_start,
              code_end: request.code_end,
              product_code: product.product_code,
              product_brand: product.product_brand,
              product_title: product.product_title,
              activity_name: product.activity_name,
              wxa_appid: product.wxa_appid,
              wxa_path: product.wxa_path,
              wxa_type: request.wxa_type ?? product.wxa_type,
              print_run_id: request.print_run_id ?? null,
              created_by: actor,
            },
            isoNow(),
          );
          audit.append({
            actor,
            action: 'activation.recorded',
            subject: `application:${request.application_id}`,
            details: {
              activation_id: newId,
              code_start: request.code_start,
              code_end: request.code_end,
              product_code: product.product_code,
            },
          });
          return newId;
        })
        .immediate();
      const summary = changed(id);
      options.onQueued?.();
      return summary;
    },
    list(applicationId?: number): ActivationSummary[] {
      return (applicationId === undefined ? store.all() : store.ofApplication(applicationId)).map(summarizeActivation);
    },
    /** Queued and failed items, oldest first (the CLI's `outbox`). */
    outbox: (): ActivationSummary[] => store.outbox().map(summarizeActivation),
    retry(id: number): ActivationSummary {
      const actor = options.gate.requireSupervisor('activation.retry');
      const row = find(id);
      db.transaction(() => {
        if (row.state !== 'failed' && row.state !== 'conflict') throw rangeErrors.wrongState(id, row.state, 'retry');
        const overlapping = store.firstOverlapping(row.application_id, row.code_start, row.code_end);
        if (overlapping) throw rangeErrors.overlap(overlapping);
        if (!store.retry(id, isoNow())) throw rangeErrors.wrongState(id, row.state, 'retry');
        audit.append({ actor, action: 'activation.retried', subject: `application:${row.application_id}`, details: { activation_id: id } });
      }).immediate();
      options.onQueued?.();
      return changed(id);
    },
    cancel(id: number): ActivationSummary {
      const actor = options.gate.requireSupervisor('activation.cancel');
      const row = find(id);
      db.transaction(() => {
        if (!store.cancel(id, isoNow())) throw rangeErrors.wrongState(id, row.state, 'cancel');
        audit.append({
          actor,
          action: 'activation.cancelled',
          subject: `application:${row.application_id}`,
          details: { activation_id: id, was: row.state },
        });
      }).immediate();
      return changed(id);
    },
    store,
  };
}

export type ActivationService = ReturnType<typeof createActivationService>;
