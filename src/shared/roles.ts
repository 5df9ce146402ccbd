/**
 * Who may call a channel (DESIGN §6a). Every channel of the contract declares
 * one of these; dispatch enforces it in one place, before the handler runs.
 * A conditional rule names a pure function in main (src/main/bridge/role-rules.ts)
 * that decides from the request and the station's settings.
 */
export type Role = 'operator' | 'supervisor';

/** Channels whose answer depends on the request: which setting is changed, how a failure is acknowledged. */
export type ConditionalRoleRule = 'settingKey' | 'acknowledgeMode';

export type ChannelRole = Role | { readonly when: ConditionalRoleRule };
