import { cliErrors } from '../../../shared/error-catalogue/cli';
import type { ActivationSummary } from '../../../shared/activation-contract';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { describeActivation } from '../activation-text';
import { wholeNumberArgument } from '../whole-number';

export const activateCommand: CliCommand = {
  path: ['activate'],
  usage: 'marketcode activate <application_id> --start A --end B --product EAN [--wxa-type 0|1|2] [--json]',
  summary: { 'zh-CN': '激活一个纸箱批次的序号段（先记录，再发送）', en: 'Activate a carton run’s index range (recorded first, then sent)' },
  options: {
    start: { type: 'string' },
    end: { type: 'string' },
    product: { type: 'string' },
    'wxa-type': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context, values, positionals) {
    const applicationId = wholeNumberArgument('application_id', positionals[0]);
    const start = wholeNumberArgument('--start', values.start);
    const end = wholeNumberArgument('--end', values.end);
    const product = typeof values.product === 'string' ? values.product.trim() : '';
    if (!/^\d{8}$|^\d{13}$/.test(product))
      throw badArgument('--product', String(values.product ?? ''), '8 或 13 位 EAN 条码', 'an 8- or 13-digit EAN');
    const wxaTypeText = values['wxa-type'];
    let wxaType: 0 | 1 | 2 | undefined;
    if (wxaTypeText !== undefined) {
      if (wxaTypeText !== '0' && wxaTypeText !== '1' && wxaTypeText !== '2')
        throw badArgument('--wxa-type', String(wxaTypeText), '0、1 或 2', '0, 1 or 2');
      wxaType = Number(wxaTypeText) as 0 | 1 | 2;
    }
    return withApp(context, async (app) => {
      const recorded = app.services.activations.create(
        {
          application_id: applicationId,
          code_start: start,
          code_end: end,
          product_code: product,
          ...(wxaType === undefined ? {} : { wxa_type: wxaType }),
        },
        app.actorFor('activation.create'),
      );
      // Recorded locally; try to send it (and anything queued before it) now. Offline it stays queued.
      while ((await app.outbox.step()) === 'progressed') {
        if (app.services.activations.store.byId(recorded.id)?.confirmed_at) break;
      }
      const summary: ActivationSummary = app.services.activations.list(applicationId).find((item) => item.id === recorded.id)!;
      context.io.stdout(values.json ? JSON.stringify(summary) + '\n' : describeActivation(summary, context.locale) + '\n');
      return summary.state === 'failed' || summary.state === 'conflict' ? 1 : 0;
    });
  },
};

function badArgument(argument: string, given: string, zh: string, en: string) {
  return cliErrors.CLI_BAD_ARGUMENT({ argument, given, want: { zh, en } });
}
