import { AppError } from '../../../shared/errors';
import { checkCodeCount } from '../../../shared/validation/code-count';
import { describeApplication } from '../batch-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

export const applyCommand: CliCommand = {
  path: ['apply'],
  usage: 'marketcode apply --count N [--isv ID] [--label TEXT] [--json]',
  summary: { 'zh-CN': '申请一批码（先记入台账，再提交给微信）', en: 'Apply for a batch of codes (recorded first, then sent to WeChat)' },
  options: { count: { type: 'string' }, isv: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, values) {
    const count = Number(values.count);
    const problem = values.count === undefined ? 'missing' : checkCodeCount(count);
    if (problem) throw badCountError(String(values.count ?? ''));
    const isv = typeof values.isv === 'string' ? values.isv.trim() : undefined;
    if (isv !== undefined && (isv === '' || isv.length > 128)) throw badIsvError();
    return withApp(context, async (app) => {
      const recorded = app.services.batches.apply(
        {
          code_count: count,
          ...(typeof values.label === 'string' ? { label: values.label } : {}),
          ...(isv ? { isv_application_id: isv } : {}),
        },
        app.actorFor('batches.apply'),
      );
      // One attempt now; if the network is down the request stays in the ledger for the app or `download`.
      await app.services.batches.step(recorded.isv_application_id);
      const summary = app.services.batches.detail(recorded.isv_application_id).application;
      context.io.stdout(values.json ? JSON.stringify(summary) + '\n' : describeApplication(summary, context.locale) + '\n');
      return 0;
    });
  },
};

function badCountError(given: string): AppError {
  return new AppError(
    'CLI_BAD_COUNT',
    {
      'zh-CN': {
        message: `--count ${given || '（缺少）'} 无效：须为 10,000 的整数倍，范围 10,000–20,000,000。`,
        hint: '例如：--count 100000',
      },
      en: {
        message: `--count ${given || '(missing)'} is invalid: it must be a multiple of 10,000 from 10,000 to 20,000,000.`,
        hint: 'For example: --count 100000',
      },
    },
    { given },
  );
}

function badIsvError(): AppError {
  return new AppError('CLI_BAD_ISV', {
    'zh-CN': { message: '--isv 不能为空，且不超过 128 个字符。' },
    en: { message: '--isv must not be empty and at most 128 characters long.' },
  });
}
