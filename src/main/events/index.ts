export { createEventBus, type EventBus, type AnyEventListener } from './event-bus';
