/**
 * Who a call needs, decided from plain facts: the channel's declared role, and
 * for a conditional rule the request and the station's settings. Pure; dispatch
 * asks the gate afterwards (DESIGN §6a).
 */
import type { Settings, SettingUpdate } from '../../shared/contract';
import type { ChannelRole, ConditionalRoleRule, Role } from '../../shared/roles';
import type { AcknowledgeRequest } from '../../shared/verification-contract';
import { settingRole } from '../settings';
import { acknowledgeRole, ackModeOf } from '../verification';

/** What the gate is asked for: the role, and the action named on the PIN pad and in the audit log. */
export interface RoleDecision {
  role: Role;
  action: string;
}

/** The settings area's own rule (who may change which setting), named for the PIN pad by the key. */
export function settingKeyRole(update: SettingUpdate): RoleDecision {
  return { role: settingRole(update.key), action: `settings.${update.key}` };
}

/** The verification area's own rule (acknowledgement-rules.ts), read from the station's settings. */
export function acknowledgeModeRole(request: Pick<AcknowledgeRequest, 'via'>, settings: Pick<Settings, 'ackMode'>): RoleDecision {
  return { role: acknowledgeRole(ackModeOf(settings), request), action: 'verify.acknowledge' };
}

const CONDITIONAL: { [R in ConditionalRoleRule]: (request: never, settings: Settings) => RoleDecision } = {
  settingKey: (request: SettingUpdate) => settingKeyRole(request),
  acknowledgeMode: (request: AcknowledgeRequest, settings) => acknowledgeModeRole(request, settings),
};

/** The decision for one call of `channel` whose request has already passed its schema. */
export function decideRole(channel: string, declared: ChannelRole, request: unknown, settings: () => Settings): RoleDecision {
  if (typeof declared === 'string') return { role: declared, action: channel };
  const rule = CONDITIONAL[declared.when] as (request: unknown, settings: Settings) => RoleDecision;
  return rule(request, settings());
}
