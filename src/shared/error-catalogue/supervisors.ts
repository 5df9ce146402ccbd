/** Supervisors, PINs and the gate. PINs never appear in any text or detail. */
import { defineErrors, type CodeOf } from '../define-errors';
import type { Locale } from '../errors';
import {
  PIN_MAX_LENGTH,
  PIN_MIN_LENGTH,
  SUPERVISOR_NAME_MAX_LENGTH,
  type PinProblem,
  type SupervisorNameProblem,
} from '../validation/pin-rules';

/** Where a refusal is shown: the app has an Unlock button, the CLI has environment variables. */
export type GateSurface = 'app' | 'cli';

/** An action in words, e.g. { 'zh-CN': '申请码', en: 'apply for codes' }. */
type ActionWords = Record<Locale, string>;

/** `min`: the fewest digits the PIN in question may have (a new PIN needs more than one typed to unlock). */
const PIN_PROBLEM_TEXT: Record<PinProblem, (min: number) => Record<Locale, string>> = {
  required: () => ({ 'zh-CN': '请输入 PIN 码', en: 'enter a PIN' }),
  notDigits: () => ({ 'zh-CN': 'PIN 码只能包含数字', en: 'a PIN has digits only' }),
  tooShort: (min) => ({ 'zh-CN': `PIN 码至少 ${min} 位`, en: `a PIN has at least ${min} digits` }),
  tooLong: () => ({ 'zh-CN': `PIN 码最多 ${PIN_MAX_LENGTH} 位`, en: `a PIN has at most ${PIN_MAX_LENGTH} digits` }),
};

const NAME_PROBLEM_TEXT: Record<SupervisorNameProblem, Record<Locale, string>> = {
  required: { 'zh-CN': '请输入姓名', en: 'enter a name' },
  tooLong: { 'zh-CN': `最多 ${SUPERVISOR_NAME_MAX_LENGTH} 个字符`, en: `at most ${SUPERVISOR_NAME_MAX_LENGTH} characters` },
  badCharacters: { 'zh-CN': '不能包含控制字符', en: 'no control characters' },
};

/** A wait in words: seconds under two minutes, else whole minutes rounded up. */
function durationEn(seconds: number): string {
  if (seconds < 120) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
function durationZh(seconds: number): string {
  return seconds < 120 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

export const supervisorErrors = defineErrors({
  SUPERVISOR_REQUIRED: {
    en: (p: { action: string; words: ActionWords; surface: GateSurface }) => `Unlock as a supervisor to ${p.words.en}.`,
    'zh-CN': (p) => `需要主管解锁才能${p.words['zh-CN']}。`,
    hint: {
      en: (p) =>
        p.surface === 'app'
          ? 'A supervisor taps Unlock and enters their PIN.'
          : 'Set MARKETCODE_SUPERVISOR (the supervisor’s name) and MARKETCODE_PIN (their PIN), then run it again.',
      'zh-CN': (p) =>
        p.surface === 'app'
          ? '请主管点击“解锁”并输入 PIN 码。'
          : '请设置环境变量 MARKETCODE_SUPERVISOR（主管姓名）和 MARKETCODE_PIN（PIN 码）后重试。',
    },
    details: (p) => ({ action: p.action }),
  },
  SUPERVISOR_SETUP_NEEDED: {
    en: (p: { action: string; words: ActionWords }) => `No supervisor is set up yet, so nobody can ${p.words.en}.`,
    'zh-CN': (p) => `还没有设置主管，无法${p.words['zh-CN']}。`,
    hint: { en: 'Set up the first supervisor’s name and PIN first.', 'zh-CN': '请先设置第一位主管的姓名和 PIN 码。' },
    details: (p) => ({ action: p.action }),
  },
  SUPERVISOR_ALREADY_SET_UP: {
    en: 'A supervisor is already set up.',
    'zh-CN': '主管已经设置过了。',
    hint: {
      en: 'To add another, an unlocked supervisor adds them in Settings → Supervisors.',
      'zh-CN': '如需再添加主管，请由已解锁的主管在“设置 → 主管”中添加。',
    },
  },
  SUPERVISOR_NOT_FOUND: {
    en: (p: { name: string }) => `There is no supervisor called "${p.name}".`,
    'zh-CN': (p) => `没有名为“${p.name}”的主管。`,
    hint: { en: 'Check the name; Settings → Supervisors lists them all.', 'zh-CN': '请检查姓名；“设置 → 主管”列出了所有主管。' },
  },
  SUPERVISOR_EXISTS: {
    en: (p: { name: string; disabled: boolean }) =>
      p.disabled ? `A supervisor called "${p.name}" already exists (disabled).` : `A supervisor called "${p.name}" already exists.`,
    'zh-CN': (p) => (p.disabled ? `已有名为“${p.name}”的主管（已停用）。` : `已有名为“${p.name}”的主管。`),
    hint: { en: 'Choose another name, e.g. add a staff number.', 'zh-CN': '请换一个姓名，例如加上工号。' },
  },
  SUPERVISOR_DISABLED: {
    en: (p: { name: string }) => `Supervisor "${p.name}" is disabled and cannot unlock.`,
    'zh-CN': (p) => `主管“${p.name}”已停用，不能解锁。`,
    hint: { en: 'Ask another supervisor to unlock.', 'zh-CN': '请由其他主管解锁。' },
  },
  SUPERVISOR_LAST_ACTIVE: {
    en: (p: { name: string }) => `"${p.name}" is the only active supervisor and cannot be disabled.`,
    'zh-CN': (p) => `“${p.name}”是唯一在用的主管，不能停用。`,
    hint: { en: 'Add another supervisor first.', 'zh-CN': '请先添加另一位主管。' },
  },
  SUPERVISOR_WRONG_PIN: {
    en: (p: { name: string; attemptsLeft: number; lockoutSeconds: number }) => `Wrong PIN for "${p.name}".`,
    'zh-CN': (p) => `“${p.name}”的 PIN 码不正确。`,
    hint: {
      en: (p) =>
        `${p.attemptsLeft} ${p.attemptsLeft === 1 ? 'try' : 'tries'} left, then unlocking pauses for ${durationEn(p.lockoutSeconds)}.`,
      'zh-CN': (p) => `还可再试 ${p.attemptsLeft} 次，之后将暂停解锁 ${durationZh(p.lockoutSeconds)}。`,
    },
    details: (p) => ({ name: p.name, attempts_left: p.attemptsLeft }),
  },
  SUPERVISOR_LOCKED_OUT: {
    en: (p: { name: string; secondsLeft: number }) => `Too many wrong PINs for "${p.name}": try again in ${durationEn(p.secondsLeft)}.`,
    'zh-CN': (p) => `“${p.name}”的 PIN 码错误次数过多，请 ${durationZh(p.secondsLeft)}后再试。`,
    hint: {
      en: 'This stops anyone guessing PINs; each further lockout lasts longer (1, 5, 15, then 60 minutes). If the PIN is forgotten, ask another supervisor.',
      'zh-CN': '这是为了防止有人猜测 PIN 码；每次再被暂停的时间会更长（1、5、15、60 分钟）。忘记 PIN 码时，请其他主管协助。',
    },
    details: (p) => ({ name: p.name, seconds_left: p.secondsLeft }),
  },
  SUPERVISOR_PIN_INVALID: {
    en: (p: { problem: PinProblem; field: string; min: number }) => `Invalid PIN: ${PIN_PROBLEM_TEXT[p.problem](p.min).en}.`,
    'zh-CN': (p) => `PIN 码无效：${PIN_PROBLEM_TEXT[p.problem](p.min)['zh-CN']}。`,
    hint: {
      en: `A new PIN is ${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} digits.`,
      'zh-CN': `新 PIN 码为 ${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} 位数字。`,
    },
    details: (p) => ({ field: p.field, problem: p.problem, min: p.min }),
  },
  SUPERVISOR_PIN_CHANGE_REQUIRED: {
    en: (p: { name: string; action: string; words: ActionWords; surface: GateSurface }) =>
      `Supervisor "${p.name}" must change their PIN to at least ${PIN_MIN_LENGTH} digits before they can ${p.words.en}.`,
    'zh-CN': (p) => `主管“${p.name}”须先把 PIN 码改为至少 ${PIN_MIN_LENGTH} 位，才能${p.words['zh-CN']}。`,
    hint: {
      en: (p) =>
        p.surface === 'app'
          ? 'Choose a new PIN in the form shown now (also in Settings → Supervisors → Change PIN).'
          : `Run marketcode supervisor change-pin "${p.name}" with MARKETCODE_PIN (the current PIN) and MARKETCODE_NEW_PIN (${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} digits).`,
      'zh-CN': (p) =>
        p.surface === 'app'
          ? '请在现在显示的表单中设置新 PIN 码（也可在“设置 → 主管 → 修改 PIN 码”中修改）。'
          : `请运行 marketcode supervisor change-pin "${p.name}"，并设置 MARKETCODE_PIN（当前 PIN 码）和 MARKETCODE_NEW_PIN（${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} 位数字）。`,
    },
    details: (p) => ({ name: p.name, action: p.action }),
  },
  SUPERVISOR_NAME_INVALID: {
    en: (p: { problem: SupervisorNameProblem }) => `Invalid supervisor name: ${NAME_PROBLEM_TEXT[p.problem].en}.`,
    'zh-CN': (p) => `主管姓名无效：${NAME_PROBLEM_TEXT[p.problem]['zh-CN']}。`,
  },
  CLI_PIN_MISSING: {
    en: (p: { variable: string }) => `The ${p.variable} environment variable is not set.`,
    'zh-CN': (p) => `缺少环境变量 ${p.variable}。`,
    hint: {
      en: 'PINs are read from environment variables only, never from arguments (those end up in the shell history).',
      'zh-CN': 'PIN 码只从环境变量读取，不接受命令行参数（命令行参数会留在历史记录里）。',
    },
  },
  SUPERVISOR_HASH_INVALID: {
    en: (p: { name: string }) => `The stored PIN record of supervisor "${p.name}" is not recognised.`,
    'zh-CN': (p) => `主管“${p.name}”保存的 PIN 码记录无法识别。`,
    hint: {
      en: 'The ledger may have been edited; ask another supervisor and contact IT.',
      'zh-CN': '账本可能被修改过；请由其他主管协助，并联系 IT。',
    },
  },
});
export type SupervisorErrorCode = CodeOf<typeof supervisorErrors>;
