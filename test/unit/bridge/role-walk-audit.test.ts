/**
 * The role walk on the real app (DESIGN §6a): every supervisor channel, called through dispatch
 * with a supervisor unlocked, does its work and leaves an audit entry naming `supervisor:<name>`;
 * with the station locked, each is refused (connection.save and connection.test included) and the
 * ledger is byte for byte what it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '@main/compose';
import { CHANNEL_NAMES, contract, type Channel, type ChannelRequest } from '@shared/contract';
import { createFakeHid } from '../scanner/fake-node-hid';
import { CRISPS, MILK, csv, csvRow } from '../products/helpers';

const NAME = '王工';
const PIN = '246800';
const ACTOR = `supervisor:${NAME}`;
const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** What the walk learns as it goes (ids the later steps need). */
interface Walk {
  isv: string;
  applicationId: number;
  cancelId: number;
  retryId: number;
  sessionId: number;
  scanId: number;
  findingId: number;
}

/** One supervisor action: its channel, its request, the audit action it leaves, and what it needs done first. */
interface Step {
  channel: Channel;
  request: (walk: Walk) => unknown;
  audited: string;
  before?: (app: ComposedApp, walk: Walk) => Promise<void> | void;
  after?: (app: ComposedApp, walk: Walk, data: unknown) => Promise<void> | void;
}

const step = <C extends Channel>(
  channel: C,
  request: (walk: Walk) => ChannelRequest<C>,
  audited: string,
  hooks: Pick<Step, 'before' | 'after'> = {},
): Step => ({ channel, request, audited, ...hooks });

const range = (walk: Walk, code_start: number, code_end: number) => ({
  application_id: walk.applicationId,
  code_start,
  code_end,
  product_code: CRISPS.product_code,
});

/** Every supervisor action, in an order where each has what it needs. */
const STEPS: Step[] = [
  step('settings.set', () => ({ key: 'wedgeMinLength', value: 12 }), 'setting.changed'),
  step('connection.test', () => ({}), 'connection.tested'),
  step('connection.save', () => ({ mode: 'training', credentialKind: 'secret', baseUrl: 'https://api.weixin.qq.com' }), 'connection.saved'),
  step('products.add', () => CRISPS, 'product.added'),
  step('products.update', () => ({ ...CRISPS, product_title: 'Sea-salt crisps 70 g ×24' }), 'product.updated'),
  step('products.archive', () => ({ product_code: CRISPS.product_code }), 'product.archived'),
  step('products.unarchive', () => ({ product_code: CRISPS.product_code }), 'product.unarchived'),
  step('products.import', () => ({ csv: csv([csvRow(MILK)]) }), 'products.imported'),
  step('products.delete', () => ({ product_code: MILK.product_code }), 'product.deleted'),
  step('batches.apply', () => ({ code_count: 20_000 }), 'application.requested', {
    after: async (app, walk, data) => {
      walk.isv = (data as { isv_application_id: string }).isv_application_id;
      walk.applicationId = (await app.services.batches.settle(walk.isv)).application_id!;
    },
  }),
  step('batches.setPackageLayout', () => ({ columns: ['index', 'code', 'code_url'] }), 'package_layout.set'),
  step('batches.inspectSegment', (walk) => ({ application_id: walk.applicationId, code_start: 0 }), 'package.inspected'),
  step('batches.retry', (walk) => ({ isv_application_id: walk.isv }), 'application.retried'),
  step(
    'batches.export',
    (walk) => ({
      application_id: walk.applicationId,
      code_start: 0,
      code_end: 9,
      format: 'csv',
      columns: ['index', 'code', 'code_url'],
      header: true,
      line_ending: 'crlf',
    }),
    'print_run.exported',
  ),
  step('activation.create', (walk) => range(walk, 0, 99), 'activation.recorded', {
    after: (_app, walk, data) => void (walk.cancelId = (data as { id: number }).id),
  }),
  step('activation.cancel', (walk) => ({ id: walk.cancelId }), 'activation.cancelled'),
  step('activation.retry', (walk) => ({ id: walk.retryId }), 'activation.retried', {
    before: (app, walk) => {
      walk.retryId = app.services.activations.create(range(walk, 100, 199), ACTOR).id;
      // Stands in for WeChat refusing it: only a failed (or conflicting) activation may be retried.
      app.ledger.prepare("UPDATE activations SET state = 'failed' WHERE id = ?").run(walk.retryId);
    },
  }),
  step('reconcile.run', () => ({}), 'reconcile.run', {
    before: (app, walk) => {
      // Stands in for a ledger that says active while WeChat never got it: reconcile must find it.
      app.ledger.prepare("UPDATE activations SET state = 'active' WHERE id = ?").run(walk.retryId);
    },
    after: (_app, walk, data) => void (walk.findingId = (data as { open: { id: number }[] }).open[0]!.id),
  }),
  step('reconcile.resolve', (walk) => ({ id: walk.findingId, repair: 'investigated', note: 'Checked with WeChat support.' }), 'reconcile.investigated'),
  step('scanner.select', () => ({ vendorId: 0x0c2e, productId: 0x0b87 }), 'setting.changed'),
  step('scanner.forget', () => ({}), 'setting.changed'),
  step('verify.startSession', () => ({ line: 'L1', product_code: CRISPS.product_code }), 'session.started', {
    after: (_app, walk, data) => void (walk.sessionId = (data as { id: number }).id),
  }),
  // With an ACK code in use, the on-screen button is the supervisor's way round it.
  step('verify.acknowledge', (walk) => ({ scan_id: walk.scanId, via: 'button' }), 'scan.acknowledged', {
    before: async (app, walk) => {
      await app.dispatch('settings.set', { key: 'ackMode', value: 'ack_code' });
      const scanned = await app.dispatch('verify.scan', { input: 'NOT-A-MARKETING-CODE', source: 'wedge' });
      walk.scanId = (scanned as { data: { id: number } }).data.id;
    },
  }),
  step('verify.endSession', (walk) => ({ session_id: walk.sessionId }), 'session.ended'),
  step('supervisor.add', () => ({ name: '李工', pin: '135790' }), 'supervisor.added'),
  step('supervisor.disable', () => ({ name: '李工' }), 'supervisor.disabled'),
  step('supervisor.changePin', () => ({ name: NAME, oldPin: PIN, newPin: '864200' }), 'supervisor.pin_changed'),
];

let dir: string;
let app: ComposedApp;
const walk: Walk = { isv: '', applicationId: 0, cancelId: 0, retryId: 0, sessionId: 0, scanId: 0, findingId: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-role-audit-'));
  const fake = createFakeHid();
  fake.add({ vendorId: 0x0c2e, productId: 0x0b87, product: 'Xenon 1950g', path: '/dev/hidraw3', usagePage: 0x8c, usage: 2 });
  app = await composeApp({
    dataDir: dir,
    systemLocale: 'en-US',
    logger: quietLogger,
    loadHid: () => ({ ok: true, hid: fake.api }),
    clientOptions: { sleep: async () => undefined, random: () => 0.5 },
    trainingOptions: { finishDelayMs: 0, segmentSize: 10_000 },
    batchOptions: { sleep: async () => undefined, random: () => 0.5, pollDelayMs: { initial: 0, max: 0 } },
  });
  const setUp = await app.dispatch('supervisor.setup', { name: NAME, pin: PIN });
  expect(setUp.ok).toBe(true);
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table of both ledgers (the station's and the mode's): what "nothing was saved" is compared against. */
function ledgerDump(): string {
  return JSON.stringify([dumpOf(app.stationLedger), dumpOf(app.ledger)]);
}

function dumpOf(ledger: ComposedApp['ledger']): string {
  const tables = ledger.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  // Rows sorted as text: some tables have no rowid to order by.
  const rows = (name: string) =>
    ledger
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort();
  return JSON.stringify(tables.map(({ name }) => [name, rows(name)]));
}

describe('the role walk on the composed app', () => {
  it('walks every supervisor channel of the contract, and the conditional ones where they need a supervisor', () => {
    const supervisorOnly = CHANNEL_NAMES.filter((channel) => contract[channel].role !== 'operator');
    expect([...new Set(STEPS.map((s) => s.channel))].sort()).toEqual([...supervisorOnly].sort());
  });

  it('unlocked: each supervisor action succeeds and is in the audit log with the supervisor', async () => {
    for (const { channel, request, audited, before, after } of STEPS) {
      await before?.(app, walk);
      // Two chains (docs/modes.md): the station's (supervisors, settings, connection) and the mode's own.
      const since = { station: app.stationAudit.head()?.seq ?? 0, mode: app.services.audit.head()?.seq ?? 0 };
      const envelope = await app.dispatch(channel, request(walk));
      expect(envelope, channel).toMatchObject({ ok: true });
      const entries = [...app.stationAudit.list({ after_seq: since.station }), ...app.services.audit.list({ after_seq: since.mode })];
      expect(
        entries.map((entry) => `${entry.actor} ${entry.action}`),
        channel,
      ).toContain(`${ACTOR} ${audited}`);
      if (envelope.ok) await after?.(app, walk, envelope.data);
    }
  });

  it('a connection save records what changed, names the secrets replaced and never their values', async () => {
    const secret = 'a-secret-that-must-not-be-logged-1';
    const saved = await app.dispatch('connection.save', {
      mode: 'training',
      credentialKind: 'secret',
      appid: 'wx00112233445566ff',
      appSecret: secret,
      serviceKey: 'PlantServiceK16!',
    });
    expect(saved.ok).toBe(true);
    const [entry] = app.stationAudit.list({ action: 'connection.saved', order: 'desc', limit: 1 });
    expect(entry).toMatchObject({
      actor: ACTOR,
      details: {
        mode_from: 'training',
        mode_to: 'training',
        appid_from: '',
        appid_to: 'wx00112233445566ff',
        replaced: ['appSecret', 'serviceKey'],
      },
    });
    const everyEntry = JSON.stringify([...app.stationAudit.list(), ...app.services.audit.list()]);
    expect(everyEntry).not.toContain(secret);
    expect(everyEntry).not.toContain('PlantServiceK16!');
  });

  it('locked: each supervisor action is refused before it runs, and the ledger is unchanged', async () => {
    expect(await app.dispatch('supervisor.lock', {})).toMatchObject({ ok: true });
    const before = ledgerDump();
    for (const { channel, request } of STEPS) {
      const envelope = await app.dispatch(channel, request(walk));
      expect(envelope.ok ? 'ran' : envelope.error.code, channel).toBe('SUPERVISOR_REQUIRED');
    }
    expect(ledgerDump()).toBe(before);
    expect(app.services.connection.info()).toMatchObject({ appid: 'wx00112233445566ff', secretsSet: { appSecret: true } });
  });
});
