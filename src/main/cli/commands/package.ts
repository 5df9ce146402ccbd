import { batchErrors } from '../../../shared/error-catalogue/batches';
import { cliErrors } from '../../../shared/error-catalogue/cli';
import { parseColumnMapping, type ColumnRole } from '../../packages';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { describeInspection } from '../package-text';
import { wholeNumberArgument } from '../whole-number';

/** `--layout`: a mapping such as `extra,code,index,code_url`, `auto` (detect), or absent (the saved one). */
export function parseLayoutOption(value: string | boolean | undefined): ColumnRole[] | null | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.trim().toLowerCase() === 'auto') return null;
  const mapping = parseColumnMapping(value);
  if (!mapping) throw batchErrors.PACKAGE_LAYOUT_INVALID({ text: value });
  return mapping;
}

const USAGE = 'marketcode package inspect <file.b64 | application_id code_start> [--layout extra,code,index,code_url|auto] [--json]';

export const packageInspectCommand: CliCommand = {
  path: ['package', 'inspect'],
  usage: USAGE,
  summary: {
    'zh-CN': '解密一个码段的码包并显示其结构（数值已遮盖）和导入结论，不导入',
    en: "Decrypt a segment's package and show its structure (values masked) and the importer's verdict, without importing",
  },
  options: { layout: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const [first, second] = positionals;
    if (!first) {
      throw cliErrors.CLI_USAGE({
        problem: { en: 'Missing the package file or the segment.', 'zh-CN': '缺少码包文件或码段。' },
        hint: { en: `Usage: ${USAGE}`, 'zh-CN': `用法：${USAGE}` },
      });
    }
    const columns = parseLayoutOption(values.layout);
    return withApp(context, async (app) => {
      const batches = app.services.batches;
      const bySegment = second !== undefined && /^[0-9]+$/.test(first) && /^[0-9]+$/.test(second);
      const inspection = bySegment
        ? await batches.inspectSegment(
            wholeNumberArgument('application_id', first),
            wholeNumberArgument('code_start', second),
            app.actorFor('batches.inspectSegment'),
            columns,
          )
        : await batches.inspectFile(first, columns);
      context.io.stdout(values.json ? JSON.stringify(inspection) + '\n' : describeInspection(inspection, context.locale) + '\n');
      return inspection.verdict.ok ? 0 : 1;
    });
  },
};
