import type { ImportProgress } from '../../../shared/batches-contract';
import type { AuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import type { Logger } from '../../logging';
import type { RetryPolicy } from '../../wechat';
import type { BatchStore } from '../batch-store';
import type { ImportThread } from '../import-thread';
import type { PackageLayoutSetting } from '../package-layout-setting';
import type { ApplicationRow } from '../rows';

/** One run of imports of an application (since the app started or the application resumed), for its speed. */
export interface ImportSession {
  startedAt: number;
  codes: number;
}

/** What every step of the batch worker works with; made once by createBatchWorker. */
export interface WorkerContext {
  db: SqliteDatabase;
  store: BatchStore;
  audit: AuditLog;
  logger: Logger;
  importThread: ImportThread;
  failedPackagesDir: string | null;
  /** The column mapping IT set per account, if any. */
  packageLayouts: PackageLayoutSetting;
  now: () => number;
  random: () => number;
  poll: { initial: number; max: number };
  offlinePolicy: RetryPolicy;
  /** Import runs by isv_application_id. */
  sessions: Map<string, ImportSession>;
  /** The application changed in the ledger (the service sends its summary). */
  changed(isv: string): void;
  onProgress: ((progress: ImportProgress) => void) | undefined;
}

/** What one step did, so callers (the CLI's `download`, tests) can tell when to stop. */
export type StepResult = 'progressed' | 'waiting' | 'settled';

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** The audit subject of an application: WeChat's number once it has one. */
export function subjectOf(row: Pick<ApplicationRow, 'application_id' | 'isv_application_id'>): string {
  return row.application_id === null ? `isv:${row.isv_application_id}` : `application:${row.application_id}`;
}

/** The import run of an application, started now if there is none. */
export function sessionOf(ctx: WorkerContext, isv: string): ImportSession {
  let session = ctx.sessions.get(isv);
  if (!session) {
    session = { startedAt: ctx.now(), codes: 0 };
    ctx.sessions.set(isv, session);
  }
  return session;
}
