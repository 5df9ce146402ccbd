/**
 * `marketcode package inspect` on a kept failed package (values masked, the verdict and
 * what to do), by file and by segment, and `download --layout` saving the mapping for the
 * account. The ledger is prepared by the composed app on the same data directory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { openTrainingLedger } from '@main/modes';
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

/** A data directory holding one application whose only segment failed on an undetectable layout. */
async function failedSegment() {
  const handle = await composeBatchApp({
    trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout: 'short_wechat_code_4col' },
  });
  cleanups.push(() => handle.dispose());
  const { app, dataDir } = handle;
  const { isv_application_id } = app.services.batches.apply({ code_count: 10_000 }, 'test');
  const summary = await app.services.batches.settle(isv_application_id);
  const [segment] = app.services.batches.detail(isv_application_id).segments;
  const first = app.services.connection.trainingSimulator()!.admin.codeOf({ application_id: summary.application_id!, code_index: 0 });
  await app.close();
  return { dataDir, applicationId: summary.application_id!, keptPath: segment!.kept_buffer_path!, first };
}

describe('marketcode package inspect', () => {
  it('describes a kept failed package with its values masked, by file and by segment, in both languages', async () => {
    const { dataDir, applicationId, keptPath, first } = await failedSegment();
    const byFile = await run(dataDir, ['package', 'inspect', keptPath]);
    expect(byFile.code).toBe(1);
    expect(byFile.stdout).toContain(`Segment 0–9999 of application ${applicationId} (10000 codes expected)`);
    expect(byFile.stdout).toContain('10,000 lines');
    expect(byFile.stdout).toContain('Separator: tab');
    expect(byFile.stdout).toContain('Header: none');
    expect(byFile.stdout).toMatch(/SHA-256: [0-9a-f]{64}/);
    expect(byFile.stdout).toContain(
      'column 1: not identified; 9 characters, upper case, digits and $%*+-./:; e.g. W*******0  W*******1  W*******2',
    );
    expect(byFile.stdout).toMatch(
      /column 4: not identified; 28 characters, upper case, digits and \$%\*\+-\.\/:, contains \/; e\.g\. P\*{26}/,
    );
    expect(byFile.stdout).toContain('Verdict: refused.');
    expect(byFile.stdout).toContain('Package layout');
    expect(byFile.stdout).not.toContain(first.code);
    expect(byFile.stdout).not.toContain(first.code_url.slice(9));

    const zh = await run(dataDir, ['package', 'inspect', String(applicationId), '0'], 'zh-CN');
    expect(zh.stdout).toContain(`申请单 ${applicationId} 的码段 0–9999`);
    expect(zh.stdout).toContain('分隔符：制表符');
    expect(zh.stdout).toContain('结论：不能导入');
    expect(zh.stdout).not.toContain(first.code);

    const mapped = await run(dataDir, ['package', 'inspect', keptPath, '--layout', 'extra,code,index,code_url', '--json']);
    expect(mapped.code).toBe(0);
    const report = JSON.parse(mapped.stdout) as { verdict: unknown; structure: { columns: { role: string }[] } };
    expect(report.verdict).toEqual({ ok: true, layout: 'extra+code+index+url', count: 10_000 });
    expect(report.structure.columns.map((column) => column.role)).toEqual(['extra', 'code', 'index', 'code_url']);
    expect(mapped.stdout).not.toContain(first.code);
  });

  it('refuses a mapping that is none, and a file whose name does not say its segment', async () => {
    const { dataDir, keptPath } = await failedSegment();
    const bad = await run(dataDir, ['package', 'inspect', keptPath, '--layout', 'code,code']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not a package layout');
    const unnamed = await run(dataDir, ['package', 'inspect', `${dataDir}/no-such.b64`]);
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.stderr).toContain('cannot be read');
  });
});

describe('marketcode download --layout', () => {
  it('saves the mapping for the account (audited) and "auto" clears it', async () => {
    const handle = await composeBatchApp();
    cleanups.push(() => handle.dispose());
    const { isv_application_id } = handle.app.services.batches.apply({ code_count: 10_000 }, 'test');
    await handle.app.close();
    const done = await run(handle.dataDir, ['download', isv_application_id, '--layout', 'index,code,code_url', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ state: 'imported', codes_imported: 10_000 });
    const cleared = await run(handle.dataDir, ['download', isv_application_id, '--layout', 'auto']);
    expect(cleared.code).toBe(0);
    // Training's own ledger holds its account's mapping (docs/modes.md).
    const ledger = openTrainingLedger(handle.dataDir);
    try {
      const audit = ledger.prepare("SELECT details_json FROM audit_log WHERE action = 'package_layout.set' ORDER BY seq").pluck().all();
      expect(audit.map((details) => JSON.parse(details as string) as unknown)).toEqual([
        { columns: 'index,code,code_url' },
        { columns: null },
      ]);
      expect(ledger.prepare("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'package_layout.%'").get()).toEqual({ n: 0 });
    } finally {
      ledger.close();
    }
  });
});
