/**
 * Power-loss stand-in (issue 11): activations reach WeChat, but the ledger
 * files are the ones copied before those commits. Restarted on the copy, the
 * station re-activates a lost range with other details (a conflict, as the
 * issue describes); reconcile finds every activation WeChat holds and the
 * ledger lost or still queues, adopting them leaves nothing in conflict, and
 * scans of those codes PASS.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComposedApp } from '@main/compose';
import { LEDGER_FILE } from '@main/ledger';
import type { ReconcileReport } from '@shared/reconcile-contract';
import { ACTOR, activationWorld, PRODUCT } from '../activation/helpers';
import { record, stationOn, type World } from './helpers';

const OTHER_PRODUCT = { ...PRODUCT, product_code: '6901234567885', product_title: '柠檬汽水 330ml ×24' };

let world: World | undefined;
let copy: ComposedApp | undefined;
afterEach(async () => {
  await copy?.close();
  copy = undefined;
  await world?.dispose();
  world = undefined;
});

/** The ledger's files as they are now (main file, WAL and shared memory), into `dir`. */
function copyLedgerFiles(from: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(from)) if (name.startsWith(LEDGER_FILE)) copyFileSync(join(from, name), join(dir, name));
}

async function expectScansPass(w: World, app: ComposedApp, indices: number[]): Promise<void> {
  const engine = app.services.verification;
  engine.start();
  engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, ACTOR);
  for (const index of indices) {
    const { code } = w.simulator().admin.codeOf({ application_id: w.applicationId, code_index: index });
    const scanned = engine.scan(code, 'wedge', ACTOR);
    expect(scanned.local_verdict, `index ${index}`).toBe('PASS');
    expect((await engine.settled(scanned.id)).verdict, `index ${index}`).toBe('PASS');
  }
}

function openByKind(report: ReconcileReport) {
  expect(report.run).toMatchObject({ outcome: 'complete', trigger: 'manual', actor: ACTOR });
  return Object.fromEntries(report.open.map((finding) => [finding.kind, finding]));
}

describe('reconcile after a power loss', () => {
  it('finds an activation still queued in the ledger and one it lost; adopting them leaves nothing in conflict and scans PASS', async () => {
    const w = (world = await activationWorld(20_000));
    const queued = record(w.app, w, 0, 99);
    copyLedgerFiles(w.dataDir, join(w.dataDir, '..', 'after-recording'));
    record(w.app, w, 100, 199);
    expect(await w.drain()).toBe('idle');
    expect(w.activations.list(w.applicationId).map((a) => a.state)).toEqual(['active', 'active']);

    // Power cut: the station comes back on the files from before the sends.
    const app = (copy = await stationOn(w, join(w.dataDir, '..', 'after-recording')));
    expect(app.services.activations.list().map((a) => [a.id, a.state])).toEqual([[queued, 'pending']]);

    const report = await app.services.reconcile.run('manual', ACTOR);
    const byKind = openByKind(report);
    expect(Object.keys(byKind).sort()).toEqual(['active_remotely', 'unknown_to_ledger']);
    expect(byKind.active_remotely).toMatchObject({ activation_id: queued, local_state: 'pending', code_start: 0, code_end: 99 });
    // Found by asking about the first free index after the ledger's activations.
    expect(byKind.unknown_to_ledger).toMatchObject({
      activation_id: null,
      code_start: 100,
      code_end: 199,
      remote: { product_code: PRODUCT.product_code, product_title: PRODUCT.product_title },
    });
    for (const finding of report.open) expect(finding.repairs).toEqual(['adopt', 'investigated']);

    for (const finding of report.open) app.services.reconcile.resolve({ id: finding.id, repair: 'adopt' }, ACTOR);

    const activations = app.services.activations.list();
    expect(activations.filter((a) => a.state !== 'active')).toEqual([]);
    expect(activations.map((a) => [a.code_start, a.code_end, a.product_code]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [0, 99, PRODUCT.product_code],
      [100, 199, PRODUCT.product_code],
    ]);
    expect(app.services.reconcile.report().open).toEqual([]);
    const adopted = app.services.audit.list({ action: 'reconcile.adopted' });
    expect(adopted.map((entry) => entry.actor)).toEqual([ACTOR, ACTOR]);
    expect(app.services.audit.verify().ok).toBe(true);
    // Nothing left for the outbox to send, and a second run agrees with WeChat everywhere.
    expect(await app.outbox.step()).toBe('idle');
    expect((await app.services.reconcile.run('manual', ACTOR)).open).toEqual([]);
    await expectScansPass(w, app, [0, 99, 100, 199]);
  });

  it('a lost range activated again with other details ends in conflict; adopting WeChat’s activation resolves it', async () => {
    const w = (world = await activationWorld(20_000));
    copyLedgerFiles(w.dataDir, join(w.dataDir, '..', 'before-recording'));
    record(w.app, w, 0, 99);
    expect(await w.drain()).toBe('idle');

    const app = (copy = await stationOn(w, join(w.dataDir, '..', 'before-recording')));
    app.ledger
      .prepare(
        `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
         VALUES (@product_code, @product_brand, @product_title, @activity_name, @wxa_appid, @wxa_path, @wxa_type, 'test', 'now', 'now')`,
      )
      .run(OTHER_PRODUCT);
    // The supervisor sees 0–99 free and activates it again, for another product: WeChat refuses it.
    const again = app.services.activations.create(
      { application_id: w.applicationId, code_start: 0, code_end: 99, product_code: OTHER_PRODUCT.product_code },
      ACTOR,
    );
    while ((await app.outbox.step()) === 'progressed');
    expect(app.services.activations.list().map((a) => a.state)).toEqual(['conflict']);

    const byKind = openByKind(await app.services.reconcile.run('manual', ACTOR));
    expect(Object.keys(byKind)).toEqual(['differs_remotely']);
    expect(byKind.differs_remotely).toMatchObject({
      activation_id: again.id,
      local_state: 'conflict',
      remote: { code_start: 0, code_end: 99, product_code: PRODUCT.product_code },
      checked: expect.arrayContaining([{ code_index: 0, answer: 'activated', reason: `product_code: ${PRODUCT.product_code}` }]),
    });
    app.services.reconcile.resolve({ id: byKind.differs_remotely!.id, repair: 'adopt' }, ACTOR);

    const activations = app.services.activations.list();
    expect(activations.filter((a) => a.state === 'conflict')).toEqual([]);
    expect(activations.map((a) => [a.state, a.product_code])).toEqual([
      ['active', PRODUCT.product_code],
      ['cancelled', OTHER_PRODUCT.product_code],
    ]);
    expect((await app.services.reconcile.run('manual', ACTOR)).open).toEqual([]);
    await expectScansPass(w, app, [0, 50, 99]);
  });
});
