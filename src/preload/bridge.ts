import type { MarketcodeApi } from '../shared/api';
import { isChannel, isEventName } from '../shared/channel-names';
import type { EventName, EventPayload } from '../shared/contract';
import type { Envelope } from '../shared/envelope';
import { appErrors } from '../shared/error-catalogue/app';

/** What a transport must offer; Electron IPC in the app, HTTP + WebSocket in the harness. */
export interface BridgeTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Delivers every pushed event; returns an unsubscribe. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/**
 * Builds `window.api` over a transport. Channels and events outside the
 * contract are refused here, before anything reaches main.
 */
export function createBridge(transport: BridgeTransport): MarketcodeApi {
  return {
    invoke(channel, request) {
      if (!isChannel(channel)) return Promise.resolve(refused(channel));
      return transport.invoke(channel, request) as Promise<Envelope<never>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as EventPayload<E>);
      });
    },
  };
}

function refused(channel: unknown): Envelope<never> {
  const name = String(channel).slice(0, 80);
  return {
    ok: false,
    error: appErrors.UNKNOWN_CHANNEL({ channel: name }).toPayload(),
  };
}
