/**
 * Rules for supervisor names and PINs, shared so the renderer can explain a
 * bad value in the user's language before main (which enforces the same
 * rules) sees it.
 */
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
export const SUPERVISOR_NAME_MAX_LENGTH = 32;

export type PinProblem = 'required' | 'notDigits' | 'tooShort' | 'tooLong';
export type SupervisorNameProblem = 'required' | 'tooLong' | 'badCharacters';

/** A PIN is 4–8 ASCII digits; nothing is trimmed (a PIN is typed on a pad). */
export function checkPin(value: string): PinProblem | undefined {
  if (value === '') return 'required';
  if (!/^[0-9]+$/.test(value)) return 'notDigits';
  if (value.length < PIN_MIN_LENGTH) return 'tooShort';
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
