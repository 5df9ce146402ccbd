/**
 * Timeout then Cancel (issue 11): codeactive answers after the client's
 * timeout (simulator latency), so the ledger says pending while WeChat has it
 * active. Cancel is refused until a reconcile has asked WeChat since the last
 * send; the timeout itself starts a reconcile run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ComposedApp } from '@main/compose';
import { createReconcileSchedule } from '@main/reconcile';
import { ACTOR, activationWorld } from '../activation/helpers';
import { eventually, record, stationOn, type World } from './helpers';

let world: World | undefined;
let station: ComposedApp | undefined;
afterEach(async () => {
  await station?.close();
  station = undefined;
  await world?.dispose();
  world = undefined;
});

/** A station whose calls give up after 100 ms, one request per call, retrying at once, with its token already fetched. */
async function impatientStation(w: World): Promise<ComposedApp> {
  const app = await stationOn(w, w.dataDir, {
    clientOptions: { timeoutMs: 100, retry: { maxAttempts: 1 } },
    outboxOptions: { offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 } },
  });
  const { client } = await app.services.connection.active();
  await client.queryActivation({ application_id: w.applicationId, code_index: 0 }).catch(() => undefined);
  return app;
}

const codeactiveOk = (w: World) => w.simulator().admin.counters().perOutcome.codeactive?.ok ?? 0;

function cancelError(app: ComposedApp, id: number): unknown {
  try {
    app.services.activations.cancel(id, ACTOR);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('timeout then cancel', () => {
  it('a send that timed out but reached WeChat cannot be cancelled; reconcile finds it held and it is adopted', async () => {
    const w = (world = await activationWorld(10_000));
    const app = (station = await impatientStation(w));
    const schedule = createReconcileSchedule({ service: app.services.reconcile, events: app.events, logger: app.logger });
    schedule.start();
    try {
      const id = record(app, w, 0, 99);
      w.simulator().admin.setLatency(300);
      expect(await app.outbox.step()).toBe('waiting');
      const row = app.services.activations.list().find((a) => a.id === id)!;
      expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: { code: 'WECHAT_TIMEOUT' } });
      // The timeout started a reconcile by itself (its own calls time out too while WeChat is slow).
      await eventually(() => app.services.reconcile.report().run?.trigger === 'timeout');
      await eventually(() => codeactiveOk(w) === 1);

      expect(cancelError(app, id)).toMatchObject({
        code: 'ACTIVATION_CANCEL_NEEDS_RECONCILE',
        details: { remote: 'unknown', attempts: 1 },
      });

      w.simulator().admin.setLatency(0);
      const report = await app.services.reconcile.run('manual', ACTOR);
      expect(report.run?.outcome).toBe('complete');
      expect(report.open).toMatchObject([{ kind: 'active_remotely', activation_id: id, local_state: 'pending' }]);
      // WeChat holds it: still no cancelling, but it can be adopted.
      expect(cancelError(app, id)).toMatchObject({ code: 'ACTIVATION_CANCEL_NEEDS_RECONCILE', details: { remote: 'held' } });
      app.services.reconcile.resolve({ id: report.open[0]!.id, repair: 'adopt' }, ACTOR);
      expect(app.services.activations.list().find((a) => a.id === id)?.state).toBe('active');
      expect(codeactiveOk(w)).toBe(1);
    } finally {
      await schedule.stop();
    }
  });

  it('a send that never reached WeChat is cancelled once reconcile has asked since its last send', async () => {
    const w = (world = await activationWorld(10_000));
    const app = (station = await impatientStation(w));
    const id = record(app, w, 0, 99);
    w.simulator().admin.failNext({ kind: 'drop', count: 1, endpoint: 'codeactive' });
    expect(await app.outbox.step()).toBe('waiting');
    expect(app.services.activations.list().find((a) => a.id === id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(cancelError(app, id)).toMatchObject({ code: 'ACTIVATION_CANCEL_NEEDS_RECONCILE' });

    expect((await app.services.reconcile.run('manual', ACTOR)).open).toEqual([]);
    // Sent again (dropped again) after that reconcile: its answer is out of date.
    w.simulator().admin.failNext({ kind: 'drop', count: 1, endpoint: 'codeactive' });
    expect(await app.outbox.step()).toBe('waiting');
    expect(cancelError(app, id)).toMatchObject({ code: 'ACTIVATION_CANCEL_NEEDS_RECONCILE', details: { attempts: 2 } });

    await app.services.reconcile.run('manual', ACTOR);
    expect(app.services.activations.cancel(id, ACTOR).state).toBe('cancelled');
    expect(codeactiveOk(w)).toBe(0);
  });
});
