/**
 * A run is bounded (query cap, quota stop) and continues where a capped run
 * stopped; the repairs re-send what WeChat lacks and refuse what they cannot do.
 * Real ledger, real simulator over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createReconcileService } from '@main/reconcile';
import { ACTOR, activationWorld, PRODUCT } from '../activation/helpers';
import { record, type World } from './helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

function serviceOf(w: World, maxQueries?: number) {
  return createReconcileService({
    db: w.app.ledger,
    audit: w.app.services.audit,
    logger: w.app.logger,
    connection: () => w.app.services.connection.active(),
    random: () => 0.5,
    ...(maxQueries === undefined ? {} : { maxQueries }),
  });
}

const queryCalls = (w: World) =>
  Object.values(w.simulator().admin.counters().perOutcome.codeactivequery ?? {}).reduce((sum, count) => sum + count, 0);

function refusalOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('a bounded run', () => {
  it('stops at the query cap and the next run asks what the last one left out', async () => {
    const w = (world = await activationWorld(10_000));
    for (let n = 0; n < 4; n += 1) record(w.app, w, n * 100, n * 100 + 99);
    expect(await w.drain()).toBe('idle');
    const service = serviceOf(w, 8);
    w.simulator().admin.resetCounters();

    const first = (await service.run('manual', ACTOR)).run!;
    expect(first).toMatchObject({ outcome: 'capped', activations_checked: 2 });
    expect(first.queries).toBeLessThanOrEqual(8);
    expect(first.left_for_next_run).toBeGreaterThan(0);
    expect(queryCalls(w)).toBe(first.queries);

    const second = (await service.run('manual', ACTOR)).run!;
    expect(second.activations_checked).toBe(2);
    const checked = w.app.ledger.prepare('SELECT activation_id FROM reconcile_checks ORDER BY activation_id').all();
    expect(checked).toHaveLength(4);
  });

  it('stops at a quota error and says so', async () => {
    const w = (world = await activationWorld(10_000));
    record(w.app, w, 0, 99);
    record(w.app, w, 100, 199);
    expect(await w.drain()).toBe('idle');
    w.simulator().admin.resetCounters();
    w.simulator().admin.failNext({ kind: 'quota', count: 1, endpoint: 'codeactivequery' });

    const report = await serviceOf(w).run('manual', ACTOR);
    expect(report.run).toMatchObject({ outcome: 'quota', queries: 1, activations_checked: 0, error: { code: 'WECHAT_45009' } });
    expect(report.run!.error!.localized['zh-CN'].message).not.toBe('');
    expect(queryCalls(w)).toBe(1);
    expect(w.app.services.audit.list({ action: 'reconcile.run' })).toMatchObject([{ actor: ACTOR }]);
  });
});

describe('repairs', () => {
  it('re-sends an activation the ledger says is active but WeChat does not have', async () => {
    const w = (world = await activationWorld(10_000));
    const id = record(w.app, w, 0, 99);
    // A ledger that claims more than WeChat holds (never sent, yet marked active).
    w.app.ledger.prepare("UPDATE activations SET state = 'active' WHERE id = ?").run(id);
    const service = serviceOf(w);

    const [finding] = (await service.run('manual', ACTOR)).open;
    expect(finding).toMatchObject({ kind: 'missing_remotely', activation_id: id, repairs: ['resend', 'investigated'] });
    expect(refusalOf(() => service.resolve({ id: finding!.id, repair: 'adopt' }, ACTOR))).toMatchObject({
      code: 'RECONCILE_REPAIR_NOT_OFFERED',
    });

    expect(service.resolve({ id: finding!.id, repair: 'resend' }, ACTOR)).toMatchObject({ resolution: 'resent', resolved_by: ACTOR });
    expect(w.activations.list(w.applicationId)[0]).toMatchObject({ id, state: 'pending', confirmation: null });
    expect(await w.drain()).toBe('idle');
    expect(w.activations.list(w.applicationId)[0]).toMatchObject({ id, state: 'active', confirmation: { ok: true } });
    expect((await service.run('manual', ACTOR)).open).toEqual([]);
    expect(w.app.services.audit.list({ action: 'reconcile.resent' })).toMatchObject([{ actor: ACTOR }]);
  });

  it('refuses to adopt an activation for a product this station does not have, until the finding is looked into', async () => {
    const w = (world = await activationWorld(10_000));
    const { client } = await w.app.services.connection.active();
    await client.activateCodes({
      ...PRODUCT,
      wxa_type: 0,
      product_code: '6901234567885',
      application_id: w.applicationId,
      code_start: 0,
      code_end: 49,
    });
    const service = serviceOf(w);

    const [finding] = (await service.run('manual', ACTOR)).open;
    expect(finding).toMatchObject({ kind: 'unknown_to_ledger', code_start: 0, code_end: 49, remote: { product_code: '6901234567885' } });
    expect(refusalOf(() => service.resolve({ id: finding!.id, repair: 'adopt' }, ACTOR))).toMatchObject({
      code: 'RECONCILE_ADOPT_PRODUCT_UNKNOWN',
      details: { product_code: '6901234567885' },
    });
    expect(w.activations.list(w.applicationId)).toEqual([]);
    expect(refusalOf(() => service.resolve({ id: finding!.id, repair: 'investigated' }, ACTOR))).toMatchObject({
      code: 'RECONCILE_NOTE_REQUIRED',
    });
    service.resolve({ id: finding!.id, repair: 'investigated', note: 'a test run from the office PC' }, ACTOR);
    expect(refusalOf(() => service.resolve({ id: finding!.id, repair: 'adopt' }, ACTOR))).toMatchObject({
      code: 'RECONCILE_ALREADY_RESOLVED',
    });
    expect(refusalOf(() => service.resolve({ id: 999, repair: 'adopt' }, ACTOR))).toMatchObject({ code: 'RECONCILE_FINDING_NOT_FOUND' });
    expect(w.app.services.audit.list({ action: 'reconcile.investigated' })).toMatchObject([
      { actor: ACTOR, details: { note: 'a test run from the office PC' } },
    ]);
  });
});
