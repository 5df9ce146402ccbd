import { cliErrors } from '../../../shared/error-catalogue/cli';
/**
 * `marketcode supervisor setup|add|disable|list`. PINs come from environment
 * variables only (arguments end up in the shell history and in `ps`):
 * MARKETCODE_NEW_PIN is the PIN being set; MARKETCODE_SUPERVISOR +
 * MARKETCODE_PIN name the supervisor doing it.
 */
import type { Locale } from '../../../shared/errors';
import type { SupervisorStatus } from '../../../shared/supervisors-contract';
import { supervisorErrors } from '../../../shared/error-catalogue/supervisors';
import { NEW_PIN_VARIABLE, PIN_VARIABLE } from '../../supervisors';
import type { CliCommand, CliContext } from '../command';
import { withApp } from '../compose-for-cli';

function nameArgument(positionals: string[], usage: string): string {
  const [name, extra] = positionals;
  if (name === undefined || name.trim() === '' || extra !== undefined) {
    throw cliErrors.CLI_USAGE({
      problem:
        extra !== undefined
          ? { 'zh-CN': `多余的参数：${positionals.slice(1).join(' ')}`, en: `Unexpected arguments: ${positionals.slice(1).join(' ')}` }
          : { 'zh-CN': '缺少主管姓名。', en: 'Missing the supervisor’s name.' },
      hint: { 'zh-CN': `用法：${usage}`, en: `Usage: ${usage}` },
    });
  }
  return name;
}

function newPin(context: CliContext, fallback?: string): string {
  const pin = context.io.env[NEW_PIN_VARIABLE] ?? (fallback ? context.io.env[fallback] : undefined);
  if (!pin) throw supervisorErrors.CLI_PIN_MISSING({ variable: NEW_PIN_VARIABLE });
  return pin;
}

function describe(status: SupervisorStatus, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (status.supervisors.length === 0) {
    return (
      (zh
        ? '还没有主管。用 marketcode supervisor setup <姓名> 设置第一位。'
        : 'No supervisors yet. Set up the first with marketcode supervisor setup <name>.') + '\n'
    );
  }
  return (
    status.supervisors
      .map((supervisor) => `${supervisor.name}\t${supervisor.disabled ? (zh ? '已停用' : 'disabled') : zh ? '在用' : 'active'}`)
      .join('\n') + '\n'
  );
}

const SETUP_USAGE = 'marketcode supervisor setup <name>   (PIN in MARKETCODE_NEW_PIN)';
export const supervisorSetupCommand: CliCommand = {
  path: ['supervisor', 'setup'],
  usage: SETUP_USAGE,
  summary: {
    'zh-CN': '首次使用：设置第一位主管（PIN 码取自 MARKETCODE_NEW_PIN）',
    en: 'First run: set up the first supervisor (PIN from MARKETCODE_NEW_PIN)',
  },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const name = nameArgument(positionals, SETUP_USAGE);
    // On a first run nobody is acting yet, so MARKETCODE_PIN is accepted as the new PIN too.
    const pin = newPin(context, PIN_VARIABLE);
    return withApp(context, async (app) => {
      const status = await app.services.supervisors.setup(name, pin, app.actorFor('supervisor.setup'));
      const stored = status.supervisors[0]?.name ?? name;
      if (values.json) context.io.stdout(JSON.stringify(status) + '\n');
      else
        context.io.stdout(
          context.locale === 'zh-CN'
            ? `已设置主管“${stored}”。今后需要主管的命令请设置 MARKETCODE_SUPERVISOR 和 MARKETCODE_PIN。\n`
            : `Supervisor "${stored}" is set up. From now on, supervisor-only commands need MARKETCODE_SUPERVISOR and MARKETCODE_PIN.\n`,
        );
      return 0;
    });
  },
};

const ADD_USAGE = 'marketcode supervisor add <name>   (MARKETCODE_SUPERVISOR + MARKETCODE_PIN, new PIN in MARKETCODE_NEW_PIN)';
export const supervisorAddCommand: CliCommand = {
  path: ['supervisor', 'add'],
  usage: ADD_USAGE,
  summary: {
    'zh-CN': '添加一位主管（需主管身份；新 PIN 码取自 MARKETCODE_NEW_PIN）',
    en: 'Add a supervisor (needs a supervisor; the new PIN from MARKETCODE_NEW_PIN)',
  },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const name = nameArgument(positionals, ADD_USAGE);
    const pin = newPin(context);
    return withApp(context, async (app) => {
      const status = await app.services.supervisors.add(name, pin, app.actorFor('supervisor.add'));
      if (values.json) context.io.stdout(JSON.stringify(status) + '\n');
      else context.io.stdout(context.locale === 'zh-CN' ? `已添加主管“${name.trim()}”。\n` : `Supervisor "${name.trim()}" added.\n`);
      return 0;
    });
  },
};

const DISABLE_USAGE = 'marketcode supervisor disable <name>   (MARKETCODE_SUPERVISOR + MARKETCODE_PIN)';
export const supervisorDisableCommand: CliCommand = {
  path: ['supervisor', 'disable'],
  usage: DISABLE_USAGE,
  summary: { 'zh-CN': '停用一位主管（需主管身份）', en: 'Disable a supervisor (needs a supervisor)' },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const name = nameArgument(positionals, DISABLE_USAGE);
    return withApp(context, async (app) => {
      const status = app.services.supervisors.disable(name, app.actorFor('supervisor.disable'));
      if (values.json) context.io.stdout(JSON.stringify(status) + '\n');
      else context.io.stdout(context.locale === 'zh-CN' ? `已停用主管“${name.trim()}”。\n` : `Supervisor "${name.trim()}" disabled.\n`);
      return 0;
    });
  },
};

export const supervisorListCommand: CliCommand = {
  path: ['supervisor', 'list'],
  usage: 'marketcode supervisor list [--json]',
  summary: { 'zh-CN': '列出主管及其状态', en: 'List the supervisors and whether each is active' },
  options: { json: { type: 'boolean' } },
  run: (context, values) =>
    withApp(context, async (app) => {
      const { setupNeeded, supervisors } = app.services.supervisors.status();
      context.io.stdout(
        values.json ? JSON.stringify({ setupNeeded, supervisors }) + '\n' : describe(app.services.supervisors.status(), context.locale),
      );
      return 0;
    }),
};

const CHANGE_PIN_USAGE =
  'marketcode supervisor change-pin <name>   (MARKETCODE_SUPERVISOR + MARKETCODE_PIN; old PIN in MARKETCODE_PIN, new in MARKETCODE_NEW_PIN)';
/** The one supervisor command a PIN shorter than six digits may still run: choosing a longer one. */
export const supervisorChangePinCommand: CliCommand = {
  path: ['supervisor', 'change-pin'],
  usage: CHANGE_PIN_USAGE,
  summary: {
    'zh-CN': '修改主管的 PIN 码（旧 PIN 码取自 MARKETCODE_PIN，新 PIN 码取自 MARKETCODE_NEW_PIN）',
    en: 'Change a supervisor’s PIN (old PIN from MARKETCODE_PIN, new PIN from MARKETCODE_NEW_PIN)',
  },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const name = nameArgument(positionals, CHANGE_PIN_USAGE);
    const oldPin = context.io.env[PIN_VARIABLE];
    if (!oldPin) throw supervisorErrors.CLI_PIN_MISSING({ variable: PIN_VARIABLE });
    const pin = newPin(context);
    return withApp(context, async (app) => {
      const status = await app.services.supervisors.changePin(name, oldPin, pin, app.actorFor('supervisor.changePin'));
      if (values.json) context.io.stdout(JSON.stringify(status) + '\n');
      else
        context.io.stdout(
          context.locale === 'zh-CN' ? `已修改主管“${name.trim()}”的 PIN 码。\n` : `The PIN of supervisor "${name.trim()}" is changed.\n`,
        );
      return 0;
    });
  },
};

export const supervisorCommands: CliCommand[] = [
  supervisorSetupCommand,
  supervisorAddCommand,
  supervisorDisableCommand,
  supervisorChangePinCommand,
  supervisorListCommand,
];
