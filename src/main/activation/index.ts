export { createActivationService, type ActivationService, type ActivationServiceOptions } from './activation-service';
export { summarizeActivation } from './activation-summary';
export { createActivationStore, type ActivationRow, type ActivationStore } from './activation-store';
export { createOutboxSender, type OutboxSender, type OutboxSenderOptions, type SendStep } from './outbox-sender';
export { CONFLICT_ERRCODES } from './outbox-rules';
export { firstDifference, type ActivationFacts } from './activation-difference';
export { cancelRefusal, coverageGap, mayChangeState, type RemoteCheckFact } from './activation-rules';
export { createRangeResolver, type RangeResolver } from './activation-range';
