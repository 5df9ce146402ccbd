/** The only two Electron IPC channel names; every contract channel is multiplexed over them. */
export const IPC_INVOKE = 'marketcode:invoke';
export const IPC_EVENT = 'marketcode:event';
