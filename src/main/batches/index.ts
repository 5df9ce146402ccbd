export { createBatchService, type BatchService, type BatchServiceOptions } from './batch-service';
export { createBatchStore, type BatchStore } from './batch-store';
export type { ApplicationRow, AppliedApplicationRow, CodeRow, LookupBuildRow, PrintRunRow, SegmentRow } from './rows';
export { newIsvApplicationId } from './isv-id';
