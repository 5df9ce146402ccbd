/** Training and Live ledgers kept apart (docs/modes.md). */
import { defineErrors, type CodeOf } from '../define-errors';

export const modeErrors = defineErrors({
  LEDGER_WRONG_MODE: {
    en: (p: { file: string; expected: 'training' | 'live'; found: 'training' | 'live' }) =>
      `${p.file} is the ${p.found === 'training' ? 'Training' : 'Live'} ledger; it was not opened as the ${p.expected === 'training' ? 'Training' : 'Live'} one.`,
    'zh-CN': (p) =>
      `${p.file} 是${p.found === 'training' ? '培训' : '正式'}模式的账本，不能作为${p.expected === 'training' ? '培训' : '正式'}模式的账本打开。`,
    hint: {
      en: 'Training and Live data never mix. Put the file back where it came from, or contact IT.',
      'zh-CN': '培训数据与正式数据不能混用。请把文件放回原处，或联系 IT。',
    },
  },
  MODE_SWITCHED: {
    en: (p: { mode: 'training' | 'live' }) =>
      `The station switched away from ${p.mode === 'training' ? 'Training' : 'Live'} mode; this work of that mode was not sent.`,
    'zh-CN': (p) => `工作站已离开${p.mode === 'training' ? '培训' : '正式'}模式，该模式的这项工作未发送。`,
    hint: {
      en: 'It stays in that mode’s ledger and is sent when the station is back in that mode.',
      'zh-CN': '它保留在该模式的账本中，回到该模式后会继续发送。',
    },
  },
});
export type ModeErrorCode = CodeOf<typeof modeErrors>;
