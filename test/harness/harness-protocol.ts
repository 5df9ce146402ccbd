/** Names the page bridge and the harness server share (no Node imports: this is bundled into the page). */
export const SOCKET_PROTOCOL = 'mc-harness';
export const TOKEN_HEADER = 'x-harness-token';
export const EVENTS_PATH = '/__bridge/events';
export const INVOKE_PATH = '/__bridge/invoke';
