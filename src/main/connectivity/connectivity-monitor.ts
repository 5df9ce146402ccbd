import type { AppErrorPayload } from '../../shared/errors';
import type { WechatClientEvent } from '../wechat';

export type ConnectivityState = 'unknown' | 'online' | 'offline' | 'degraded';

export interface ConnectivityStatus {
  state: ConnectivityState;
  /** When the state last changed (ISO). */
  since: string;
  /** The most recent failure, shown on hover; kept after recovery until the next one. */
  last_error: AppErrorPayload | null;
}

/**
 * Online / offline / degraded, as seen by every call the client makes (batches,
 * outbox, verification). Offline: the network or the service cannot be reached.
 * Degraded: it answers, but busy, with HTTP errors, or out of quota.
 */
export function createConnectivityMonitor(options: { now?: () => number; onChange?: (status: ConnectivityStatus) => void } = {}) {
  const now = options.now ?? Date.now;
  let status: ConnectivityStatus = { state: 'unknown', since: new Date(now()).toISOString(), last_error: null };

  function set(state: ConnectivityState, lastError?: AppErrorPayload): void {
    const next = {
      state,
      since: state === status.state ? status.since : new Date(now()).toISOString(),
      last_error: lastError ?? status.last_error,
    };
    const changed = next.state !== status.state || next.last_error !== status.last_error;
    status = next;
    if (changed) options.onChange?.(status);
  }

  return {
    status: () => status,
    /** Feed of the client's events (MarketcodeClientOptions.onEvent). */
    observe(event: WechatClientEvent): void {
      switch (event.type) {
        case 'success':
          set('online');
          break;
        case 'retry-scheduled':
          set(event.reason === 'network' || event.reason === 'timeout' ? 'offline' : 'degraded');
          break;
        case 'quota-exhausted':
          set('degraded');
          break;
        case 'failure': {
          const kind = event.error.kind;
          const payload = event.error.toPayload();
          if (kind === 'network' || kind === 'timeout') set('offline', payload);
          // A refused transport (http:// off this PC, a redirect) fails every call until the address is fixed.
          else if (
            kind === 'http' ||
            kind === 'transport' ||
            event.error.errcode === -1 ||
            event.error.errcode === 45009 ||
            event.error.errcode === 45011
          )
            set('degraded', payload);
          // A refusal of one request (bad arguments, conflicts) says nothing about the connection.
          else set(status.state === 'unknown' ? 'online' : status.state, payload);
          break;
        }
        default:
          break;
      }
    },
  };
}

export type ConnectivityMonitor = ReturnType<typeof createConnectivityMonitor>;
