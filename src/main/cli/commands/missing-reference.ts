import { AppError } from '../../../shared/errors';

export function missingReferenceError(): AppError {
  return new AppError('CLI_MISSING_APPLICATION', {
    'zh-CN': { message: '缺少申请编号（application_id 或外部编号）。', hint: '"marketcode ledger stats" 可列出所有申请。' },
    en: { message: 'Missing the application (its application_id or isv_application_id).', hint: '"marketcode ledger stats" lists them.' },
  });
}
