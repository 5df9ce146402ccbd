import type { ImportProgress } from '../../../shared/batches-contract';
import { createProgressLines, describeApplication, parseApplicationReference } from '../batch-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { parseLayoutOption } from './package';
import { cliErrors } from '../../../shared/error-catalogue/cli';

export const downloadCommand: CliCommand = {
  path: ['download'],
  usage: 'marketcode download <application_id|isv_application_id> [--layout extra,code,index,code_url|auto] [--json]',
  summary: { 'zh-CN': '等待生成完成，下载、解密并导入全部码段', en: 'Wait for FINISH, then download, decrypt and import every segment' },
  options: { json: { type: 'boolean' }, layout: { type: 'string' } },
  async run(context, values, positionals) {
    const reference = positionals[0];
    if (!reference) throw cliErrors.CLI_MISSING_APPLICATION();
    const columns = parseLayoutOption(values.layout);
    return withApp(context, async (app) => {
      // Saved for the account, like Settings → Connection → Package layout: later imports use it too.
      if (columns !== undefined) {
        await app.services.batches.setPackageLayout(columns, app.actorFor('batches.setPackageLayout'));
        // Segments refused under the old layout are read again under the new one.
        const application = app.services.batches.detail(parseApplicationReference(reference)).application;
        if (application.segments_failed > 0) app.services.batches.retry(application.isv_application_id, app.actorFor('batches.retry'));
      }
      const progressLine = createProgressLines(context.locale);
      const unsubscribe = app.events.subscribeAll((event, payload) => {
        if (event !== 'batches.progress') return;
        const line = progressLine(payload as ImportProgress);
        if (line !== undefined) context.io.stderr(line + '\n');
      });
      try {
        const summary = await app.services.batches.settle(parseApplicationReference(reference));
        context.io.stdout(values.json ? JSON.stringify(summary) + '\n' : describeApplication(summary, context.locale) + '\n');
        return summary.segments_failed > 0 ? 1 : 0;
      } finally {
        unsubscribe();
      }
    });
  },
};
