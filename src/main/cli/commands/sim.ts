/**
 * `marketcode sim`: the embedded WeChat marketcode simulator in the
 * foreground, on 127.0.0.1, with the same state file Training mode uses
 * (`<dataDir>/training/simulator.sqlite`). Prints where it listens and the demo
 * credentials, then runs until SIGINT/SIGTERM.
 */
import type { Locale } from '../../../shared/errors';
import { startTrainingSimulator, trainingSimulatorDbPath } from '../../connection';
import { DEMO_ACCOUNT, PACKAGE_LAYOUTS, type PackageLayout, type RunningSimulator } from '../../simulator';
import type { CliCommand, CliContext } from '../command';
import { readWholeNumber } from '../whole-number';

export interface SimCliContext extends CliContext {
  /** Resolves when the simulator should stop; by default the first SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
}

/** What `waitForTerminationSignal` listens on; `process` in production. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Resolves with the first SIGINT or SIGTERM and then stops listening, so a
 * second Ctrl+C during shutdown ends the process the usual way.
 */
export function waitForTerminationSignal(source: SignalSource = process): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of STOP_SIGNALS) source.off(name, onSignal);
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) source.on(name, onSignal);
  });
}

const MAX_PORT = 65_535;
/** The same bound the simulator's admin API puts on the finish delay. */
const MAX_FINISH_DELAY_MS = 600_000;
const DEFAULT_FINISH_DELAY_MS = 1_500;
const DEFAULT_LAYOUT: PackageLayout = 'index_code_url';
const USAGE = `marketcode sim [--port N] [--layout ${PACKAGE_LAYOUTS.join('|')}] [--finish-delay MS] [--json]`;

interface SimOptions {
  port: number;
  layout: PackageLayout;
  finishDelayMs: number;
}

type Localized = Record<Locale, string>;

/** The options, or the translated reason they are wrong. */
function parseOptions(values: Record<string, string | boolean | undefined>, positionals: string[]): SimOptions | Localized {
  const [extra] = positionals;
  if (extra !== undefined) return { 'zh-CN': `多余的参数“${extra}”。`, en: `Unexpected argument "${extra}".` };

  const port = wholeNumber(values.port, 0, MAX_PORT);
  if (port === undefined) {
    const shown = String(values.port);
    return {
      'zh-CN': `--port 的值“${shown}”无效：应为 0 到 ${MAX_PORT} 的整数（0 表示任选一个空闲端口）。`,
      en: `Invalid --port "${shown}": expected a whole number from 0 to ${MAX_PORT} (0 picks any free port).`,
    };
  }

  const layout = values.layout ?? DEFAULT_LAYOUT;
  if (!isLayout(layout)) {
    const shown = String(layout);
    return {
      'zh-CN': `--layout 的值“${shown}”无效：应为 ${PACKAGE_LAYOUTS.join('、')} 之一。`,
      en: `Invalid --layout "${shown}": expected one of ${PACKAGE_LAYOUTS.join(', ')}.`,
    };
  }

  const finishDelayMs = wholeNumber(values['finish-delay'], DEFAULT_FINISH_DELAY_MS, MAX_FINISH_DELAY_MS);
  if (finishDelayMs === undefined) {
    const shown = String(values['finish-delay']);
    return {
      'zh-CN': `--finish-delay 的值“${shown}”无效：应为 0 到 ${MAX_FINISH_DELAY_MS} 之间的毫秒数（整数）。`,
      en: `Invalid --finish-delay "${shown}": expected whole milliseconds from 0 to ${MAX_FINISH_DELAY_MS}.`,
    };
  }
  return { port, layout, finishDelayMs };
}

/** `fallback` when absent; undefined unless the text is a whole number in [0, max]. */
function wholeNumber(value: string | boolean | undefined, fallback: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  const reading = readWholeNumber(value);
  return reading.ok && reading.value <= max ? reading.value : undefined;
}

function isLayout(value: unknown): value is PackageLayout {
  return (PACKAGE_LAYOUTS as readonly unknown[]).includes(value);
}

function startFailure(error: unknown, port: number): Localized {
  const code = error !== null && typeof error === 'object' ? Reflect.get(error, 'code') : undefined;
  if (code === 'EADDRINUSE') {
    return {
      'zh-CN': `无法在 127.0.0.1:${port} 上启动模拟器：该端口已被占用。\n请用 --port 换一个端口，或用 --port 0 任选一个空闲端口。`,
      en: `Could not start the simulator on 127.0.0.1:${port}: the port is already in use.\nChoose another port with --port, or --port 0 for any free port.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { 'zh-CN': `无法启动模拟器：${message}`, en: `Could not start the simulator: ${message}` };
}

function describeRunning(sim: RunningSimulator, options: SimOptions, dbPath: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const rows: [string, string][] = [
    [zh ? '地址' : 'URL', sim.baseUrl],
    ['AppID', DEMO_ACCOUNT.appid],
    ['AppSecret', DEMO_ACCOUNT.secret],
    [zh ? '码包密钥' : 'Service key', DEMO_ACCOUNT.serviceKey],
    [zh ? '码包格式' : 'Package layout', options.layout],
    [zh ? '生成耗时' : 'Finish delay', `${options.finishDelayMs} ${zh ? '毫秒' : 'ms'}`],
    [zh ? '管理接口' : 'Admin API', `${sim.baseUrl}/__admin/`],
    [zh ? '数据文件' : 'State', dbPath],
  ];
  const width = Math.max(...rows.map(([label]) => displayWidth(label))) + 2;
  const lines = rows.map(([label, value]) => `  ${label}${' '.repeat(width - displayWidth(label))}${value}`);
  const title = zh ? '微信一物一码模拟器（培训模式）已启动。' : 'WeChat marketcode simulator (Training mode) is running.';
  const footer = zh ? '按 Ctrl+C 停止。' : 'Press Ctrl+C to stop.';
  return [title, ...lines, footer].join('\n') + '\n';
}

/** Columns in a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
  return width;
}

export const simCommand: CliCommand = {
  path: ['sim'],
  usage: USAGE,
  summary: {
    'zh-CN': '在前台运行微信一物一码模拟器（培训模式，仅本机）',
    en: 'Run the WeChat marketcode simulator in the foreground (Training mode, this computer only)',
  },
  options: {
    port: { type: 'string' },
    layout: { type: 'string' },
    'finish-delay': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context: SimCliContext, values, positionals) {
    const { io, locale } = context;
    const parsed = parseOptions(values, positionals);
    if (!('port' in parsed)) {
      const zh = locale === 'zh-CN';
      io.stderr(`${zh ? '参数错误' : 'Invalid arguments'}: ${parsed[locale]}\n${zh ? '用法' : 'Usage'}: ${USAGE}\n`);
      return 2;
    }

    const dbPath = trainingSimulatorDbPath(context.dataDir);
    let sim: RunningSimulator;
    try {
      sim = await startTrainingSimulator(context.dataDir, {
        port: parsed.port,
        packageLayout: parsed.layout,
        finishDelayMs: parsed.finishDelayMs,
      });
    } catch (error) {
      io.stderr(`${startFailure(error, parsed.port)[locale]}\n`);
      return 1;
    }

    try {
      if (values.json) {
        io.stdout(
          JSON.stringify({
            url: sim.baseUrl,
            port: sim.port,
            appid: DEMO_ACCOUNT.appid,
            secret: DEMO_ACCOUNT.secret,
            service_key: DEMO_ACCOUNT.serviceKey,
            layout: parsed.layout,
            finish_delay_ms: parsed.finishDelayMs,
            admin_url: `${sim.baseUrl}/__admin/`,
            db_path: dbPath,
          }) + '\n',
        );
      } else {
        io.stdout(describeRunning(sim, parsed, dbPath, locale));
      }
      await (context.stopSignal ?? waitForTerminationSignal());
    } finally {
      await sim.close();
    }
    if (!values.json) io.stdout(locale === 'zh-CN' ? '模拟器已停止。\n' : 'Simulator stopped.\n');
    return 0;
  },
};
