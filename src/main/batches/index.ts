export { createBatchService, type BatchService, type BatchServiceOptions } from './batch-service';
export { createBatchStore, type BatchStore, type ApplicationRow, type SegmentRow, type CodeRow } from './batch-store';
export { newIsvApplicationId } from './isv-id';
