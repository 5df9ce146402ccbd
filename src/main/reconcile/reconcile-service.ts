/**
 * The ledger reconciles with WeChat (DESIGN §4, docs/reconcile.md): a run asks
 * codeactivequery about every activation WeChat may hold and about free ranges
 * of imported segments, stores each difference as a finding, and a supervisor
 * repairs each one (adopt, re-send, investigated). Runs are bounded by a query
 * cap and stop at a quota, network or token error.
 */
import type { ReconcileFinding, ReconcileReport, ReconcileResolve, ReconcileTrigger } from '../../shared/reconcile-contract';
import type { AuditLog } from '../audit';
import { createActivationStore, createRangeResolver } from '../activation';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from '../supervisors/actor';
import { repairFinding } from './reconcile-repairs';
import { reconcileOnce } from './reconcile-run';
import { createReconcileStore } from './reconcile-store';

export interface ReconcileService {
  /** Asks WeChat and stores what differs; a run already under way is joined rather than started twice. */
  run(trigger: ReconcileTrigger, actor: Actor): Promise<ReconcileReport>;
  /** The last finished run, the open findings and the latest resolved ones. */
  report(): ReconcileReport;
  /** Applies the repair a supervisor chose (one transaction with its audit entry). */
  resolve(request: ReconcileResolve, actor: Actor): ReconcileFinding;
  /** When the last run finished (epoch ms), or undefined before the first. */
  lastFinishedAt(): number | undefined;
}

export interface ReconcileServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  /** codeactivequery calls per run at most (default 300). */
  maxQueries?: number;
  now?: () => number;
  /** Picks the index asked inside each range. */
  random?: () => number;
  /** An activation changed state or was created by a repair. */
  onActivationChanged?: (id: number) => void;
  /** A repair put an activation back into the outbox. */
  onQueued?: () => void;
}

export const DEFAULT_MAX_QUERIES = 300;
const RECENT_RESOLVED = 50;

export function createReconcileService(options: ReconcileServiceOptions): ReconcileService {
  const { db, audit, logger } = options;
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const store = createReconcileStore(db);
  const range = createRangeResolver(db, createActivationStore(db));
  let running: Promise<ReconcileReport> | undefined;

  const report = (): ReconcileReport => ({ run: store.lastRun() ?? null, open: store.open(), recent: store.recent(RECENT_RESOLVED) });

  async function runOnce(trigger: ReconcileTrigger, actor: Actor): Promise<ReconcileReport> {
    const env = { db, store, audit, connection: options.connection, maxQueries: options.maxQueries ?? DEFAULT_MAX_QUERIES, iso };
    const id = await reconcileOnce({ ...env, random: options.random ?? Math.random }, trigger, actor);
    const run = store.run(id);
    logger.info('reconcile finished', { runId: id, trigger, outcome: run.outcome, queries: run.queries, open: store.open().length });
    return { ...report(), run };
  }

  return {
    run(trigger, actor) {
      running ??= runOnce(trigger, actor).finally(() => {
        running = undefined;
      });
      return running;
    },
    report,
    resolve(request, actor) {
      const result = repairFinding({ db, store, audit, range, iso }, request, actor);
      for (const id of result.changed) options.onActivationChanged?.(id);
      if (result.queued) options.onQueued?.();
      return result.finding;
    },
    lastFinishedAt() {
      const finished = store.lastRun()?.finished_at;
      return finished ? Date.parse(finished) : undefined;
    },
  };
}
