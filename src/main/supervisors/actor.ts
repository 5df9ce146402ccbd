/**
 * Who did something, as recorded in the audit log: 'supervisor:<name>' for an
 * unlocked supervisor, 'operator' at a locked station, 'cli' for the CLI before
 * any supervisor exists. Services that change data take one explicitly; only
 * dispatch (for the bridge) and the CLI's actor helper decide it.
 */
export type Actor = string;
