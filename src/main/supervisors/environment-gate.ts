import { supervisorRequiredError } from './refusals';
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
  let verified: string | undefined;
  return {
    requireSupervisor(action) {
      if (verified) return `supervisor:${verified}`;
      if (!supervisors.hasSupervisors()) return 'cli';
      const name = env[SUPERVISOR_VARIABLE]?.trim();
      const pin = env[PIN_VARIABLE];
      if (!name || !pin) throw supervisorRequiredError(action, 'cli');
      verified = supervisors.verifySync(name, pin, 'cli');
      return `supervisor:${verified}`;
    },
    currentActor() {
      return verified ? `supervisor:${verified}` : 'cli';
    },
  };
}
