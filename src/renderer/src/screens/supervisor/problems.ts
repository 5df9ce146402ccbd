import {
  ENTERED_PIN_MIN_LENGTH,
  PIN_MAX_LENGTH,
  PIN_MIN_LENGTH,
  SUPERVISOR_NAME_MAX_LENGTH,
  checkEnteredPin,
  checkPin,
  checkSupervisorName,
} from '@shared/validation/pin-rules';
import type { Translate } from '@renderer/i18n';

/** The translated problem with a supervisor name, or undefined when it is fine. */
export function nameProblem(name: string, t: Translate): string | undefined {
  switch (checkSupervisorName(name)) {
    case 'required':
      return t('supervisor.problem.nameRequired');
    case 'tooLong':
      return t('supervisor.problem.nameTooLong', { max: SUPERVISOR_NAME_MAX_LENGTH });
    case 'badCharacters':
      return t('supervisor.problem.nameBadCharacters');
    case undefined:
      return undefined;
  }
}

/**
 * The translated problem with a PIN, or undefined when it is fine: a `new` PIN (6–8 digits) or one
 * `entered` to unlock or as the current PIN (4–8, so PINs from before the 6-digit rule still work).
 */
export function pinProblem(pin: string, t: Translate, rule: 'new' | 'entered' = 'new'): string | undefined {
  switch (rule === 'new' ? checkPin(pin) : checkEnteredPin(pin)) {
    case 'required':
      return t('supervisor.problem.pinRequired');
    case 'notDigits':
      return t('supervisor.problem.pinNotDigits');
    case 'tooShort':
      return t('supervisor.problem.pinTooShort', { min: rule === 'new' ? PIN_MIN_LENGTH : ENTERED_PIN_MIN_LENGTH });
    case 'tooLong':
      return t('supervisor.problem.pinTooLong', { max: PIN_MAX_LENGTH });
    case undefined:
      return undefined;
  }
}

export function repeatProblem(pin: string, repeat: string, t: Translate): string | undefined {
  return pin !== repeat ? t('supervisor.problem.pinMismatch') : undefined;
}
