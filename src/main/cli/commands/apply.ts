import { cliErrors } from '../../../shared/error-catalogue/cli';
import { checkCodeCount } from '../../../shared/validation/code-count';
import { describeApplication } from '../batch-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { readWholeNumber } from '../whole-number';

export const applyCommand: CliCommand = {
  path: ['apply'],
  usage: 'marketcode apply --count N [--isv ID] [--label TEXT] [--json]',
  summary: { 'zh-CN': '申请一批码（先记入台账，再提交给微信）', en: 'Apply for a batch of codes (recorded first, then sent to WeChat)' },
  options: { count: { type: 'string' }, isv: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, values) {
    // Plain digits only: Number() would read 1e5, 0x186A0 and 100000.0 as 100000.
    const reading = readWholeNumber(values.count);
    if (!reading.ok || checkCodeCount(reading.value)) throw cliErrors.CLI_BAD_COUNT({ given: String(values.count ?? '') });
    const count = reading.value;
    const isv = typeof values.isv === 'string' ? values.isv.trim() : undefined;
    if (isv !== undefined && (isv === '' || isv.length > 128)) throw cliErrors.CLI_BAD_ISV();
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
