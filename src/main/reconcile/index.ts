/** Reconcile the ledger with WeChat (docs/reconcile.md). */
export { createReconcileService, DEFAULT_MAX_QUERIES, type ReconcileService, type ReconcileServiceOptions } from './reconcile-service';
export {
  createReconcileSchedule,
  isUnknownFateSend,
  nextRunDueInMs,
  type ReconcileSchedule,
  type ScheduleTiming,
} from './reconcile-schedule';
