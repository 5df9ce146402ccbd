import type { SqliteDatabase } from '../ledger';
import { createApplicationStore, type ApplicationStore } from './store/application-store';
import { createCodeStore, type CodeStore } from './store/code-store';
import { createSegmentStore, type SegmentStore } from './store/segment-store';

export type { ApplicationRow, ApplicationState, CodeRow, SegmentRow, SegmentState } from './rows';

/** SQL for applications, segments and codes, one part per table. Callers own transactions. */
export type BatchStore = ApplicationStore & SegmentStore & CodeStore;

export function createBatchStore(db: SqliteDatabase): BatchStore {
  return { ...createApplicationStore(db), ...createSegmentStore(db), ...createCodeStore(db) };
}
