/** `applycode`'s rule for `code_count`, shared by the apply form and main. */
export const CODE_COUNT_STEP = 10_000;
export const MIN_CODE_COUNT = 10_000;
export const MAX_CODE_COUNT = 20_000_000;

export type CodeCountProblem = 'notInteger' | 'tooSmall' | 'tooLarge' | 'notMultiple';

export function checkCodeCount(value: number): CodeCountProblem | undefined {
  if (!Number.isSafeInteger(value)) return 'notInteger';
  if (value < MIN_CODE_COUNT) return 'tooSmall';
  if (value > MAX_CODE_COUNT) return 'tooLarge';
  if (value % CODE_COUNT_STEP !== 0) return 'notMultiple';
  return undefined;
}
