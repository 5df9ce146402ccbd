import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

describe('marketcode CLI', () => {
  it('info --json prints version, mode and the --data-dir', async () => {
    const result = await run(['info', '--json', '--data-dir', dir]);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ product_name: 'Marketcode Station', mode: 'training', data_dir: dir });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('takes the data directory from MARKETCODE_HOME', async () => {
    const result = await run(['info', '--json'], { MARKETCODE_HOME: dir });
    expect(JSON.parse(result.stdout)).toMatchObject({ data_dir: dir });
  });

  it('speaks Chinese when the locale says so', async () => {
    const result = await run(['info', '--data-dir', dir], { LANG: 'zh_CN.UTF-8' });
    expect(result.stdout).toContain('数据目录');
  });

  it('fails with usage on an unknown command or option', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
    const badOption = await run(['info', '--bogus', '--data-dir', dir]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('Usage: marketcode info');
  });

  it('runs as the installed bin', () => {
    const out = execFileSync(process.execPath, [join(process.cwd(), 'bin', 'marketcode.mjs'), 'info', '--json', '--data-dir', dir], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ data_dir: dir, mode: 'training' });
  });
});
