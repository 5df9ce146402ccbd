/**
 * Issue 13, the extra column in exports: a package with an extra column imported through the
 * simulator on 127.0.0.1 exports each code's kept extra values on request (Training-marked,
 * across segments and read chunks), an export without `extra` is written as before, and an
 * application without extras refuses the column before anything is written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { createPrintRunExporter, rowFormatter, headerLine, type ExportRequest, type PrintRunManifest } from '@main/batches/export';
import type { PackageLayout } from '@main/simulator';
import { AppError } from '@shared/errors';
import { composeBatchApp } from './helpers';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function importedApp(packageLayout: PackageLayout) {
  const handle = await composeBatchApp({ trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout } });
  cleanups.push(() => handle.dispose());
  const { app } = handle;
  const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
  const done = await app.services.batches.settle(isv_application_id);
  expect(done.state).toBe('imported');
  const out = mkdtempSync(join(tmpdir(), 'mc-export-extras-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  return { app, applicationId: done.application_id!, out };
}

const request = (applicationId: number, columns: ExportRequest['columns'], start = 9_990, end = 10_009): ExportRequest => ({
  application_id: applicationId,
  code_start: start,
  code_end: end,
  format: 'csv',
  columns,
  header: true,
  line_ending: 'crlf',
});

describe('the extra column of an export', () => {
  it.each([
    ['wechat_code_4col', /^8\d{11}$/],
    ['extra_trailing', /^L\d{5}$/],
  ] as const)('writes the kept extra value of each code of a %s package, Training-marked, across segments', async (layout, shape) => {
    const { app, applicationId, out } = await importedApp(layout);
    const simulator = app.services.connection.trainingSimulator()!;
    const kept = app.services.batches.store.codeExtras(applicationId, 9_990, 10_009);
    const exporter = createPrintRunExporter({ db: app.ledger, audit: createAuditLog(app.ledger), mode: 'training', chunkRows: 7 });
    const run = await exporter.exportRange(
      request(applicationId, ['index', 'extra', 'code_url']),
      join(out, 'extras.csv'),
      'supervisor:test',
    );

    expect(run.file_path).toBe(join(out, 'TRAINING-extras.csv'));
    expect(run.columns).toEqual(['index', 'extra', 'code_url']);
    const lines = readFileSync(run.file_path, 'utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('TRAINING,code_index,extra_1,code_url');
    expect(lines).toHaveLength(21);
    for (let index = 9_990; index <= 10_009; index++) {
      const [marker, written, extra, url] = lines[index - 9_989]!.split(',');
      expect([marker, written]).toEqual(['TRAINING', String(index)]);
      expect(extra).toMatch(shape);
      expect([extra]).toEqual(kept.get(index));
      expect(url).toBe(simulator.admin.codeOf({ application_id: applicationId, code_index: index }).code_url);
    }
    const manifest = JSON.parse(readFileSync(run.file_path + '.manifest.json', 'utf8')) as PrintRunManifest;
    expect(manifest).toMatchObject({ columns: ['index', 'extra', 'code_url'], extra_columns: 1, mode: 'training' });
    const entry = app.services.audit.list({}).find((item) => item.action === 'print_run.exported');
    expect(entry?.details).toMatchObject({ columns: ['index', 'extra', 'code_url'] });
  });

  it('leaves an export without extra as it was: no extra field, no extra_columns in the manifest', async () => {
    const { app, applicationId, out } = await importedApp('extra_trailing');
    const exporter = createPrintRunExporter({ db: app.ledger, audit: createAuditLog(app.ledger) });
    const run = await exporter.exportRange(request(applicationId, ['index', 'code', 'code_url'], 0, 2), join(out, 'plain.csv'), 'cli');
    const rows = app.ledger.prepare(
      'SELECT code_index, code, code_url FROM codes WHERE application_id = ? AND code_index <= 2 ORDER BY code_index',
    );
    const expected = (rows.all(applicationId) as { code_index: number; code: string; code_url: string }[])
      .map((row) => `${row.code_index},${row.code},${row.code_url}\r\n`)
      .join('');
    expect(readFileSync(run.file_path, 'utf8')).toBe('code_index,code,code_url\r\n' + expected);
    const manifest = JSON.parse(readFileSync(run.file_path + '.manifest.json', 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest)).not.toContain('extra_columns');
    expect(Object.keys(manifest)).not.toContain('mode');
  });

  it('refuses extra for an application whose package had no extra column, writing nothing', async () => {
    const { app, applicationId, out } = await importedApp('index_code_url');
    const exporter = createPrintRunExporter({ db: app.ledger, audit: createAuditLog(app.ledger) });
    const refused = await exporter
      .exportRange(request(applicationId, ['index', 'extra']), join(out, 'x.csv'), 'cli')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('EXPORT_EXTRA_UNAVAILABLE');
    expect((refused as AppError).localized['zh-CN'].message).toContain('没有额外列');
    expect(readdirSync(out)).toEqual([]);
    expect(exporter.printRuns(applicationId)).toEqual([]);
  });
});

describe('the extra fields of a line', () => {
  const row = { application_id: 1, code_index: 3, code: '700000003', code_url: 'P.URL.CN/0U.7000000000000003' };
  it.each([
    ['csv', ['a,b', 'c'], '3,"a,b",c,P.URL.CN/0U.7000000000000003\n'],
    ['csv', ['only'], '3,only,,P.URL.CN/0U.7000000000000003\n'],
    ['csv', undefined, '3,,,P.URL.CN/0U.7000000000000003\n'],
    ['txt', ['a b', 'c'], '3\ta b\tc\tP.URL.CN/0U.7000000000000003\n'],
  ] as const)('%s with %j keeps one field per extra column', (format, extras, line) => {
    const options = { format, columns: ['index', 'extra', 'code_url'] as const, line_ending: 'lf' as const, extraColumns: 2 };
    expect(rowFormatter(options)(row, extras)).toBe(line);
    expect(headerLine(options)).toBe(['code_index', 'extra_1', 'extra_2', 'code_url'].join(format === 'csv' ? ',' : '\t') + '\n');
  });

  it('refuses a tab inside an extra value in txt', () => {
    const format = rowFormatter({ format: 'txt', columns: ['extra'], line_ending: 'lf', extraColumns: 1 });
    expect(() => format(row, ['a\tb'])).toThrow(expect.objectContaining({ code: 'EXPORT_UNSAFE_VALUE' }) as Error);
  });
});
