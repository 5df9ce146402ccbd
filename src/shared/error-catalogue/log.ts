/** Why the Log cannot show a page or write a shift report (src/main/log). */
import { defineErrors, type CodeOf } from '../define-errors';
import { SHIFT_REPORT_MAX_DAYS } from '../log-contract';

export const logErrors = defineErrors({
  LOG_PERIOD_INVALID: {
    en: 'The period must end after it starts.',
    'zh-CN': '时段的结束时间必须晚于开始时间。',
    hint: { en: 'Choose the period again.', 'zh-CN': '请重新选择时段。' },
  },
  LOG_PERIOD_TOO_LONG: {
    en: (p: { days: number }) => `A shift report covers at most ${SHIFT_REPORT_MAX_DAYS} days; this period is about ${p.days} days.`,
    'zh-CN': (p) => `班次报告最多覆盖 ${SHIFT_REPORT_MAX_DAYS} 天，所选时段约 ${p.days} 天。`,
    hint: { en: 'Choose a shorter period, or export it in parts.', 'zh-CN': '请缩短时段，或分几次导出。' },
    details: (p) => ({ days: p.days, max_days: SHIFT_REPORT_MAX_DAYS }),
  },
  LOG_CURSOR_UNKNOWN: {
    en: (p: { before_id: number }) => `Scan #${p.before_id} does not exist, so the list cannot continue from it.`,
    'zh-CN': (p) => `找不到扫描记录 #${p.before_id}，无法继续加载。`,
    hint: { en: 'Reload the list and try again.', 'zh-CN': '请刷新列表后重试。' },
  },
});

export type LogErrorCode = CodeOf<typeof logErrors>;
