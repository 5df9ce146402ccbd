import type { Repair } from '../../../shared/reconcile-contract';
import { cliErrors } from '../../../shared/error-catalogue/cli';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { describeFinding, describeNoFindings, describeRun } from '../reconcile-text';
import { readWholeNumber } from '../whole-number';

const REPAIR_OPTIONS: [Repair, string][] = [
  ['adopt', 'adopt'],
  ['resend', 'resend'],
  ['investigated', 'investigated'],
];

/**
 * `marketcode reconcile`: asks WeChat and lists what differs (exit 0 when nothing is open and the run
 * asked everything, 1 otherwise); with a repair flag, applies that repair to one finding instead.
 */
export const reconcileCommand: CliCommand = {
  path: ['reconcile'],
  usage: 'marketcode reconcile [--json] [--adopt ID|--resend ID|--investigated ID --note TEXT]',
  summary: {
    'zh-CN': '与微信对账：列出账本与微信不一致的激活，并可选择处理方式',
    en: 'Reconcile with WeChat: list where the ledger and WeChat differ, and repair a finding',
  },
  options: {
    json: { type: 'boolean' },
    adopt: { type: 'string' },
    resend: { type: 'string' },
    investigated: { type: 'string' },
    note: { type: 'string' },
  },
  async run(context, values) {
    const chosen = REPAIR_OPTIONS.filter(([, flag]) => values[flag] !== undefined);
    if (chosen.length > 1) {
      throw cliErrors.CLI_BAD_ARGUMENT({
        argument: '--adopt/--resend/--investigated',
        given: chosen.map(([, flag]) => `--${flag}`).join(' '),
        want: { zh: '只选一种处理方式', en: 'one repair at a time' },
      });
    }
    const note = typeof values.note === 'string' ? values.note.trim() : undefined;
    if (note !== undefined && (note.length === 0 || note.length > 500)) {
      throw cliErrors.CLI_BAD_ARGUMENT({
        argument: '--note',
        given: note.slice(0, 40),
        want: { zh: '1–500 个字符的说明', en: 'a note of 1–500 characters' },
      });
    }
    return withApp(context, async (app) => {
      const [repair] = chosen[0] ?? [];
      if (repair) {
        const id = findingId(`--${repair}`, values[repair]);
        const finding = app.services.reconcile.resolve({ id, repair, ...(note ? { note } : {}) }, app.actorFor('reconcile.resolve'));
        context.io.stdout(values.json ? JSON.stringify(finding) + '\n' : describeFinding(finding, context.locale) + '\n');
        return 0;
      }
      const report = await app.services.reconcile.run('manual', app.actorFor('reconcile.run'));
      if (values.json) {
        context.io.stdout(JSON.stringify(report) + '\n');
      } else {
        const lines = [report.run ? describeRun(report.run, context.locale) : ''];
        lines.push(
          report.open.length === 0
            ? describeNoFindings(context.locale)
            : report.open.map((finding) => describeFinding(finding, context.locale)).join('\n'),
        );
        context.io.stdout(lines.join('\n') + '\n');
      }
      return report.open.length === 0 && report.run?.outcome === 'complete' ? 0 : 1;
    });
  },
};

function findingId(flag: string, text: unknown): number {
  const reading = readWholeNumber(typeof text === 'string' ? text : undefined);
  if (!reading.ok)
    throw cliErrors.CLI_BAD_ARGUMENT({
      argument: flag,
      given: String(text ?? ''),
      want: { zh: '差异编号（只用数字书写的整数）', en: 'a finding number in plain digits' },
    });
  return reading.value;
}
