import { describeApplication, parseApplicationReference } from '../batch-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { cliErrors } from '../../../shared/error-catalogue/cli';

const notScannableYet = { 'zh-CN': '（扫码索引未完成）', en: ' (look-ups being built, not scannable yet)' } as const;

export const statusCommand: CliCommand = {
  path: ['status'],
  usage: 'marketcode status <application_id|isv_application_id> [--json]',
  summary: { 'zh-CN': '查看一个申请的状态和码段', en: 'Show an application’s state and segments' },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const reference = positionals[0];
    if (!reference) throw cliErrors.CLI_MISSING_APPLICATION();
    return withApp(context, async (app) => {
      const detail = app.services.batches.detail(parseApplicationReference(reference));
      if (values.json) {
        context.io.stdout(JSON.stringify(detail) + '\n');
        return 0;
      }
      const lines = [describeApplication(detail.application, context.locale)];
      for (const segment of detail.segments) {
        const error = segment.error ? ` — ${segment.error.localized[context.locale].message}` : '';
        const scannable = segment.state === 'imported' && segment.indexed_at === null ? notScannableYet[context.locale] : '';
        lines.push(`  ${segment.code_start}–${segment.code_end}: ${segment.state}${scannable}${error}`);
      }
      context.io.stdout(lines.join('\n') + '\n');
      return 0;
    });
  },
};
