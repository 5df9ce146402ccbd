/**
 * Rules for supervisor names and PINs, shared so the renderer can explain a
 * bad value in the user's language before main (which enforces the same
 * rules) sees it.
 */
/** A new PIN (first set-up, a new supervisor, a PIN change) has at least this many digits. */
export const PIN_MIN_LENGTH = 6;
/**
 * PINs chosen before six digits were required are still typed to unlock (and as
 * the old PIN of a change): at least this many digits. Such an unlock must change
 * the PIN before anything else (docs/roles.md).
 */
export const ENTERED_PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
export const SUPERVISOR_NAME_MAX_LENGTH = 32;

export type PinProblem = 'required' | 'notDigits' | 'tooShort' | 'tooLong';
export type SupervisorNameProblem = 'required' | 'tooLong' | 'badCharacters';

/** A new PIN is 6–8 ASCII digits; nothing is trimmed (a PIN is typed on a pad). */
export function checkPin(value: string): PinProblem | undefined {
  return checkDigits(value, PIN_MIN_LENGTH);
}

/** A PIN typed to prove who one is (unlock, the old PIN of a change): 4–8 digits, so older short PINs still unlock. */
export function checkEnteredPin(value: string): PinProblem | undefined {
  return checkDigits(value, ENTERED_PIN_MIN_LENGTH);
}

/** A PIN that matched but is shorter than new PINs must be: its supervisor is asked to change it. */
export function isShortPin(value: string): boolean {
  return value.length < PIN_MIN_LENGTH;
}

function checkDigits(value: string, min: number): PinProblem | undefined {
  if (value === '') return 'required';
  if (!/^[0-9]+$/.test(value)) return 'notDigits';
  if (value.length < min) return 'tooShort';
  if (value.length > PIN_MAX_LENGTH) return 'tooLong';
  return undefined;
}

/** The name as stored: NFC, trimmed, inner runs of white space collapsed to one space. */
export function normaliseSupervisorName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Checks the normalised name: 1–32 characters, no control characters. */
export function checkSupervisorName(value: string): SupervisorNameProblem | undefined {
  const name = normaliseSupervisorName(value);
  if (name === '') return 'required';
  if ([...name].length > SUPERVISOR_NAME_MAX_LENGTH) return 'tooLong';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return 'badCharacters';
  return undefined;
}
