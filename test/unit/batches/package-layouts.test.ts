/**
 * Issue 13 end to end through the simulator on 127.0.0.1: every package layout from
 * practice imports; the undetectable one fails with its package kept, `inspect` diagnoses
 * it with masked values, and the column mapping set by hand for the account imports it.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_LAYOUTS, type PackageLayout } from '@main/simulator';
import type { PackageInspectionInfo } from '@shared/package-contract';
import { codeCount, composeBatchApp } from './helpers';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function appWithLayout(packageLayout: PackageLayout) {
  const handle = await composeBatchApp({ trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout } });
  cleanups.push(() => handle.dispose());
  return handle.app;
}

const DETECTED: Partial<Record<PackageLayout, string>> = {
  wechat_code_4col: 'extra+code+index+url',
  header_index_code_url: 'index+code+url',
  header_4col: 'extra+code+index+url',
  semicolons: 'index+code+url',
  extra_trailing: 'index+code+url+extra',
};

describe('packages of the layouts from practice, through the simulator', () => {
  it.each(Object.keys(DETECTED) as PackageLayout[])('imports the %s layout whole, extras and header kept', async (layout) => {
    const app = await appWithLayout(layout);
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    const done = await app.services.batches.settle(isv_application_id);
    expect(done).toMatchObject({ state: 'imported', codes_imported: 20_000 });
    expect(codeCount(app, done.application_id!)).toBe(20_000);
    const segments = app.services.batches.detail(isv_application_id).segments;
    expect(segments.map((segment) => segment.layout)).toEqual([DETECTED[layout], DETECTED[layout]]);
    const simulator = app.services.connection.trainingSimulator()!;
    const expected = simulator.admin.codeOf({ application_id: done.application_id!, code_index: 12_345 });
    const row = app.ledger
      .prepare('SELECT code, code_url FROM codes WHERE application_id = ? AND code_index = 12345')
      .get(done.application_id);
    expect(row).toEqual(expected);
    const extras = app.services.batches.store.codeExtras(done.application_id!, 0, 19_999);
    expect(extras.size).toBe(layout.includes('4col') || layout === 'extra_trailing' ? 20_000 : 0);
    const header = app.ledger.prepare('SELECT DISTINCT header FROM segments WHERE application_id = ?').all(done.application_id);
    expect(header).toEqual([
      { header: layout.startsWith('header') ? (layout === 'header_4col' ? '微信码,原始码,索引,二维码' : '索引,原始码,二维码') : null },
    ]);
  });

  it('lists every simulator layout in this test or in batch-service.test.ts', () => {
    const elsewhere = ['url', 'index_code_url', 'code_url_spaces', 'short_wechat_code_4col'];
    expect([...Object.keys(DETECTED), ...elsewhere].sort()).toEqual([...PACKAGE_LAYOUTS].sort());
  });

  it('an undetectable layout fails with its package kept; inspect diagnoses it masked; the mapping set by hand imports it', async () => {
    const app = await appWithLayout('short_wechat_code_4col');
    const batches = app.services.batches;
    const { isv_application_id } = batches.apply({ code_count: 10_000 }, 'test');
    expect(await batches.settle(isv_application_id)).toMatchObject({ segments_failed: 1, codes_imported: 0 });
    const [segment] = batches.detail(isv_application_id).segments;
    expect(segment).toMatchObject({ state: 'failed', error: { code: 'PACKAGE_LAYOUT_UNDETECTED' } });
    expect(segment!.kept_buffer_path && existsSync(segment!.kept_buffer_path)).toBeTruthy();
    const applicationId = batches.detail(isv_application_id).application.application_id!;

    const inspection = await app.dispatch('batches.inspectSegment', { application_id: applicationId, code_start: 0 });
    expect(inspection.ok).toBe(true);
    if (!inspection.ok) return;
    const report = inspection.data as PackageInspectionInfo;
    expect(report.structure).toMatchObject({ lines: 10_000, separator: 'tab', header: null, lineEnding: 'lf' });
    expect(report.structure!.columns.map((column) => [column.minLength, column.maxLength, column.characters])).toEqual([
      [9, 9, 'qr'],
      [9, 9, 'digits'],
      [1, 2, 'digits'], // measured over the first 50 lines
      [28, 28, 'qr'],
    ]);
    expect(report.structure!.columns[0]!.examples).toEqual(['W*******0', 'W*******1', 'W*******2']);
    expect(report.structure!.columns[3]!.examples.every((value) => /^P\*{26}[0-9A-Z]$/.test(value))).toBe(true);
    expect(report.verdict).toMatchObject({ ok: false, error: { code: 'PACKAGE_LAYOUT_UNDETECTED', details: { line: 1 } } });
    // No code or code_url of the package appears anywhere in the report.
    const simulator = app.services.connection.trainingSimulator()!;
    const first = simulator.admin.codeOf({ application_id: applicationId, code_index: 0 });
    expect(JSON.stringify(report)).not.toContain(first.code);
    expect(JSON.stringify(report)).not.toContain(first.code_url.slice(9));

    const saved = await app.dispatch('batches.setPackageLayout', { columns: ['extra', 'code', 'index', 'code_url'] });
    expect(saved).toMatchObject({ ok: true, data: { account: 'training', columns: ['extra', 'code', 'index', 'code_url'] } });
    expect(app.services.audit.list({}).some((entry) => entry.action === 'package_layout.set')).toBe(true);
    const again = await batches.inspectSegment(applicationId, 0, 'supervisor:王工');
    expect(again.verdict).toEqual({ ok: true, layout: 'extra+code+index+url', count: 10_000 });

    batches.retry(isv_application_id, 'supervisor:test');
    const done = await batches.settle(isv_application_id);
    expect(done).toMatchObject({ state: 'imported', codes_imported: 10_000 });
    const row = app.ledger.prepare('SELECT code, code_url FROM codes WHERE application_id = ? AND code_index = 0').get(applicationId);
    expect(row).toEqual(first);
    expect(batches.store.codeExtras(applicationId, 0, 0).get(0)).toEqual(['W00000000']);
    const bad = await app.dispatch('batches.setPackageLayout', { columns: ['code', 'code'] });
    expect(bad.ok).toBe(false);
  });
});
