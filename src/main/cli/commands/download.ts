import type { ImportProgress } from '../../../shared/batches-contract';
import { createProgressLines, describeApplication, parseApplicationReference } from '../batch-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { cliErrors } from '../../../shared/error-catalogue/cli';

export const downloadCommand: CliCommand = {
  path: ['download'],
  usage: 'marketcode download <application_id|isv_application_id> [--json]',
  summary: { 'zh-CN': '等待生成完成，下载、解密并导入全部码段', en: 'Wait for FINISH, then download, decrypt and import every segment' },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const reference = positionals[0];
    if (!reference) throw cliErrors.CLI_MISSING_APPLICATION();
    return withApp(context, async (app) => {
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
