/** The gate's refusals, with the action named in words (the catalogue holds the texts). */
import { supervisorErrors, type GateSurface } from '../../shared/error-catalogue/supervisors';
import type { AppError } from '../../shared/errors';
import { actionWords } from './action-words';

export type { GateSurface };

export function supervisorRequiredError(action: string, surface: GateSurface): AppError {
  return supervisorErrors.SUPERVISOR_REQUIRED({ action, words: actionWords(action), surface });
}

export function setupNeededError(action: string): AppError {
  return supervisorErrors.SUPERVISOR_SETUP_NEEDED({ action, words: actionWords(action) });
}

export function pinChangeRequiredError(name: string, action: string, surface: GateSurface): AppError {
  return supervisorErrors.SUPERVISOR_PIN_CHANGE_REQUIRED({ name, action, words: actionWords(action), surface });
}
