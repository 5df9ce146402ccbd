/**
 * Who a call needs, decided from plain facts: the channel's declared role, and
 * for a conditional rule the request and the station's settings. Pure; dispatch
 * asks the gate afterwards (DESIGN §6a).
 */
import type { Settings, SettingUpdate } from '../../shared/contract';
import type { ChannelRole, ConditionalRoleRule, Role } from '../../shared/roles';
import type { AcknowledgeRequest, Verdict } from '../../shared/verification-contract';
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

/** The verification area's own rule (acknowledgement-rules.ts), read from the station's settings and the scan's verdict. */
export function acknowledgeModeRole(
  request: Pick<AcknowledgeRequest, 'via'>,
  settings: Pick<Settings, 'ackMode'>,
  verdict?: Verdict,
): RoleDecision {
  return { role: acknowledgeRole(ackModeOf(settings), request, verdict), action: 'verify.acknowledge' };
}

/** The facts a conditional rule reads besides the request: the station's settings, and a scan's verdict by id. */
export interface RoleFacts {
  settings: () => Settings;
  /** Undefined when there is no such scan (the handler then refuses it as not found). */
  scanVerdict?: (scanId: number) => Verdict | undefined;
}

const CONDITIONAL: { [R in ConditionalRoleRule]: (request: never, facts: RoleFacts) => RoleDecision } = {
  settingKey: (request: SettingUpdate) => settingKeyRole(request),
  acknowledgeMode: (request: AcknowledgeRequest, facts) => acknowledgeModeRole(request, facts.settings(), facts.scanVerdict?.(request.scan_id)),
};

/** The decision for one call of `channel` whose request has already passed its schema. */
export function decideRole(channel: string, declared: ChannelRole, request: unknown, facts: RoleFacts): RoleDecision {
  if (typeof declared === 'string') return { role: declared, action: channel };
  const rule = CONDITIONAL[declared.when] as (request: unknown, facts: RoleFacts) => RoleDecision;
  return rule(request, facts);
}
