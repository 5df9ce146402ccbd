import { pinChangeRequiredError, supervisorRequiredError } from './refusals';
import { PIN_CHANGE_ACTION } from './unlock-session';
import type { SupervisorGate } from './gate';
import type { SupervisorService } from './supervisor-service';

/** The variables the CLI reads a supervisor from (never arguments: those end up in the shell history). */
export const SUPERVISOR_VARIABLE = 'MARKETCODE_SUPERVISOR';
export const PIN_VARIABLE = 'MARKETCODE_PIN';
export const NEW_PIN_VARIABLE = 'MARKETCODE_NEW_PIN';

/**
 * The CLI's gate: it has no unlock session, so a supervisor-only command names
 * its supervisor in MARKETCODE_SUPERVISOR + MARKETCODE_PIN, checked against the
 * ledger once per run (a wrong PIN counts towards the lockout). Until the ledger
 * has any supervisor (a fresh data directory) the CLI acts as `cli`.
 */
export function createEnvironmentGate(supervisors: SupervisorService, env: NodeJS.ProcessEnv): SupervisorGate {
  let verified: { name: string; pinChangeRequired: boolean } | undefined;
  return {
    requireSupervisor(action) {
      if (!verified) {
        if (!supervisors.hasSupervisors()) return 'cli';
        const name = env[SUPERVISOR_VARIABLE]?.trim();
        const pin = env[PIN_VARIABLE];
        if (!name || !pin) throw supervisorRequiredError(action, 'cli');
        verified = supervisors.verifySync(name, pin, 'cli');
      }
      // A PIN shorter than new PINs must be proves who it is, but does nothing until it is changed.
      if (verified.pinChangeRequired && action !== PIN_CHANGE_ACTION) throw pinChangeRequiredError(verified.name, action, 'cli');
      return `supervisor:${verified.name}`;
    },
    currentActor() {
      return verified ? `supervisor:${verified.name}` : 'cli';
    },
  };
}
