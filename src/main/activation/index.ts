export { createActivationService, summarizeActivation, type ActivationService, type ActivationServiceOptions } from './activation-service';
export { createActivationStore, type ActivationRow, type ActivationStore } from './activation-store';
export { createOutboxSender, CONFLICT_ERRCODES, type OutboxSender, type OutboxSenderOptions } from './outbox-sender';
export { firstDifference } from './activation-difference';
