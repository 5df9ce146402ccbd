import { AppError } from '../../shared/errors';
import { SHIFT_REPORT_MAX_DAYS } from '../../shared/log-contract';

export function periodInvalidError(): AppError {
  return new AppError('LOG_PERIOD_INVALID', {
    'zh-CN': { message: '时段的结束时间必须晚于开始时间。', hint: '请重新选择时段。' },
    en: { message: 'The period must end after it starts.', hint: 'Choose the period again.' },
  });
}

export function periodTooLongError(days: number): AppError {
  return new AppError(
    'LOG_PERIOD_TOO_LONG',
    {
      'zh-CN': {
        message: `班次报告最多覆盖 ${SHIFT_REPORT_MAX_DAYS} 天，所选时段约 ${days} 天。`,
        hint: '请缩短时段，或分几次导出。',
      },
      en: {
        message: `A shift report covers at most ${SHIFT_REPORT_MAX_DAYS} days; this period is about ${days} days.`,
        hint: 'Choose a shorter period, or export it in parts.',
      },
    },
    { days, max_days: SHIFT_REPORT_MAX_DAYS },
  );
}

export function cursorUnknownError(beforeId: number): AppError {
  return new AppError(
    'LOG_CURSOR_UNKNOWN',
    {
      'zh-CN': { message: `找不到扫描记录 #${beforeId}，无法继续加载。`, hint: '请刷新列表后重试。' },
      en: { message: `Scan #${beforeId} does not exist, so the list cannot continue from it.`, hint: 'Reload the list and try again.' },
    },
    { before_id: beforeId },
  );
}
