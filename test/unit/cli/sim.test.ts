import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simCommand, waitForTerminationSignal, type SimCliContext } from '@main/cli/commands/sim';
import { trainingSimulatorDbPath as simulatorDbPath } from '@main/connection';
import type { Locale } from '@shared/errors';
import { DEMO_ACCOUNT, PACKAGE_LAYOUTS } from '@main/simulator';
import { createAppSecretTokenProvider, createMarketcodeClient } from '@main/wechat';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-sim-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with everything printed once the command has written its first output. */
  printed: Promise<string>;
  stop(): void;
  exitCode: Promise<number>;
}

/** Runs `marketcode sim <argv>` as runCli would parse it, with an injected stop signal. */
function sim(argv: string[], locale: Locale = 'en'): Started {
  const { values, positionals } = parseArgs({ args: argv, options: simCommand.options, allowPositionals: true, strict: true });
  let stdout = '';
  let stderr = '';
  let stop: () => void = () => {};
  let firstOutput: (text: string) => void = () => {};
  const printed = new Promise<string>((resolve) => {
    firstOutput = resolve;
  });
  const context: SimCliContext = {
    io: {
      stdout: (text) => {
        stdout += text;
        firstOutput(stdout);
      },
      stderr: (text) => {
        stderr += text;
        firstOutput(stderr);
      },
      env: {},
    },
    locale,
    dataDir: dir,
    stopSignal: new Promise<void>((resolve) => {
      stop = resolve;
    }),
  };
  const exitCode = simCommand.run(context, values as Record<string, string | boolean | undefined>, positionals);
  return { stdout: () => stdout, stderr: () => stderr, printed, stop: () => stop(), exitCode };
}

interface Printed {
  url: string;
  port: number;
  appid: string;
  secret: string;
  service_key: string;
  layout: string;
  finish_delay_ms: number;
  admin_url: string;
  db_path: string;
}

async function startedJson(argv: string[]): Promise<{ run: Started; info: Printed }> {
  const run = sim(['--json', ...argv]);
  const output = await run.printed;
  const lines = output.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return { run, info: JSON.parse(lines[0] ?? '') as Printed };
}

describe('marketcode sim', () => {
  it('--json prints one line; a real token + applycode works against it; it stops cleanly and keeps its state', async () => {
    const { run, info } = await startedJson(['--port', '0']);
    expect(info).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      port: expect.any(Number),
      appid: DEMO_ACCOUNT.appid,
      secret: DEMO_ACCOUNT.secret,
      service_key: DEMO_ACCOUNT.serviceKey,
      layout: 'index_code_url',
      finish_delay_ms: 1_500,
      admin_url: `${info.url}/__admin/`,
      db_path: simulatorDbPath(dir),
    });
    expect(info.db_path).toBe(join(dir, 'training', 'simulator.sqlite'));
    expect(existsSync(info.db_path)).toBe(true);

    const connect = (url: string) =>
      createMarketcodeClient({
        baseUrl: url,
        tokenProvider: createAppSecretTokenProvider({ baseUrl: url, appid: info.appid, secret: info.secret }),
      });
    const { application_id } = await connect(info.url).applyCode({ code_count: 10_000, isv_application_id: 'cli-sim-1' });
    const counters = (await (await fetch(`${info.admin_url}counters`)).json()) as { perEndpoint: Record<string, number> };
    expect(counters.perEndpoint).toEqual({ stable_token: 1, applycode: 1 });

    run.stop();
    await expect(run.exitCode).resolves.toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.stdout().trimEnd().split('\n')).toHaveLength(1);
    await expect(fetch(`${info.url}/cgi-bin/token`)).rejects.toThrow();

    // A second run on the same data directory sees the same application.
    const again = await startedJson(['--port', '0']);
    await expect(connect(again.info.url).applyCode({ code_count: 10_000, isv_application_id: 'cli-sim-1' })).resolves.toEqual({
      application_id,
    });
    again.run.stop();
    await expect(again.run.exitCode).resolves.toBe(0);
  });

  it('applies --layout and --finish-delay', async () => {
    const { run, info } = await startedJson(['--port', '0', '--layout', 'code_url_spaces', '--finish-delay', '0']);
    expect(info).toMatchObject({ layout: 'code_url_spaces', finish_delay_ms: 0 });
    const settings = (await (await fetch(`${info.admin_url}settings`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({ packageLayout: 'code_url_spaces', finishDelayMs: 0 });
    run.stop();
    await expect(run.exitCode).resolves.toBe(0);
  });

  it.each([
    ['en', 'WeChat marketcode simulator (Training mode) is running.', 'URL', 'Press Ctrl+C to stop.', 'Simulator stopped.'],
    ['zh-CN', '微信一物一码模拟器（培训模式）已启动。', '地址', '按 Ctrl+C 停止。', '模拟器已停止。'],
  ] as const)('prints the URL and the credentials for people (%s)', async (locale, title, urlLabel, footer, stopped) => {
    const run = sim(['--port', '0'], locale);
    const output = await run.printed;
    expect(output.startsWith(`${title}\n`)).toBe(true);
    expect(output).toMatch(new RegExp(`^  ${urlLabel} +http://127\\.0\\.0\\.1:\\d+$`, 'm'));
    for (const value of [DEMO_ACCOUNT.appid, DEMO_ACCOUNT.secret, DEMO_ACCOUNT.serviceKey, simulatorDbPath(dir)]) {
      expect(output).toContain(value);
    }
    expect(output.trimEnd().endsWith(footer)).toBe(true);
    run.stop();
    await expect(run.exitCode).resolves.toBe(0);
    expect(run.stdout().trimEnd().endsWith(stopped)).toBe(true);
  });

  it.each([
    [['--port', 'abc'], 'en', 'Invalid --port "abc"'],
    [['--port', '70000'], 'en', 'Invalid --port "70000"'],
    [['--port=-1'], 'en', 'Invalid --port "-1"'],
    [['--port', ''], 'en', 'Invalid --port ""'],
    [['--port', '8080.5'], 'en', 'Invalid --port "8080.5"'],
    [['--layout', 'csv'], 'en', `Invalid --layout "csv": expected one of ${PACKAGE_LAYOUTS.join(', ')}.`],
    [['--finish-delay', 'soon'], 'en', 'Invalid --finish-delay "soon"'],
    [['--finish-delay', '600001'], 'en', 'Invalid --finish-delay "600001"'],
    [['--finish-delay=-5'], 'en', 'Invalid --finish-delay "-5"'],
    [['--finish-delay', '1.5'], 'en', 'Invalid --finish-delay "1.5"'],
    [['extra'], 'en', 'Unexpected argument "extra".'],
    [['--port', 'abc'], 'zh-CN', '--port 的值“abc”无效'],
    [['--layout', 'csv'], 'zh-CN', `--layout 的值“csv”无效：应为 ${PACKAGE_LAYOUTS.join('、')} 之一。`],
    [['--finish-delay', 'x'], 'zh-CN', '--finish-delay 的值“x”无效'],
  ] as const)('%j (%s) is refused with exit code 2 and nothing started', async (argv, locale, message) => {
    const run = sim([...argv], locale);
    await expect(run.exitCode).resolves.toBe(2);
    expect(run.stderr()).toContain(message);
    expect(run.stderr()).toContain(locale === 'zh-CN' ? '用法: marketcode sim' : 'Usage: marketcode sim');
    expect(run.stdout()).toBe('');
    expect(existsSync(join(dir, 'training'))).toBe(false);
  });

  it('a port in use is a clear error with exit code 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = sim(['--port', String(port)]);
      await expect(run.exitCode).resolves.toBe(1);
      expect(run.stderr()).toContain(`127.0.0.1:${port}: the port is already in use`);
      const zh = sim(['--port', String(port)], 'zh-CN');
      await expect(zh.exitCode).resolves.toBe(1);
      expect(zh.stderr()).toContain('该端口已被占用');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('waitForTerminationSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('resolves on %s and stops listening to both signals', async (signal) => {
    const source = new EventEmitter();
    const waiting = waitForTerminationSignal(source);
    expect(source.listenerCount('SIGINT')).toBe(1);
    expect(source.listenerCount('SIGTERM')).toBe(1);
    source.emit(signal, signal);
    await expect(waiting).resolves.toBe(signal);
    expect(source.listenerCount('SIGINT')).toBe(0);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('marketcode sim in its own process', () => {
  const SCRIPT = `
const { simCommand } = await import(process.argv[1]);
const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };
process.exitCode = await simCommand.run({ io, locale: 'en', dataDir: process.argv[2] }, { json: true, port: '0' }, []);
`;

  it.each(['SIGINT', 'SIGTERM'] as const)('stops on a real %s, closes everything and exits 0', async (signal) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, join(process.cwd(), 'src/main/cli/commands/sim.ts'), dir],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await stopsCleanly();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    async function stopsCleanly(): Promise<void> {
      const info = await new Promise<Printed>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) resolve(JSON.parse(stdout) as Printed);
        });
        child.once('exit', () => reject(new Error(`exited before printing: ${stderr}`)));
      });
      const token = await fetch(`${info.url}/cgi-bin/token?grant_type=client_credential&appid=${info.appid}&secret=${info.secret}`);
      expect(await token.json()).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });

      child.kill(signal);
      // The exit code, not the signal: the command handled it and the event loop drained.
      await expect(exited).resolves.toEqual([0, null]);
      expect(stderr).toBe('');
      expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
