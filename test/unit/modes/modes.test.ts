import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { exportResultSchema } from '@shared/batches-contract';
import { createPrintRunExporter } from '@main/batches/export';
import { trainingSeedPath, trainingSimulatorDbPath } from '@main/connection';
import { openDatabase } from '@main/ledger';
import { modeFolder } from '@main/modes';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';
import { composeBatchApp } from '../batches/helpers';

const LIVE: SimulatorAccount = { appid: 'wx5555666677778888', secret: 'live-secret-modes', serviceKey: 'LiveServiceKey!!' };
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function trainingApp(dataDir?: string) {
  const handle = await composeBatchApp({}, dataDir);
  cleanups.push(() => handle.dispose());
  return handle;
}

/** The isv ids the Training simulator has been asked for. */
function simulatorIsvIds(dataDir: string): string[] {
  const path = trainingSimulatorDbPath(dataDir);
  if (!existsSync(path)) return [];
  const db = openDatabase(path, { readonly: true });
  try {
    return db.prepare('SELECT isv_application_id FROM applications').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('one mode per ledger', () => {
  it('an application queued in Live while offline is untouched by Training and back: not sent to the simulator, not listed, not filled', async () => {
    // A Live service that is down: its port refuses connections.
    const service: RunningSimulator = await startSimulator({ accounts: [LIVE], finishDelayMs: 0 });
    await service.close();
    const { app, dataDir } = await trainingApp();
    app.start();
    const save = (mode: 'live' | 'training') =>
      app.dispatch('connection.save', {
        mode,
        credentialKind: 'secret',
        appid: LIVE.appid,
        appSecret: LIVE.secret,
        serviceKey: LIVE.serviceKey,
        baseUrl: service.baseUrl,
      });
    expect(await save('live')).toMatchObject({ ok: true });
    expect(app.mode()).toBe('live');
    const queued = app.services.batches.apply({ code_count: 10_000, label: 'live, offline' }, 'supervisor:test');
    await until(() => app.services.batches.detail(queued.isv_application_id).application.last_error !== null, 'a failed Live attempt');

    expect(await save('training')).toMatchObject({ ok: true });
    expect(app.mode()).toBe('training');
    await app.modeSettled();
    // Training's worker runs (it fills its own application) but never sees the Live one.
    const training = app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
    await app.services.batches.settle(training.isv_application_id);
    const listed = await app.dispatch('batches.list', {});
    expect(listed).toMatchObject({ ok: true });
    const isvIds = (listed as { ok: true; data: { isv_application_id: string }[] }).data.map((row) => row.isv_application_id);
    expect(isvIds).toEqual([training.isv_application_id]);
    expect(await app.dispatch('batches.get', { isv_application_id: queued.isv_application_id })).toMatchObject({
      ok: false,
      error: { code: 'APPLICATION_NOT_FOUND' },
    });
    expect(simulatorIsvIds(dataDir)).toEqual([training.isv_application_id]);

    expect(await save('live')).toMatchObject({ ok: true });
    await app.modeSettled();
    const back = app.services.batches.detail(queued.isv_application_id);
    expect(back.application).toMatchObject({ state: 'applying', application_id: null, codes_imported: 0 });
    expect(back.segments).toEqual([]);
    expect(app.services.batches.list().map((row) => row.isv_application_id)).toEqual([queued.isv_application_id]);
    expect(simulatorIsvIds(dataDir)).toEqual([training.isv_application_id]);
  });

  it('a Training activation queued at the switch is never sent to Live, by the new part or by the old one; back in Training it goes out', async () => {
    const service: RunningSimulator = await startSimulator({ accounts: [LIVE], finishDelayMs: 0 });
    cleanups.push(() => service.close());
    const { app } = await trainingApp();
    const applied = app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
    const { application_id } = await app.services.batches.settle(applied.isv_application_id);
    app.services.products.seedDemoProducts('system');
    const demo = app.services.products.list({})[0]!.product_code;
    // Not started: the outbox has not run, so the activation is still queued when the mode changes.
    const queued = app.services.activations.create(
      { application_id: application_id!, code_start: 0, code_end: 99, product_code: demo },
      'supervisor:test',
    );
    const oldOutbox = app.outbox;
    const live = {
      credentialKind: 'secret',
      appid: LIVE.appid,
      appSecret: LIVE.secret,
      serviceKey: LIVE.serviceKey,
      baseUrl: service.baseUrl,
    } as const;
    expect(await app.dispatch('connection.save', { mode: 'live', ...live })).toMatchObject({ ok: true });
    // The old part's sender, had it been mid-step, finds no connection: it waits instead of sending.
    expect(await oldOutbox.step()).toBe('waiting');
    app.start();
    await app.modeSettled();
    expect(app.services.activations.list(application_id!)).toEqual([]);
    await app.outbox.step();
    expect(service.admin.counters().perEndpoint.codeactive ?? 0).toBe(0);

    expect(await app.dispatch('connection.save', { mode: 'training', credentialKind: 'secret' })).toMatchObject({ ok: true });
    await app.modeSettled();
    await until(() => app.services.activations.list(application_id!)[0]?.state === 'active', 'the Training activation sent');
    expect(app.services.activations.list(application_id!).map((row) => row.id)).toEqual([queued.id]);
    expect(service.admin.counters().perEndpoint.codeactive ?? 0).toBe(0);
  });

  it('a Training export is marked in its file name, on every line the printer reads, and in its manifest; it lands in the training folder', async () => {
    const { app, dataDir } = await trainingApp();
    const applied = app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
    const settled = await app.services.batches.settle(applied.isv_application_id);
    const request = {
      application_id: settled.application_id!,
      code_start: 0,
      code_end: 2,
      format: 'csv' as const,
      columns: ['index', 'code', 'code_url'] as ('index' | 'code' | 'code_url')[],
      header: true,
      line_ending: 'lf' as const,
    };
    const envelope = await app.dispatch('batches.export', request);
    expect(envelope).toMatchObject({ ok: true });
    const run = (envelope as { ok: true; data: z.infer<typeof exportResultSchema> }).data.print_run!;
    expect(basename(run.file_path)).toMatch(/^TRAINING-codes-/);
    expect(dirname(run.file_path)).toBe(join(modeFolder(dataDir, 'training'), 'exports'));
    const lines = readFileSync(run.file_path, 'utf8').split('\n').filter(Boolean);
    expect(lines[0]).toBe('TRAINING,code_index,code,code_url');
    expect(lines.slice(1)).toHaveLength(3);
    for (const [index, line] of lines.slice(1).entries()) expect(line).toMatch(new RegExp(`^TRAINING,${index},\\w{9},`));
    const manifest = JSON.parse(readFileSync(`${run.file_path}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ mode: 'training', file: basename(run.file_path), file_sha256: run.file_sha256 });

    // A path chosen by hand (a save dialog, the CLI's --out) gets the prefix too.
    const exporter = createPrintRunExporter({ db: app.ledger, audit: app.services.audit, mode: app.mode() });
    const byHand = await exporter.exportRange(
      { ...request, code_start: 3, code_end: 3, header: false },
      join(dataDir, 'my-run.csv'),
      'supervisor:test',
    );
    expect(byHand.file_path).toBe(join(dataDir, 'TRAINING-my-run.csv'));
    expect(existsSync(join(dataDir, 'my-run.csv'))).toBe(false);
    expect(readFileSync(byHand.file_path, 'utf8')).toMatch(/^TRAINING,3,/);
  });

  it('two fresh data directories get different Training seeds, application ids and export hashes', async () => {
    const runs = [];
    for (let pc = 0; pc < 2; pc++) {
      const { app, dataDir } = await trainingApp();
      const applied = app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
      const settled = await app.services.batches.settle(applied.isv_application_id);
      const envelope = await app.dispatch('batches.export', {
        application_id: settled.application_id!,
        code_start: 0,
        code_end: 99,
        format: 'csv',
        columns: ['index', 'code', 'code_url'],
        header: false,
        line_ending: 'crlf',
      });
      const run = (envelope as { ok: true; data: z.infer<typeof exportResultSchema> }).data.print_run!;
      runs.push({
        seed: readFileSync(trainingSeedPath(dataDir), 'utf8').trim(),
        applicationId: settled.application_id,
        sha: run.file_sha256,
      });
    }
    expect(runs[0]!.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(runs[0]!.seed).not.toBe(runs[1]!.seed);
    expect(runs[0]!.applicationId).not.toBe(runs[1]!.applicationId);
    expect(runs[0]!.sha).not.toBe(runs[1]!.sha);
  });

  it('keeps the seed of a data directory across restarts, so its Training codes stay the same', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mc-modes-seed-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await composeBatchApp({}, dataDir);
    const applied = first.app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
    const settled = await first.app.services.batches.settle(applied.isv_application_id);
    const seed = readFileSync(trainingSeedPath(dataDir), 'utf8');
    await first.dispose(true);
    const second = await composeBatchApp({}, dataDir);
    cleanups.push(() => second.app.close());
    expect(second.app.services.batches.detail(applied.isv_application_id).application.application_id).toBe(settled.application_id);
    const next = second.app.services.batches.apply({ code_count: 10_000 }, 'supervisor:test');
    await second.app.services.batches.settle(next.isv_application_id);
    expect(readFileSync(trainingSeedPath(dataDir), 'utf8')).toBe(seed);
  });
});
