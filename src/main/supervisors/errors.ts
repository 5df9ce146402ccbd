import { AppError } from '../../shared/errors';
import type { PinProblem, SupervisorNameProblem } from '../../shared/validation/pin-rules';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH, SUPERVISOR_NAME_MAX_LENGTH } from '../../shared/validation/pin-rules';
import { actionWords } from './action-words';

/** Where the refusal is shown: the app has an Unlock button, the CLI has environment variables. */
export type GateSurface = 'app' | 'cli';

export function supervisorRequiredError(action: string, surface: GateSurface): AppError {
  const words = actionWords(action);
  return new AppError(
    'SUPERVISOR_REQUIRED',
    {
      'zh-CN': {
        message: `需要主管解锁才能${words['zh-CN']}。`,
        hint:
          surface === 'app'
            ? '请主管点击“解锁”并输入 PIN 码。'
            : '请设置环境变量 MARKETCODE_SUPERVISOR（主管姓名）和 MARKETCODE_PIN（PIN 码）后重试。',
      },
      en: {
        message: `Unlock as a supervisor to ${words.en}.`,
        hint:
          surface === 'app'
            ? 'A supervisor taps Unlock and enters their PIN.'
            : 'Set MARKETCODE_SUPERVISOR (the supervisor’s name) and MARKETCODE_PIN (their PIN), then run it again.',
      },
    },
    { action },
  );
}

export function setupNeededError(action: string): AppError {
  const words = actionWords(action);
  return new AppError(
    'SUPERVISOR_SETUP_NEEDED',
    {
      'zh-CN': {
        message: `还没有设置主管，无法${words['zh-CN']}。`,
        hint: '请先设置第一位主管的姓名和 PIN 码。',
      },
      en: {
        message: `No supervisor is set up yet, so nobody can ${words.en}.`,
        hint: 'Set up the first supervisor’s name and PIN first.',
      },
    },
    { action },
  );
}

export function alreadySetUpError(): AppError {
  return new AppError('SUPERVISOR_ALREADY_SET_UP', {
    'zh-CN': { message: '主管已经设置过了。', hint: '如需再添加主管，请由已解锁的主管在“设置 → 主管”中添加。' },
    en: { message: 'A supervisor is already set up.', hint: 'To add another, an unlocked supervisor adds them in Settings → Supervisors.' },
  });
}

export function supervisorNotFoundError(name: string): AppError {
  return new AppError(
    'SUPERVISOR_NOT_FOUND',
    {
      'zh-CN': { message: `没有名为“${name}”的主管。`, hint: '请检查姓名；“设置 → 主管”列出了所有主管。' },
      en: { message: `There is no supervisor called "${name}".`, hint: 'Check the name; Settings → Supervisors lists them all.' },
    },
    { name },
  );
}

export function supervisorExistsError(name: string, disabled: boolean): AppError {
  return new AppError(
    'SUPERVISOR_EXISTS',
    {
      'zh-CN': {
        message: disabled ? `已有名为“${name}”的主管（已停用）。` : `已有名为“${name}”的主管。`,
        hint: '请换一个姓名，例如加上工号。',
      },
      en: {
        message: disabled ? `A supervisor called "${name}" already exists (disabled).` : `A supervisor called "${name}" already exists.`,
        hint: 'Choose another name, e.g. add a staff number.',
      },
    },
    { name, disabled },
  );
}

export function supervisorDisabledError(name: string): AppError {
  return new AppError(
    'SUPERVISOR_DISABLED',
    {
      'zh-CN': { message: `主管“${name}”已停用，不能解锁。`, hint: '请由其他主管解锁。' },
      en: { message: `Supervisor "${name}" is disabled and cannot unlock.`, hint: 'Ask another supervisor to unlock.' },
    },
    { name },
  );
}

export function lastActiveSupervisorError(name: string): AppError {
  return new AppError(
    'SUPERVISOR_LAST_ACTIVE',
    {
      'zh-CN': { message: `“${name}”是唯一在用的主管，不能停用。`, hint: '请先添加另一位主管。' },
      en: { message: `"${name}" is the only active supervisor and cannot be disabled.`, hint: 'Add another supervisor first.' },
    },
    { name },
  );
}

export function wrongPinError(name: string, attemptsLeft: number, lockoutSeconds: number): AppError {
  return new AppError(
    'SUPERVISOR_WRONG_PIN',
    {
      'zh-CN': {
        message: `“${name}”的 PIN 码不正确。`,
        hint: `还可再试 ${attemptsLeft} 次，之后将暂停解锁 ${lockoutSeconds} 秒。`,
      },
      en: {
        message: `Wrong PIN for "${name}".`,
        hint: `${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left, then unlocking pauses for ${lockoutSeconds} seconds.`,
      },
    },
    { name, attempts_left: attemptsLeft },
  );
}

export function lockedOutError(name: string, secondsLeft: number): AppError {
  return new AppError(
    'SUPERVISOR_LOCKED_OUT',
    {
      'zh-CN': {
        message: `“${name}”的 PIN 码错误次数过多，请 ${secondsLeft} 秒后再试。`,
        hint: '这是为了防止有人猜测 PIN 码。忘记 PIN 码时，请其他主管协助。',
      },
      en: {
        message: `Too many wrong PINs for "${name}": try again in ${secondsLeft} s.`,
        hint: 'This stops anyone guessing PINs. If the PIN is forgotten, ask another supervisor.',
      },
    },
    { name, seconds_left: secondsLeft },
  );
}

const PIN_PROBLEM_TEXT: Record<PinProblem, Record<'zh-CN' | 'en', string>> = {
  required: { 'zh-CN': '请输入 PIN 码', en: 'enter a PIN' },
  notDigits: { 'zh-CN': 'PIN 码只能包含数字', en: 'a PIN has digits only' },
  tooShort: { 'zh-CN': `PIN 码至少 ${PIN_MIN_LENGTH} 位`, en: `a PIN has at least ${PIN_MIN_LENGTH} digits` },
  tooLong: { 'zh-CN': `PIN 码最多 ${PIN_MAX_LENGTH} 位`, en: `a PIN has at most ${PIN_MAX_LENGTH} digits` },
};

export function invalidPinError(problem: PinProblem, field = 'pin'): AppError {
  const text = PIN_PROBLEM_TEXT[problem];
  return new AppError(
    'SUPERVISOR_PIN_INVALID',
    {
      'zh-CN': { message: `PIN 码无效：${text['zh-CN']}。`, hint: `PIN 码为 ${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} 位数字。` },
      en: { message: `Invalid PIN: ${text.en}.`, hint: `A PIN is ${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} digits.` },
    },
    { field, problem },
  );
}

const NAME_PROBLEM_TEXT: Record<SupervisorNameProblem, Record<'zh-CN' | 'en', string>> = {
  required: { 'zh-CN': '请输入姓名', en: 'enter a name' },
  tooLong: { 'zh-CN': `最多 ${SUPERVISOR_NAME_MAX_LENGTH} 个字符`, en: `at most ${SUPERVISOR_NAME_MAX_LENGTH} characters` },
  badCharacters: { 'zh-CN': '不能包含控制字符', en: 'no control characters' },
};

export function invalidNameError(problem: SupervisorNameProblem): AppError {
  const text = NAME_PROBLEM_TEXT[problem];
  return new AppError(
    'SUPERVISOR_NAME_INVALID',
    {
      'zh-CN': { message: `主管姓名无效：${text['zh-CN']}。` },
      en: { message: `Invalid supervisor name: ${text.en}.` },
    },
    { problem },
  );
}

export function missingPinVariableError(variable: string): AppError {
  return new AppError(
    'CLI_PIN_MISSING',
    {
      'zh-CN': {
        message: `缺少环境变量 ${variable}。`,
        hint: 'PIN 码只从环境变量读取，不接受命令行参数（命令行参数会留在历史记录里）。',
      },
      en: {
        message: `The ${variable} environment variable is not set.`,
        hint: 'PINs are read from environment variables only, never from arguments (those end up in the shell history).',
      },
    },
    { variable },
  );
}

export function storedHashInvalidError(name: string): AppError {
  return new AppError(
    'SUPERVISOR_HASH_INVALID',
    {
      'zh-CN': { message: `主管“${name}”保存的 PIN 码记录无法识别。`, hint: '账本可能被修改过；请由其他主管协助，并联系 IT。' },
      en: {
        message: `The stored PIN record of supervisor "${name}" is not recognised.`,
        hint: 'The ledger may have been edited; ask another supervisor and contact IT.',
      },
    },
    { name },
  );
}
