import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-cli-batches-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

describe('batch commands', () => {
  it('demo: from an empty data dir, applies 100,000 codes, imports them and exports the first 10,000', async () => {
    const demo = await run(['demo', '--json']);
    expect(demo.stderr).toContain('Imported 100,000 codes');
    expect(demo.code).toBe(0);
    const summary = JSON.parse(demo.stdout) as {
      application_id: number;
      codes_imported: number;
      export: { file: string; count: number; sha256: string };
      audit_chain_intact: boolean;
    };
    expect(summary).toMatchObject({ codes_imported: 100_000, audit_chain_intact: true, export: { count: 10_000 } });
    const lines = readFileSync(summary.export.file, 'utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(10_001);
    // A Training export: marked in its name and on every line (docs/modes.md).
    expect(summary.export.file).toMatch(/[/\\]training[/\\]exports[/\\]TRAINING-demo-/);
    expect(lines[0]).toBe('TRAINING,code_index,code,code_url');
    expect(lines.every((line) => line.startsWith('TRAINING,'))).toBe(true);
    expect(existsSync(`${summary.export.file}.manifest.json`)).toBe(true);

    const stats = await run(['ledger', 'stats', '--json']);
    expect(JSON.parse(stats.stdout)).toEqual({
      codes: 100_000,
      applications: [
        {
          application_id: summary.application_id,
          isv_application_id: expect.stringMatching(/^MS-/),
          code_count: 100_000,
          status: 'imported',
          segments_imported: 2,
          segments_total: 2,
          codes: 100_000,
        },
      ],
    });
  });

  it('apply, status, download and export by application id, with the isv id chosen by the user', async () => {
    const applied = await run(['apply', '--count', '20000', '--isv', 'line3-2026-11', '--label', 'Line 3', '--json']);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ isv_application_id: 'line3-2026-11', code_count: 20_000, label: 'Line 3' });
    const again = await run(['apply', '--count', '20000', '--isv', 'line3-2026-11']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already used');

    const downloaded = await run(['download', 'line3-2026-11', '--json']);
    expect(downloaded.code).toBe(0);
    expect(downloaded.stderr).toContain('imported 20,000/20,000 (100%)');
    expect(downloaded.stderr).toContain('preparing the codes for scanning: 100%');
    const { application_id } = JSON.parse(downloaded.stdout) as { application_id: number };

    const status = await run(['status', String(application_id)]);
    expect(status.stdout).toContain('all codes imported; segments 1/1, 20,000 codes imported');

    const out = join(dir, 'run1.txt');
    const exported = await run([
      'export',
      String(application_id),
      '--start',
      '100',
      '--end',
      '199',
      '--format',
      'txt',
      '--columns',
      'code_url',
      '--line-ending',
      'lf',
      '--out',
      out,
    ]);
    expect(exported.code).toBe(0);
    // Training: the file lands under a TRAINING- name, every line led by the TRAINING field.
    expect(existsSync(out)).toBe(false);
    const lines = readFileSync(join(dir, 'TRAINING-run1.txt'), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(100);
    expect(lines.every((line) => /^TRAINING\t[A-Z0-9$%*+\-./:]{28}$/.test(line))).toBe(true);

    const audit = await run(['audit', 'verify', '--json']);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
  });

  it('explains bad input in Chinese when asked', async () => {
    const result = await run(['apply', '--count', '15000'], { LANG: 'zh_CN.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('须为 10,000 的整数倍');
    const missing = await run(['download'], { LANG: 'zh_CN.UTF-8' });
    expect(missing.stderr).toContain('缺少申请编号');
  });
});
