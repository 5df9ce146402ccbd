/**
 * Injected into the page before any app script: the same `window.api` the
 * Electron preload gives, over loopback HTTP (invoke) and WebSocket (events),
 * through the very same allow-listing `createBridge`.
 */
import { createBridge } from '../../src/preload/bridge';
import { EVENTS_PATH, INVOKE_PATH, SOCKET_PROTOCOL, TOKEN_HEADER } from './harness-protocol';

/** This run's token: the harness prepends its declaration when it serves this script to its own page. */
declare const HARNESS_TOKEN: string;

type Listener = (event: string, payload: unknown) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | undefined;

function connectEvents(): void {
  socket = new WebSocket(`ws://${location.host}${EVENTS_PATH}`, [SOCKET_PROTOCOL, `${SOCKET_PROTOCOL}.${HARNESS_TOKEN}`]);
  socket.onmessage = (message) => {
    const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
    for (const listener of listeners) listener(event, payload);
  };
  socket.onclose = () => setTimeout(connectEvents, 250);
}
connectEvents();

window.api = createBridge({
  async invoke(channel, request) {
    const response = await fetch(INVOKE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: HARNESS_TOKEN },
      body: JSON.stringify({ channel, request }),
    });
    return response.json();
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
