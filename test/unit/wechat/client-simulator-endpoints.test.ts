/**
 * Every client method against the simulator over real loopback HTTP: its
 * success path and each error the simulator can produce for it. Local
 * validation errors must not reach the simulator at all; server errors must
 * come back as the right `WECHAT_<errcode>` after exactly one request (none of
 * them is worth retrying).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCodeGenerator, type SimulatorEndpoint } from '@main/simulator';
import { isWechatError, type MarketcodeClient, type WechatError } from '@main/wechat';
import { rejectionOf } from './support/fixtures';
import { DETAILS, OTHER_ACCOUNT, decryptPackage, simulatorWorld, type SimulatorWorld } from './support/simulator-world';

let world: SimulatorWorld;
let client: MarketcodeClient;

beforeEach(async () => {
  world = await simulatorWorld();
  client = world.client;
});

/** The call fails with `code` after exactly one request to `endpoint`, counted by the simulator as `errcode:<n>`. */
async function expectServerError(promise: Promise<unknown>, endpoint: SimulatorEndpoint, errcode: number): Promise<WechatError> {
  const before = world.outcomes(endpoint)[`errcode:${errcode}`] ?? 0;
  const error = await rejectionOf(promise);
  if (!isWechatError(error)) throw error;
  expect(error.code).toBe(`WECHAT_${errcode}`);
  expect(error.kind).toBe('api');
  expect(error.errcode).toBe(errcode);
  expect(error.attempts).toBe(1);
  expect(world.outcomes(endpoint)[`errcode:${errcode}`]).toBe(before + 1);
  expect(world.sleeps).toEqual([]);
  return error;
}

/** The call is refused locally: WECHAT_VALIDATION naming `field`, and the simulator sees nothing. */
async function expectLocalValidation(promise: Promise<unknown>, field: string): Promise<void> {
  const before = world.sim.admin.counters();
  const error = await rejectionOf(promise);
  if (!isWechatError(error)) throw error;
  expect(error.code).toBe('WECHAT_VALIDATION');
  expect(error.kind).toBe('validation');
  expect(error.details?.field).toBe(field);
  expect(world.sim.admin.counters()).toEqual(before);
}

const generator = createCodeGenerator('marketcode-simulator');

describe('applyCode', () => {
  it('applies, and the same isv_application_id gives the same application (one request each)', async () => {
    const first = await client.applyCode({ code_count: 10_000, isv_application_id: 'apply-1' });
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'apply-1' })).resolves.toEqual(first);
    const other = await client.applyCode({ code_count: 20_000_000, isv_application_id: 'apply-2' });
    expect(other.application_id).not.toBe(first.application_id);
    expect(world.outcomes('applycode')).toEqual({ ok: 3 });
  });

  it('9402003 when an isv_application_id comes back with another code_count', async () => {
    await client.applyCode({ code_count: 30_000, isv_application_id: 'apply-conflict' });
    const error = await expectServerError(
      client.applyCode({ code_count: 40_000, isv_application_id: 'apply-conflict' }),
      'applycode',
      9402003,
    );
    expect(error.errmsg).toContain('30000');
    expect(error.localized.en.message).toContain('unknown errcode 9402003');
  });

  it('40097 from the simulator for an isv_application_id longer than it accepts (128)', async () => {
    await expectServerError(client.applyCode({ code_count: 10_000, isv_application_id: 'x'.repeat(129) }), 'applycode', 40097);
  });

  it.each([
    ['a count that is not a multiple of 10,000', { code_count: 15_000, isv_application_id: 'v' }, 'code_count'],
    ['a count below 10,000', { code_count: 0, isv_application_id: 'v' }, 'code_count'],
    ['a count above 20,000,000', { code_count: 20_010_000, isv_application_id: 'v' }, 'code_count'],
    ['a fractional count', { code_count: 10_000.5, isv_application_id: 'v' }, 'code_count'],
    ['a count as text', { code_count: '10000', isv_application_id: 'v' }, 'code_count'],
    ['a blank isv_application_id', { code_count: 10_000, isv_application_id: '  ' }, 'isv_application_id'],
    ['no isv_application_id', { code_count: 10_000 }, 'isv_application_id'],
  ])('refuses %s locally', async (_name, request, field) => {
    await expectLocalValidation(client.applyCode(request as never), field);
  });
});

describe('queryApplication', () => {
  it('reports INIT, GENERATING and FINISH (segments only at FINISH), by application_id and by isv_application_id', async () => {
    world.sim.admin.setFinishDelayMs(1_500);
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'query-1' });
    const init = await client.queryApplication({ application_id });
    expect(init).toMatchObject({ status: 'INIT', application_id, isv_application_id: 'query-1', code_generate_list: [] });
    world.clock.advance(500);
    await expect(client.queryApplication({ isv_application_id: 'query-1' })).resolves.toMatchObject({
      status: 'GENERATING',
      code_generate_list: [],
    });
    world.clock.advance(1_000);
    const finished = await client.queryApplication({ isv_application_id: 'query-1' });
    expect(finished.status).toBe('FINISH');
    expect(finished.code_generate_list).toEqual([
      { code_start: 0, code_end: 2_499 },
      { code_start: 2_500, code_end: 4_999 },
      { code_start: 5_000, code_end: 7_499 },
      { code_start: 7_500, code_end: 9_999 },
    ]);
    expect(typeof finished.create_time).toBe('number');
    expect(world.outcomes('applycodequery')).toEqual({ ok: 3 });
  });

  it('9402001 for an unknown application_id or isv_application_id, and for another account’s application', async () => {
    await expectServerError(client.queryApplication({ application_id: 123_456_789 }), 'applycodequery', 9402001);
    await expectServerError(client.queryApplication({ isv_application_id: 'never-applied' }), 'applycodequery', 9402001);
    const theirs = world.clientFor(OTHER_ACCOUNT);
    const { application_id } = await theirs.client.applyCode({ code_count: 10_000, isv_application_id: 'theirs-1' });
    await expectServerError(client.queryApplication({ application_id }), 'applycodequery', 9402001);
    await expectServerError(client.queryApplication({ isv_application_id: 'theirs-1' }), 'applycodequery', 9402001);
  });

  it.each([
    ['neither key', {}, 'request'],
    ['both keys', { application_id: 1, isv_application_id: 'x' }, 'request'],
    ['a negative application_id', { application_id: -1 }, 'application_id'],
    ['a blank isv_application_id', { isv_application_id: '' }, 'isv_application_id'],
  ])('refuses %s locally', async (_name, request, field) => {
    await expectLocalValidation(client.queryApplication(request as never), field);
  });
});

describe('downloadSegment', () => {
  it('downloads every segment; each decrypts to exactly its lines, in index order', async () => {
    const { application_id, segments } = await world.finishedApplication(10_000, 'download-1');
    for (const segment of segments) {
      const { buffer } = await client.downloadSegment({ application_id, ...segment });
      const lines = decryptPackage(buffer).split('\n');
      expect(lines).toHaveLength(segment.code_end - segment.code_start + 1);
      const last = world.sim.admin.codeOf({ application_id, code_index: segment.code_end });
      expect(lines.at(-1)).toBe(`${segment.code_end},${last.code},${last.code_url}`);
    }
    expect(world.outcomes('applycodedownload')).toEqual({ ok: segments.length });
  });

  it('the same segment downloaded twice is the same bytes', async () => {
    const { application_id, segments } = await world.finishedApplication(10_000, 'download-twice');
    const [segment] = segments;
    if (!segment) throw new Error('no segment');
    const first = await client.downloadSegment({ application_id, ...segment });
    await expect(client.downloadSegment({ application_id, ...segment })).resolves.toEqual(first);
  });

  it('9402002 before FINISH (INIT and GENERATING)', async () => {
    world.sim.admin.setFinishDelayMs(1_500);
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'download-early' });
    const init = await expectServerError(
      client.downloadSegment({ application_id, code_start: 0, code_end: 2_499 }),
      'applycodedownload',
      9402002,
    );
    expect(init.errmsg).toContain('INIT');
    world.clock.advance(600);
    const generating = await expectServerError(
      client.downloadSegment({ application_id, code_start: 0, code_end: 2_499 }),
      'applycodedownload',
      9402002,
    );
    expect(generating.errmsg).toContain('GENERATING');
  });

  it.each([
    ['part of a segment', 0, 999],
    ['a segment off by one at the end', 0, 2_500],
    ['a segment off by one at the start', 1, 2_499],
    ['two segments at once', 0, 4_999],
    ['a range past the end', 10_000, 12_499],
  ])('40097 for %s', async (_name, code_start, code_end) => {
    const { application_id } = await world.finishedApplication(10_000, 'download-ranges');
    await expectServerError(client.downloadSegment({ application_id, code_start, code_end }), 'applycodedownload', 40097);
  });

  it('9402001 for an unknown application and for another account’s application', async () => {
    await expectServerError(client.downloadSegment({ application_id: 5, code_start: 0, code_end: 2_499 }), 'applycodedownload', 9402001);
    const theirs = world.clientFor(OTHER_ACCOUNT);
    const { application_id } = await theirs.client.applyCode({ code_count: 10_000, isv_application_id: 'theirs-download' });
    await expectServerError(client.downloadSegment({ application_id, code_start: 0, code_end: 2_499 }), 'applycodedownload', 9402001);
  });

  it.each([
    ['code_start after code_end', { application_id: 1, code_start: 10, code_end: 9 }, 'code_start'],
    ['a negative code_start', { application_id: 1, code_start: -1, code_end: 9 }, 'code_start'],
    ['a fractional code_end', { application_id: 1, code_start: 0, code_end: 9.5 }, 'code_end'],
    ['no application_id', { code_start: 0, code_end: 9 }, 'application_id'],
  ])('refuses %s locally', async (_name, request, field) => {
    await expectLocalValidation(client.downloadSegment(request as never), field);
  });
});

describe('activateCodes', () => {
  it('activates a range; an identical resend succeeds and changes nothing', async () => {
    const { application_id } = await world.finishedApplication(10_000, 'activate-1');
    await client.activateCodes({ application_id, ...DETAILS, wxa_type: 2, code_start: 100, code_end: 199 });
    await client.activateCodes({ application_id, ...DETAILS, wxa_type: 2, code_start: 100, code_end: 199 });
    await expect(client.queryActivation({ application_id, code_index: 150 })).resolves.toMatchObject({
      ...DETAILS,
      wxa_type: 2,
      code_start: 100,
      code_end: 199,
    });
    expect(world.outcomes('codeactive')).toEqual({ ok: 2 });
  });

  it('9402103 for an overlapping range and for the same range with other details', async () => {
    const { application_id } = await world.finishedApplication(10_000, 'activate-overlap');
    await client.activateCodes({ application_id, ...DETAILS, code_start: 100, code_end: 199 });
    for (const [code_start, code_end] of [
      [199, 300],
      [0, 100],
      [150, 160],
      [0, 9_999],
    ] as const) {
      await expectServerError(client.activateCodes({ application_id, ...DETAILS, code_start, code_end }), 'codeactive', 9402103);
    }
    await expectServerError(
      client.activateCodes({ application_id, ...DETAILS, product_title: 'Other tea', code_start: 100, code_end: 199 }),
      'codeactive',
      9402103,
    );
    await expectServerError(
      client.activateCodes({ application_id, ...DETAILS, wxa_type: 1, code_start: 100, code_end: 199 }),
      'codeactive',
      9402103,
    );
    // The neighbours on both sides are still free.
    await client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 99 });
    await client.activateCodes({ application_id, ...DETAILS, code_start: 200, code_end: 9_999 });
  });

  it('40097 for a range past the end of the application', async () => {
    const { application_id } = await world.finishedApplication(10_000, 'activate-past-end');
    await expectServerError(client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 10_000 }), 'codeactive', 40097);
    await expectServerError(
      client.activateCodes({ application_id, ...DETAILS, code_start: 10_000, code_end: 10_000 }),
      'codeactive',
      40097,
    );
  });

  it('9402002 before FINISH, 9402001 for an unknown or foreign application', async () => {
    world.sim.admin.setFinishDelayMs(1_500);
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'activate-early' });
    await expectServerError(client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 9 }), 'codeactive', 9402002);
    await expectServerError(client.activateCodes({ application_id: 7, ...DETAILS, code_start: 0, code_end: 9 }), 'codeactive', 9402001);
    world.sim.admin.setFinishDelayMs(0);
    const theirs = world.clientFor(OTHER_ACCOUNT);
    const foreign = await theirs.client.applyCode({ code_count: 10_000, isv_application_id: 'theirs-activate' });
    await expectServerError(
      client.activateCodes({ application_id: foreign.application_id, ...DETAILS, code_start: 0, code_end: 9 }),
      'codeactive',
      9402001,
    );
  });

  it.each([
    ['a blank activity_name', { activity_name: ' ' }, 'activity_name'],
    ['a product_code that is a number', { product_code: 6901234567892 }, 'product_code'],
    ['wxa_type 3', { wxa_type: 3 }, 'wxa_type'],
    ['code_start after code_end', { code_start: 10, code_end: 9 }, 'code_start'],
    ['a negative code_end', { code_end: -1 }, 'code_end'],
    ['no wxa_path', { wxa_path: undefined }, 'wxa_path'],
  ])('refuses %s locally', async (_name, change, field) => {
    const request = { application_id: 1, ...DETAILS, code_start: 0, code_end: 9, ...change };
    await expectLocalValidation(client.activateCodes(request as never), field);
  });
});

describe('queryActivation', () => {
  let application_id: number;
  beforeEach(async () => {
    ({ application_id } = await world.finishedApplication(10_000, 'activation-query'));
    await client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 999 });
  });

  it('answers the same activation by index, by code and by code_url; code is text', async () => {
    const { code, code_url } = world.sim.admin.codeOf({ application_id, code_index: 999 });
    const expected = {
      code,
      application_id,
      isv_application_id: 'activation-query',
      ...DETAILS,
      wxa_type: 0,
      code_start: 0,
      code_end: 999,
    };
    await expect(client.queryActivation({ application_id, code_index: 999 })).resolves.toEqual(expected);
    await expect(client.queryActivation({ code })).resolves.toEqual(expected);
    await expect(client.queryActivation({ code_url })).resolves.toEqual(expected);
  });

  it('9402102 for a code that exists but is not activated, by each lookup', async () => {
    const { code, code_url } = world.sim.admin.codeOf({ application_id, code_index: 1_000 });
    await expectServerError(client.queryActivation({ application_id, code_index: 1_000 }), 'codeactivequery', 9402102);
    await expectServerError(client.queryActivation({ code }), 'codeactivequery', 9402102);
    await expectServerError(client.queryActivation({ code_url }), 'codeactivequery', 9402102);
  });

  it('9402101 for unknown, malformed and foreign codes', async () => {
    await expectServerError(client.queryActivation({ code: generator.codeAt(999_999_999) }), 'codeactivequery', 9402101);
    await expectServerError(client.queryActivation({ code_url: generator.codeUrlAt(999_999_999) }), 'codeactivequery', 9402101);
    await expectServerError(client.queryActivation({ code: '12345' }), 'codeactivequery', 9402101);
    await expectServerError(client.queryActivation({ code_url: 'P.URL.CN/0U.AAAAAAAAAAAAAAAA' }), 'codeactivequery', 9402101);
    const { code } = world.sim.admin.codeOf({ application_id, code_index: 5 });
    const theirs = world.clientFor(OTHER_ACCOUNT);
    const error = await rejectionOf(theirs.client.queryActivation({ code }));
    expect(error).toMatchObject({ code: 'WECHAT_9402101', attempts: 1 });
  });

  it('40097 for an index past the end, 9402001 for an unknown application', async () => {
    await expectServerError(client.queryActivation({ application_id, code_index: 10_000 }), 'codeactivequery', 40097);
    await expectServerError(client.queryActivation({ application_id: 9, code_index: 0 }), 'codeactivequery', 9402001);
  });

  it.each([
    ['no lookup key', {}, 'request'],
    ['application_id without code_index', { application_id: 1 }, 'request'],
    ['two lookups at once', { code: '123456789', code_url: 'P.URL.CN/0U.AAAAAAAAAAAAAAAA' }, 'request'],
    ['a negative code_index', { application_id: 1, code_index: -1 }, 'code_index'],
    ['a blank code', { code: '' }, 'code'],
  ])('refuses %s locally', async (_name, request, field) => {
    await expectLocalValidation(client.queryActivation(request as never), field);
  });
});

describe('ticketToCode', () => {
  let application_id: number;
  beforeEach(async () => {
    ({ application_id } = await world.finishedApplication(10_000, 'tickets'));
    await client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 99 });
  });

  it('turns a scan’s ticket into the code and its activation', async () => {
    const ticket = world.sim.admin.mintTicket({ application_id, code_index: 42 });
    await expect(client.ticketToCode({ openid: ticket.openid, code_ticket: ticket.code_ticket })).resolves.toEqual({
      code: ticket.code,
      application_id,
      isv_application_id: 'tickets',
      ...DETAILS,
      wxa_type: 0,
      code_start: 0,
      code_end: 99,
    });
    expect(world.outcomes('tickettocode')).toEqual({ ok: 1 });
  });

  it('40003 for a malformed openid and for an openid the ticket was not minted for', async () => {
    const ticket = world.sim.admin.mintTicket({ application_id, code_index: 1, openid: 'oAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    await expectServerError(client.ticketToCode({ openid: 'not-an-openid', code_ticket: ticket.code_ticket }), 'tickettocode', 40003);
    await expectServerError(
      client.ticketToCode({ openid: 'oBBBBBBBBBBBBBBBBBBBBBBBBBBB', code_ticket: ticket.code_ticket }),
      'tickettocode',
      40003,
    );
  });

  it('40097 for an unknown ticket and for another account’s ticket (as in practice); 9402102 when the code is not activated', async () => {
    const openid = 'oAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await expectServerError(client.ticketToCode({ openid, code_ticket: 'no-such-ticket' }), 'tickettocode', 40097);
    const theirs = world.clientFor(OTHER_ACCOUNT);
    const foreign = await theirs.client.applyCode({ code_count: 10_000, isv_application_id: 'theirs-ticket' });
    const foreignTicket = world.sim.admin.mintTicket({ application_id: foreign.application_id, code_index: 0, openid });
    await expectServerError(client.ticketToCode({ openid, code_ticket: foreignTicket.code_ticket }), 'tickettocode', 40097);
    const inactive = world.sim.admin.mintTicket({ application_id, code_index: 100, openid });
    await expectServerError(client.ticketToCode({ openid, code_ticket: inactive.code_ticket }), 'tickettocode', 9402102);
  });

  it.each([
    ['a blank openid', { openid: '', code_ticket: 't' }, 'openid'],
    ['no code_ticket', { openid: 'oAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'code_ticket'],
  ])('refuses %s locally', async (_name, request, field) => {
    await expectLocalValidation(client.ticketToCode(request as never), field);
  });
});
