/**
 * Injected into the page before any app script: the same `window.api` the
 * Electron preload gives, over loopback HTTP (invoke) and WebSocket (events),
 * through the very same allow-listing `createBridge`.
 */
import { createBridge } from '../../src/preload/bridge';

type Listener = (event: string, payload: unknown) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | undefined;

function connectEvents(): void {
  socket = new WebSocket(`ws://${location.host}/__bridge/events`);
  socket.onmessage = (message) => {
    const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
    for (const listener of listeners) listener(event, payload);
  };
  socket.onclose = () => setTimeout(connectEvents, 250);
}
connectEvents();

window.api = createBridge({
  async invoke(channel, request) {
    const response = await fetch('/__bridge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, request }),
    });
    return response.json();
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
