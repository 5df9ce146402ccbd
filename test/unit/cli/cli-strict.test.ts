/** The CLI's rough edges (issue 12, deliverable 9): --version, translated option errors, strict numbers, info's words. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { runCli } from '@main/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-cli-strict-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LANGS = { en: {}, 'zh-CN': { LANG: 'zh_CN.UTF-8' } } as const;

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

describe('--version', () => {
  it.each([[['--version']], [['--version', '--data-dir', dir]], [['info', '--version']]])(
    '%j prints the version, not the help',
    async (argv) => {
      const result = await run(argv);
      expect(result).toEqual({ code: 0, stdout: `Marketcode Station ${packageJson.version}\n`, stderr: '' });
    },
  );
});

describe("parseArgs' refusals, translated with the usage as hint (exit 2)", () => {
  it.each([
    ['en', ['info', '--bogus'], 'Unknown option --bogus.\nUsage: marketcode info [--json]\n'],
    ['zh-CN', ['info', '--bogus'], '未知选项 --bogus。\n用法：marketcode info [--json]\n'],
    ['en', ['info', '-x'], 'Unknown option -x.\nUsage: marketcode info [--json]\n'],
    ['en', ['info', '--json=yes'], '--json takes no value.\nUsage: marketcode info [--json]\n'],
    ['zh-CN', ['info', '--json=yes'], '--json 不带取值。\n用法：marketcode info [--json]\n'],
    [
      'en',
      ['apply', '--count'],
      '--count needs a value (a value starting with "-" is written --count=-…).\nUsage: marketcode apply --count N [--isv ID] [--label TEXT] [--json]\n',
    ],
    [
      'zh-CN',
      ['apply', '--count', '--json'],
      '--count 缺少取值（以“-”开头的取值请写成 --count=-…）。\n用法：marketcode apply --count N [--isv ID] [--label TEXT] [--json]\n',
    ],
  ] as const)('%s %j', async (lang, argv, stderr) => {
    const result = await run([...argv], LANGS[lang]);
    expect(result).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('strict whole numbers', () => {
  it.each(['1e5', '0x186A0', '100000.0', '+100000', ' 100000', '100000000000000000000'])(
    'apply --count %j is refused before anything is recorded',
    async (count) => {
      const en = await run(['apply', '--count', count, '--data-dir', dir]);
      expect(en.code).toBe(1);
      expect(en.stderr).toContain(
        `--count ${count} is invalid: it must be a multiple of 10,000 from 10,000 to 20,000,000, in plain digits.`,
      );
      const zh = await run(['apply', '--count', count, '--data-dir', dir], LANGS['zh-CN']);
      expect(zh.stderr).toContain(`--count ${count} 无效：须为 10,000 的整数倍`);
      // Refused before the ledger is even opened: the data directory still has none.
      const stats = await run(['ledger', 'stats', '--json', '--data-dir', dir]);
      expect(stats.stderr).toContain('There is no ledger');
    },
  );

  it.each([
    ['activate', '1e3', '--start', '0', '--end', '9', '--product', '6901234567892'],
    ['activate', '1', '--start', '0x10', '--end', '9', '--product', '6901234567892'],
    ['activate', '1', '--start', '0', '--end', '9.0', '--product', '6901234567892'],
    ['activate', '12345678901234567890', '--start', '0', '--end', '9', '--product', '6901234567892'],
    ['reconcile', '--adopt', '1e2'],
  ])('%s %s … refuses a number that is not plain digits or not exact', async (...argv) => {
    const result = await run([...argv, '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /is invalid: expected (a whole number from 0 to 9,007,199,254,740,991, in plain digits|a finding number in plain digits)/,
    );
  });

  it('download of an id beyond 2^53 names the id exactly as typed, never a rounded one', async () => {
    for (const [lang, env] of Object.entries(LANGS)) {
      const result = await run(['download', '12345678901234567890', '--data-dir', dir], env);
      expect(result.code, lang).toBe(1);
      expect(result.stderr, lang).toContain('12345678901234567890');
      expect(result.stderr, lang).not.toContain('12345678901234567000');
      expect(result.stderr, lang).not.toMatch(/1\.23456789\d*e\+?19/i);
    }
  });
});

describe('info', () => {
  it('--json uses snake_case, like ledger stats --json and the API', async () => {
    const result = await run(['info', '--json', '--data-dir', dir]);
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual([
      'data_dir',
      'hid',
      'live_credentials_set',
      'mode',
      'product_name',
      'system_locale',
      'version',
    ]);
    expect(info).toMatchObject({ product_name: 'Marketcode Station', mode: 'training', data_dir: dir, live_credentials_set: false });
  });

  it.each([
    ['en', 'Mode: Training\n'],
    ['zh-CN', '模式: 培训\n'],
  ] as const)('names the mode in words (%s), never the enum', async (lang, line) => {
    const result = await run(['info', '--data-dir', dir], LANGS[lang]);
    expect(result.stdout).toContain(line);
    expect(result.stdout).not.toMatch(/\btraining\b/);
  });
});
