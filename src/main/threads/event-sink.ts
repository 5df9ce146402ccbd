import { toError } from './thread-errors';

/** Calls the caller's listener; a throwing listener fails its run but not the thread. */
export class EventSink<Event> {
  failure: Error | undefined;
  constructor(private readonly listener: ((event: Event) => void) | undefined) {}
  deliver(event: Event): void {
    if (!this.listener || this.failure) return;
    try {
      this.listener(event);
    } catch (error) {
      this.failure = toError(error);
    }
  }
}
