/**
 * Carton-run activations: resolving the printed range, the ledger's range
 * rules, and recording an activation as 'pending' in one transaction so the
 * outbox sender can take it from there. Recording never waits on the network.
 * Who may do it is the caller's business (the bridge's handlers, the CLI): the
 * service records the actor it is given.
 */
import type { ActivationCreate, ActivationSummary, RangeSource, ResolvedRange } from '../../shared/activation-contract';
import { activationErrors } from '../../shared/error-catalogue/activation';
import { productErrors } from '../../shared/error-catalogue/products';
import type { Product, ProductDetails } from '../../shared/products-contract';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Actor } from '../supervisors/actor';
import { createRangeResolver, type RangeResolver } from './activation-range';
import { cancelRefusal, mayChangeState } from './activation-rules';
import { createActivationStore, type ActivationRow, type ActivationStore } from './activation-store';
import { summarizeActivation } from './activation-summary';
import { productDetailsOf } from './product-details';

export interface ActivationService {
  /** The range a source points at, checked against the range rules; records nothing. */
  resolveRange(source: RangeSource): ResolvedRange;
  /** Records the activation as pending (one transaction with its audit entry) and returns at once. */
  create(request: ActivationCreate, actor: Actor): ActivationSummary;
  /** Every activation (newest first, at most 1000), or one application's in range order. */
  list(applicationId?: number): ActivationSummary[];
  /** Queued and failed items, oldest first (the CLI's `outbox`). */
  outbox(): ActivationSummary[];
  /** Puts a failed or conflicting activation back in the queue. */
  retry(id: number, actor: Actor): ActivationSummary;
  /** Gives up a pending, failed or conflicting activation; its range becomes free again. */
  cancel(id: number, actor: Actor): ActivationSummary;
  /** The SQL underneath, shared with the outbox sender. */
  store: ActivationStore;
}

export interface ActivationServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  now?: () => number;
  onChanged?: (activation: ActivationSummary) => void;
  /** The outbox sender should look at the queue again. */
  onQueued?: () => void;
}

/** What a product row gives an activation. */
type ProductRow = Pick<Product, keyof ProductDetails | 'archived_at'>;

/** What the commands below share. */
interface Context {
  db: SqliteDatabase;
  audit: AuditLog;
  store: ActivationStore;
  range: RangeResolver;
  isoNow(): string;
  find(id: number): ActivationRow;
  /** Reads the row again and tells the listener. */
  changed(id: number): ActivationSummary;
  onQueued(): void;
  productByCode(code: string): ProductRow | undefined;
}

export function createActivationService(options: ActivationServiceOptions): ActivationService {
  const { db, audit } = options;
  const now = options.now ?? Date.now;
  const store = createActivationStore(db);
  const productByCode = db.prepare('SELECT * FROM products WHERE product_code = ?');
  const find = (id: number): ActivationRow => {
    const row = store.byId(id);
    if (!row) throw activationErrors.ACTIVATION_NOT_FOUND({ id });
    return row;
  };
  const context: Context = {
    db,
    audit,
    store,
    range: createRangeResolver(db, store),
    isoNow: () => new Date(now()).toISOString(),
    find,
    changed(id) {
      const summary = summarizeActivation(find(id));
      options.onChanged?.(summary);
      return summary;
    },
    onQueued: () => options.onQueued?.(),
    productByCode: (code) => productByCode.get(code) as ProductRow | undefined,
  };

  return {
    resolveRange: (source) => context.range.resolve(source),
    create: (request, actor) => create(context, request, actor),
    list: (applicationId) => (applicationId === undefined ? store.all() : store.ofApplication(applicationId)).map(summarizeActivation),
    outbox: () => store.outbox().map(summarizeActivation),
    retry: (id, actor) => retry(context, id, actor),
    cancel: (id, actor) => cancel(context, id, actor),
    store,
  };
}

function create(context: Context, request: ActivationCreate, actor: Actor): ActivationSummary {
  const { db, store, audit } = context;
  const product = context.productByCode(request.product_code);
  if (!product) throw productErrors.PRODUCT_NOT_FOUND({ product_code: request.product_code });
  if (product.archived_at) throw activationErrors.ACTIVATION_PRODUCT_ARCHIVED({ product_code: request.product_code });
  const id = db
    .transaction(() => {
      context.range.check(request.application_id, request.code_start, request.code_end);
      const newId = store.insert(
        {
          application_id: request.application_id,
          code_start: request.code_start,
          code_end: request.code_end,
          ...productDetailsOf(product),
          wxa_type: request.wxa_type ?? product.wxa_type,
          print_run_id: request.print_run_id ?? null,
          created_by: actor,
        },
        context.isoNow(),
      );
      audit.append({
        actor,
        action: 'activation.recorded',
        subject: `application:${request.application_id}`,
        details: { activation_id: newId, code_start: request.code_start, code_end: request.code_end, product_code: product.product_code },
      });
      return newId;
    })
    .immediate();
  const summary = context.changed(id);
  context.onQueued();
  return summary;
}

function retry(context: Context, id: number, actor: Actor): ActivationSummary {
  const { store } = context;
  const row = context.find(id);
  context.db
    .transaction(() => {
      if (!mayChangeState(row.state, 'retry')) throw wrongState(row, 'retry');
      const overlapping = store.firstOverlapping(row.application_id, row.code_start, row.code_end);
      if (overlapping) throw activationErrors.ACTIVATION_OVERLAP(overlapping);
      if (!store.retry(id, context.isoNow())) throw wrongState(row, 'retry');
      context.audit.append({
        actor,
        action: 'activation.retried',
        subject: `application:${row.application_id}`,
        details: { activation_id: id },
      });
    })
    .immediate();
  context.onQueued();
  return context.changed(id);
}

function cancel(context: Context, id: number, actor: Actor): ActivationSummary {
  const { store } = context;
  context.db
    .transaction(() => {
      // Read inside the transaction: the outbox may have sent it again since the screen showed it.
      const row = context.find(id);
      const refusal = cancelRefusal(row, store.remoteCheck(id));
      if (refusal?.kind === 'needs_reconcile') {
        throw activationErrors.ACTIVATION_CANCEL_NEEDS_RECONCILE({ id, attempts: row.attempts, remote: refusal.remote });
      }
      // The store's UPDATE checks the state again.
      if (refusal || !store.cancel(id, context.isoNow())) throw wrongState(row, 'cancel');
      context.audit.append({
        actor,
        action: 'activation.cancelled',
        subject: `application:${row.application_id}`,
        details: { activation_id: id, was: row.state },
      });
    })
    .immediate();
  return context.changed(id);
}

function wrongState(row: ActivationRow, action: 'retry' | 'cancel') {
  return activationErrors.ACTIVATION_WRONG_STATE({ id: row.id, state: row.state, action });
}
