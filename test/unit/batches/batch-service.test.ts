import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type PackageLayout, type RunningSimulator, type SimulatorAccount } from '@main/simulator';
import type { ApplicationSummary, ImportProgress } from '@shared/batches-contract';
import { createImportThread } from '@main/batches/import-thread';
import { LedgerThreadClosedError, LedgerThreadStoppedError } from '@main/threads';
import { codeCount, composeBatchApp } from './helpers';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function batchApp(...args: Parameters<typeof composeBatchApp>) {
  const handle = await composeBatchApp(...args);
  cleanups.push(() => handle.dispose());
  return handle;
}

describe('batches: apply, wait, download, import', () => {
  it('imports every code of an application, in segments, with progress and an intact audit chain', async () => {
    const { app } = await batchApp();
    const progress: ImportProgress[] = [];
    app.events.subscribeAll((event, payload) => {
      if (event === 'batches.progress') progress.push(payload as ImportProgress);
    });
    const applied = await app.dispatch('batches.apply', { code_count: 30_000, label: '橙味汽水 三月' });
    expect(applied.ok).toBe(true);
    const { isv_application_id, state } = (applied as { data: ApplicationSummary }).data;
    expect(isv_application_id).toMatch(/^MS-\d{8}-[0-9A-F]{12}$/);
    expect(state).toBe('applying');

    const done = await app.services.batches.settle(isv_application_id);
    expect(done).toMatchObject({
      state: 'imported',
      code_count: 30_000,
      segments_total: 3,
      segments_imported: 3,
      codes_imported: 30_000,
      label: '橙味汽水 三月',
    });
    expect(codeCount(app, done.application_id!)).toBe(30_000);
    expect(progress.at(-1)).toMatchObject({ codes_imported: 30_000, code_count: 30_000, seconds_left: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(3);

    const detail = app.services.batches.detail(isv_application_id);
    expect(detail.segments.map((segment) => [segment.code_start, segment.code_end, segment.state])).toEqual([
      [0, 9_999, 'imported'],
      [10_000, 19_999, 'imported'],
      [20_000, 29_999, 'imported'],
    ]);
    expect(detail.segments.every((segment) => /^[0-9a-f]{64}$/.test(segment.plaintext_sha256 ?? ''))).toBe(true);

    const audit = app.services.audit;
    expect(audit.verify()).toMatchObject({ ok: true });
    const actions = audit
      .list({})
      .map((entry) => entry.action)
      .filter((action) => action.startsWith('application.') || action.startsWith('segment.'));
    expect(actions).toEqual([
      'application.requested',
      'application.applied',
      'application.finished',
      'segment.imported',
      'segment.imported',
      'segment.imported',
      'application.indexed',
      'application.imported',
    ]);
  });

  it('makes the codes scannable only once the whole application is in the look-ups', async () => {
    const { app } = await batchApp();
    const progress: ImportProgress[] = [];
    app.events.subscribeAll((event, payload) => {
      if (event === 'batches.progress') progress.push(payload as ImportProgress);
    });
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    const done = await app.services.batches.settle(isv_application_id);
    expect(done).toMatchObject({ state: 'imported', segments_imported: 2, segments_indexed: 2 });
    expect(app.services.batches.detail(isv_application_id).segments.every((segment) => segment.indexed_at !== null)).toBe(true);

    const phases = progress.map((event) => event.phase);
    expect(phases.indexOf('indexing')).toBeGreaterThan(phases.lastIndexOf('importing'));
    expect(progress.at(-1)).toMatchObject({ phase: 'indexing', indexed_percent: 100, seconds_left: 0 });

    const sample = app.ledger
      .prepare('SELECT code, code_url, code_index FROM codes WHERE application_id = ? AND code_index = 12345')
      .get(done.application_id) as { code: string; code_url: string; code_index: number };
    const lookups = app.ledger.prepare(
      `SELECT (SELECT code_index FROM code_lookup WHERE code = ?) AS by_code, (SELECT code_index FROM code_url_lookup WHERE code_url = ?) AS by_url,
              (SELECT COUNT(*) FROM code_lookup) AS codes, (SELECT COUNT(*) FROM code_url_lookup) AS urls`,
    );
    expect(lookups.get(sample.code, sample.code_url)).toEqual({ by_code: 12_345, by_url: 12_345, codes: 20_000, urls: 20_000 });
  });

  it.each<PackageLayout>(['url', 'index_code_url', 'code_url_spaces'])('imports packages in the %s layout', async (packageLayout) => {
    const { app } = await batchApp({ trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout } });
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    const done = await app.services.batches.settle(isv_application_id);
    expect(codeCount(app, done.application_id!)).toBe(20_000);
    const nulls = app.ledger.prepare('SELECT COUNT(*) AS n FROM codes WHERE code IS NULL').get() as { n: number };
    expect(nulls.n).toBe(packageLayout === 'url' ? 20_000 : 0);
  });

  it('rejects a bad code_count at the bridge with a field-specific error and records nothing', async () => {
    const { app } = await batchApp();
    for (const code_count of [0, 9_999, 12_345, 20_010_000, 1.5]) {
      const envelope = await app.dispatch('batches.apply', { code_count });
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.details?.field).toBe('code_count');
    }
    expect(app.services.batches.list()).toEqual([]);
  });

  it('gets the same application back when the answer to applycode is lost', async () => {
    const { app } = await batchApp();
    await (await app.services.connection.active()).client.queryApplication({ isv_application_id: 'warm-up' }).catch(() => undefined);
    const simulator = app.services.connection.trainingSimulator()!;
    simulator.admin.resetCounters();
    simulator.admin.failNext({ kind: 'drop', count: 1, endpoint: 'applycode' });
    const { isv_application_id } = app.services.batches.apply({ code_count: 10_000 }, 'test');
    const done = await app.services.batches.settle(isv_application_id);
    expect(done.state).toBe('imported');
    expect(simulator.admin.counters().perEndpoint.applycode).toBe(2);
    expect(app.services.batches.list()).toHaveLength(1);
    // The simulator holds one application for that isv id, and it is ours.
    const remote = await (await app.services.connection.active()).client.queryApplication({ isv_application_id });
    expect(remote.application_id).toBe(done.application_id);
  });

  it('waits in the ledger while the service is unreachable and goes out when it answers', async () => {
    const { app } = await batchApp();
    await app.services.connection.active();
    const simulator = app.services.connection.trainingSimulator()!;
    // More drops than the client's own 4 attempts: the worker must postpone, not fail.
    simulator.admin.failNext({ kind: 'drop', count: 6, endpoint: 'applycode' });
    const { isv_application_id } = app.services.batches.apply({ code_count: 10_000 }, 'test');
    expect(await app.services.batches.step(isv_application_id)).toBe('waiting');
    const waiting = app.services.batches.detail(isv_application_id).application;
    expect(waiting.state).toBe('applying');
    expect(waiting.last_error?.code).toBe('WECHAT_NETWORK');
    const done = await app.services.batches.settle(isv_application_id);
    expect(done.state).toBe('imported');
    expect(done.last_error).toBeNull();
  });

  it('a thread closing under a running step (the app quitting) pauses the application without recording an error', async () => {
    const { app } = await batchApp({
      importThread: (ledger) => {
        const real = createImportThread({ ledger, ledgerPath: null });
        return {
          run: (request, onEvent, transfer) =>
            request.kind === 'import-segment' ? Promise.reject(new LedgerThreadClosedError()) : real.run(request, onEvent, transfer),
          close: () => real.close(),
        };
      },
    });
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    let result = await app.services.batches.step(isv_application_id);
    while (result === 'progressed') result = await app.services.batches.step(isv_application_id);
    expect(result).toBe('waiting');
    const paused = app.services.batches.detail(isv_application_id);
    expect(paused.application).toMatchObject({ state: 'downloading', segments_failed: 0, last_error: null, next_attempt_at: null });
    expect(paused.segments.every((segment) => segment.state === 'pending')).toBe(true);
  });

  it.each([
    ['the import thread dies mid-segment', () => new LedgerThreadStoppedError('the worker exited with code 134'), 'IMPORT_THREAD_STOPPED'],
    ['the ledger fails under it (a full disk)', () => new Error('database or disk is full'), 'IMPORT_STEP_FAILED'],
  ])('resumes after %s: the segment is retried after a pause, not failed', async (_case, failure, code) => {
    let crashes = 1;
    const { app } = await batchApp({
      importThread: (ledger) => {
        const real = createImportThread({ ledger, ledgerPath: null });
        return {
          run: (request, onEvent, transfer) =>
            request.kind === 'import-segment' && crashes-- > 0 ? Promise.reject(failure()) : real.run(request, onEvent, transfer),
          close: () => real.close(),
        };
      },
    });
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    let result = await app.services.batches.step(isv_application_id);
    while (result === 'progressed') result = await app.services.batches.step(isv_application_id);
    const paused = app.services.batches.detail(isv_application_id);
    expect(paused.application).toMatchObject({ state: 'downloading', segments_failed: 0, last_error: { code } });
    expect(paused.application.next_attempt_at).not.toBeNull();
    // The segment the thread died on is still to do (the one queued behind it may have gone through).
    expect(paused.segments[0]).toMatchObject({ code_start: 0, state: 'pending' });

    const done = await app.services.batches.settle(isv_application_id);
    expect(done).toMatchObject({ state: 'imported', segments_imported: 2, segments_indexed: 2, last_error: null });
    expect(codeCount(app, done.application_id!)).toBe(20_000);
  });
});

describe('batches: bad packages', () => {
  const LIVE: SimulatorAccount = { appid: 'wx5555666677778888', secret: 'plant-secret', serviceKey: 'RightServiceKey!' };
  let service: RunningSimulator;

  async function liveApp(serviceKey: string) {
    service = await startSimulator({ accounts: [LIVE], finishDelayMs: 0, segmentSize: 10_000 });
    cleanups.push(() => service.close());
    const handle = await batchApp();
    handle.app.services.connection.save(
      {
        mode: 'live',
        credentialKind: 'secret',
        appid: LIVE.appid,
        appSecret: LIVE.secret,
        serviceKey,
        baseUrl: service.baseUrl,
      },
      'test',
    );
    return handle;
  }

  it('a wrong service key fails the application with a translated message, imports nothing, keeps the buffer, and a retry after fixing the key imports all', async () => {
    const { app } = await liveApp('WrongServiceKey!');
    const { isv_application_id } = app.services.batches.apply({ code_count: 20_000 }, 'test');
    await expect(app.services.batches.settle(isv_application_id)).rejects.toMatchObject({ code: 'APPLICATION_FAILED' });
    const detail = app.services.batches.detail(isv_application_id);
    expect(detail.application.state).toBe('failed');
    expect(detail.application.last_error?.code).toBe('PACKAGE_WRONG_KEY');
    expect(detail.application.last_error?.localized['zh-CN'].message).toContain('服务密钥');
    const failed = detail.segments.find((segment) => segment.state === 'failed')!;
    expect(failed.kept_buffer_path).toBeTruthy();
    expect(existsSync(failed.kept_buffer_path!)).toBe(true);
    expect(readFileSync(failed.kept_buffer_path!, 'utf8')).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(codeCount(app)).toBe(0);

    app.services.connection.save({ mode: 'live', credentialKind: 'secret', serviceKey: LIVE.serviceKey }, 'test');
    app.services.batches.retry(isv_application_id, 'test');
    const done = await app.services.batches.settle(isv_application_id);
    expect(done.state).toBe('imported');
    expect(codeCount(app)).toBe(20_000);
    expect(app.services.audit.verify()).toMatchObject({ ok: true });
  });
});
