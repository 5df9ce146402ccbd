/**
 * `marketcode export --columns …,extra` on a data directory the composed app filled through the
 * simulator: the kept extra values are written (Training-marked), and an application whose
 * package had no extra column is refused with a translated message (exit 1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import type { PackageLayout } from '@main/simulator';
import { composeBatchApp } from '../batches/helpers';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function run(dir: string, argv: string[], lang: 'en' | 'zh-CN' = 'en') {
  let stdout = '';
  let stderr = '';
  const env = { MARKETCODE_LANG: lang };
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

async function importedDataDir(packageLayout: PackageLayout) {
  const handle = await composeBatchApp({ trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout } });
  cleanups.push(() => handle.dispose());
  const { app, dataDir } = handle;
  const { isv_application_id } = app.services.batches.apply({ code_count: 10_000 }, 'test');
  const summary = await app.services.batches.settle(isv_application_id);
  const extras = app.services.batches.store.codeExtras(summary.application_id!, 0, 2);
  await app.close();
  return { dataDir, applicationId: summary.application_id!, extras };
}

describe('marketcode export --columns with extra', () => {
  it('writes each code’s kept extra value after the columns asked before it', async () => {
    const { dataDir, applicationId, extras } = await importedDataDir('extra_trailing');
    const out = join(dataDir, 'lots.csv');
    const done = await run(dataDir, [
      'export',
      String(applicationId),
      '--start',
      '0',
      '--end',
      '2',
      '--out',
      out,
      '--columns',
      'index,extra',
      '--header',
      '--line-ending',
      'lf',
      '--json',
    ]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const printRun = JSON.parse(done.stdout) as { columns: string[]; file_path: string };
    expect(printRun.columns).toEqual(['index', 'extra']);
    expect(printRun.file_path).toBe(join(dataDir, 'TRAINING-lots.csv'));
    const lines = [0, 1, 2].map((index) => `TRAINING,${index},${extras.get(index)![0]!}\n`);
    expect(readFileSync(printRun.file_path, 'utf8')).toBe('TRAINING,code_index,extra_1\n' + lines.join(''));
  });

  it('refuses extra when the package had no extra column, in the user’s language', async () => {
    const { dataDir, applicationId } = await importedDataDir('index_code_url');
    const argv = [
      'export',
      String(applicationId),
      '--start',
      '0',
      '--end',
      '2',
      '--out',
      join(dataDir, 'x.csv'),
      '--columns',
      'code_url,extra',
    ];
    const en = await run(dataDir, argv);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(`Application ${applicationId} has no extra package columns`);
    expect(en.stderr).toContain('Leave out the extra column');
    const zh = await run(dataDir, argv, 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(`申请 ${applicationId} 的码包没有额外列`);
  });
});
