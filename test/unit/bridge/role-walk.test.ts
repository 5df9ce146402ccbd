/**
 * The one role check (DESIGN §6a), walked over every channel of the contract:
 * a locked station is refused exactly the supervisor channels, before their
 * handler runs; an unlocked one reaches every handler with the supervisor as actor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { acknowledgeModeRole, createDispatch, settingKeyRole, type Handlers, type HandlerContext } from '@main/bridge';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { createSupervisorService, type SupervisorService } from '@main/supervisors';
import { CHANNEL_NAMES, contract, type Channel, type ChannelRequest, type Settings } from '@shared/contract';

/** A valid request for every channel: a channel added to the contract without one here does not compile. */
const SAMPLE_REQUESTS: { [C in Channel]: ChannelRequest<C> } = {
  'app.info': {},
  'settings.getAll': {},
  'settings.set': { key: 'locale', value: 'en' },
  'connection.get': {},
  'connection.save': { mode: 'training', credentialKind: 'secret' },
  'connection.test': {},
  'batches.list': {},
  'batches.get': { isv_application_id: 'isv-1' },
  'batches.apply': { code_count: 10_000 },
  'batches.retry': { isv_application_id: 'isv-1' },
  'batches.export': {
    application_id: 1,
    code_start: 0,
    code_end: 9,
    format: 'csv',
    columns: ['index', 'code', 'code_url'],
    header: true,
    line_ending: 'crlf',
  },
  'activation.resolveRange': { by: 'indices', application_id: 1, code_start: 0, code_end: 9 },
  'activation.create': { application_id: 1, code_start: 0, code_end: 9, product_code: '6901234567892' },
  'activation.list': {},
  'activation.retry': { id: 1 },
  'activation.cancel': { id: 1 },
  'connectivity.get': {},
  'supervisor.status': {},
  'supervisor.setup': { name: '李工', pin: '135790' },
  'supervisor.unlock': { name: '王工', pin: '246800' },
  'supervisor.lock': {},
  'supervisor.add': { name: '李工', pin: '135790' },
  'supervisor.disable': { name: '李工' },
  'supervisor.changePin': { name: '王工', oldPin: '246800', newPin: '864200' },
  'products.list': {},
  'products.add': {
    product_code: '6901234567892',
    product_brand: 'Brand',
    product_title: 'Title',
    activity_name: 'Activity',
    wxa_appid: 'wx1234567890abcdef',
    wxa_path: 'pages/index/index',
  },
  'products.update': {
    product_code: '6901234567892',
    product_brand: 'Brand',
    product_title: 'Title',
    activity_name: 'Activity',
    wxa_appid: 'wx1234567890abcdef',
    wxa_path: 'pages/index/index',
  },
  'products.archive': { product_code: '6901234567892' },
  'products.unarchive': { product_code: '6901234567892' },
  'products.delete': { product_code: '6901234567892' },
  'products.import': { csv: 'product_code\n' },
  'products.export': {},
  'scanner.listDevices': {},
  'scanner.select': { vendorId: 0x0c2e, productId: 0x0b87 },
  'scanner.status': {},
  'scanner.forget': {},
  'log.scans': {},
  'log.audit': {},
  'log.shiftReport': { from: '2026-12-04T00:00:00Z', to: '2026-12-04T08:00:00Z', locale: 'en' },
  'log.auditHead': {},
  'verify.startSession': { line: 'L1', product_code: '6901234567892' },
  'verify.endSession': { session_id: 1 },
  'verify.currentSession': {},
  'verify.scan': { input: 'P.URL.CN/0U.JYJXP3HJI2C98A9O', source: 'wedge' },
  'verify.acknowledge': { scan_id: 1, via: 'ack_code', code: 'ACK-OK' },
  'verify.recentScans': { limit: 10 },
  'reconcile.run': {},
  'reconcile.findings': {},
  'reconcile.resolve': { id: 1, repair: 'investigated', note: 'checked in the WeChat console' },
  'batches.packageLayout': {},
  'batches.setPackageLayout': { columns: ['extra', 'code', 'index', 'code_url'] },
  'batches.inspectSegment': { application_id: 1, code_start: 0 },
};

/** DESIGN §6a's supervisor-only actions as they stand in the contract (conditional channels are walked below). */
const SUPERVISOR_CHANNELS: readonly Channel[] = [
  'connection.save',
  'connection.test',
  'batches.apply',
  'batches.retry',
  'batches.export',
  'activation.create',
  'activation.retry',
  'activation.cancel',
  'supervisor.add',
  'supervisor.disable',
  'supervisor.changePin',
  'products.add',
  'products.update',
  'products.archive',
  'products.unarchive',
  'products.delete',
  'products.import',
  'scanner.select',
  'scanner.forget',
  'verify.startSession',
  'verify.endSession',
  'reconcile.run',
  'reconcile.resolve',
  'batches.setPackageLayout',
  'batches.inspectSegment',
];
const CONDITIONAL_CHANNELS: readonly Channel[] = ['settings.set', 'verify.acknowledge'];

let dir: string;
let db: SqliteDatabase;
let supervisors: SupervisorService;
let settings: Settings;
let calls: { channel: Channel; actor: string }[];

/** Handlers that only record the call: the walk is about who reaches them, not what they do. */
function recordingHandlers(): Handlers {
  return Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      (_request: unknown, context: HandlerContext) => {
        calls.push({ channel, actor: context.actor });
        return {};
      },
    ]),
  ) as unknown as Handlers;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-roles-'));
  db = openLedger(dir);
  supervisors = createSupervisorService({ db, audit: createAuditLog(db), unlockMinutes: () => 10, scryptCost: { N: 1024, r: 8, p: 1 } });
  await supervisors.setup('王工', '246800', 'operator');
  settings = { locale: null };
  calls = [];
});
afterEach(() => {
  supervisors.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function dispatchOnThisStation() {
  return createDispatch(recordingHandlers(), { gate: supervisors.gate, settings: () => settings });
}

describe('the role walk over every channel', () => {
  it('every sample request is valid, so each channel really reaches its role check', () => {
    for (const channel of CHANNEL_NAMES) expect(contract[channel].request.safeParse(SAMPLE_REQUESTS[channel]).success, channel).toBe(true);
  });

  it('the contract declares exactly DESIGN §6a’s supervisor channels, and names a rule for the conditional ones', () => {
    const declared = CHANNEL_NAMES.filter((channel) => contract[channel].role === 'supervisor');
    expect([...declared].sort()).toEqual([...SUPERVISOR_CHANNELS].sort());
    const conditional = CHANNEL_NAMES.filter((channel) => typeof contract[channel].role === 'object');
    expect([...conditional].sort()).toEqual([...CONDITIONAL_CHANNELS].sort());
  });

  it('a locked station is refused exactly the supervisor channels, and their handlers never run', async () => {
    const dispatch = dispatchOnThisStation();
    const refused: Channel[] = [];
    for (const channel of CHANNEL_NAMES) {
      const envelope = await dispatch(channel, SAMPLE_REQUESTS[channel]);
      if (!envelope.ok && envelope.error.code === 'SUPERVISOR_REQUIRED') refused.push(channel);
    }
    expect(refused.sort()).toEqual([...SUPERVISOR_CHANNELS].sort());
    expect(calls.map((call) => call.channel).filter((channel) => SUPERVISOR_CHANNELS.includes(channel))).toEqual([]);
    // Everything else ran as the station's operator.
    expect(new Set(calls.map((call) => call.actor))).toEqual(new Set(['operator']));
  });

  it('an unlocked station reaches every handler, with the supervisor as the actor', async () => {
    await supervisors.unlock('王工', '246800');
    const dispatch = dispatchOnThisStation();
    for (const channel of CHANNEL_NAMES) await dispatch(channel, SAMPLE_REQUESTS[channel]);
    expect(calls.map((call) => call.channel).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(calls.map((call) => call.actor))).toEqual(new Set(['supervisor:王工']));
  });

  it('before any supervisor exists, a supervisor channel asks for the set-up instead', async () => {
    const fresh = openLedger(':memory:');
    const none = createSupervisorService({ db: fresh, audit: createAuditLog(fresh), unlockMinutes: () => 10 });
    const envelope = await createDispatch(recordingHandlers(), { gate: none.gate, settings: () => settings })(
      'batches.apply',
      SAMPLE_REQUESTS['batches.apply'],
    );
    expect(envelope.ok ? null : envelope.error.code).toBe('SUPERVISOR_SETUP_NEEDED');
    none.close();
    fresh.close();
  });
});

describe('conditional roles', () => {
  it.each([
    ['locale', 'operator'],
    ['soundVolume', 'operator'],
    ['supervisorUnlockMinutes', 'supervisor'],
    ['hidScanner', 'supervisor'],
    ['wedgeMinLength', 'supervisor'],
    ['ackMode', 'supervisor'],
    ['ackCode', 'supervisor'],
  ] as const)('settings.set of %s needs a %s', (key, role) => {
    expect(settingKeyRole({ key, value: null } as never)).toEqual({ role, action: `settings.${key}` });
  });

  it.each([
    ['button', undefined, 'operator'],
    ['button', 'button', 'operator'],
    ['button', 'ack_code', 'supervisor'],
    ['ack_code', 'ack_code', 'operator'],
    ['ack_code', 'button', 'operator'],
  ] as const)('acknowledging by %s with ackMode %s needs a %s', (via, ackMode, role) => {
    expect(acknowledgeModeRole({ via }, ackMode ? { ackMode } : {})).toEqual({ role, action: 'verify.acknowledge' });
  });

  it('dispatch asks for the scan’s verdict: the button on a DUPLICATE needs a supervisor, on another FAIL it does not', async () => {
    const verdicts: Record<number, 'DUPLICATE' | 'WRONG_PRODUCT'> = { 7: 'DUPLICATE', 8: 'WRONG_PRODUCT' };
    const dispatch = createDispatch(recordingHandlers(), {
      gate: supervisors.gate,
      settings: () => settings,
      scanVerdict: (id) => verdicts[id],
    });
    const duplicate = await dispatch('verify.acknowledge', { scan_id: 7, via: 'button' });
    expect(duplicate.ok ? null : duplicate.error.code).toBe('SUPERVISOR_REQUIRED');
    const other = await dispatch('verify.acknowledge', { scan_id: 8, via: 'button' });
    expect(other.ok ? null : other.error.code).not.toBe('SUPERVISOR_REQUIRED');
    expect(calls.map((call) => call.channel)).toEqual(['verify.acknowledge']);
  });

  it('dispatch applies them: a locked station may change the language but not the wedge timing, nor use the button in ACK-code mode', async () => {
    const dispatch = dispatchOnThisStation();
    const refusal = async (channel: Channel, request: unknown) => {
      const envelope = await dispatch(channel, request);
      return !envelope.ok && envelope.error.code === 'SUPERVISOR_REQUIRED' ? envelope.error.details?.action : null;
    };
    expect(await refusal('settings.set', { key: 'locale', value: 'en' })).toBeNull();
    expect(await refusal('settings.set', { key: 'wedgeMinLength', value: 12 })).toBe('settings.wedgeMinLength');
    expect(await refusal('verify.acknowledge', { scan_id: 1, via: 'button' })).toBeNull();
    settings = { locale: null, ackMode: 'ack_code' };
    expect(await refusal('verify.acknowledge', { scan_id: 1, via: 'button' })).toBe('verify.acknowledge');
    expect(await refusal('verify.acknowledge', { scan_id: 1, via: 'ack_code', code: 'ACK-OK' })).toBeNull();
    expect(calls.map((call) => call.channel)).toEqual(['settings.set', 'verify.acknowledge', 'verify.acknowledge']);
  });
});
