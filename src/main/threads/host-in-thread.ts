import type { SqliteDatabase } from '../ledger/open-database';
import { EventSink } from './event-sink';
import type { LedgerThread } from './host';
import type { LedgerTask } from './protocol';
import { LedgerThreadClosedError, reviveThreadError, serializeThreadError } from './thread-errors';

/** A ledger thread that runs its task on the caller's connection, cloning and mapping errors as a worker would. */
export function createInThread<Request, Result, Event>(
  db: SqliteDatabase,
  handle: LedgerTask<Request, Result, Event>,
): LedgerThread<Request, Result, Event> {
  let closed = false;
  return {
    run(request, onEvent) {
      if (closed) return Promise.reject(new LedgerThreadClosedError());
      const sink = new EventSink(onEvent);
      let running = true;
      try {
        // Cloned like the worker's messages, so tests catch data that cannot cross.
        const result = structuredClone(
          handle(
            db,
            structuredClone(request),
            (event) => {
              if (running) sink.deliver(structuredClone(event));
            },
            () => closed,
          ),
        );
        running = false;
        return sink.failure ? Promise.reject(sink.failure) : Promise.resolve(result);
      } catch (error) {
        running = false;
        return Promise.reject(sink.failure ?? reviveThreadError(serializeThreadError(error)));
      }
    },
    close() {
      closed = true; // the caller owns db
      return Promise.resolve();
    },
  };
}
