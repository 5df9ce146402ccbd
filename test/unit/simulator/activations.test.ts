import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodeGenerator, DEMO_ACCOUNT, type SimulatorAccount } from '@main/simulator';
import { ACTIVATION_DETAILS, startTestSimulator, type TestSimulator } from './helpers';

const OTHER_ACCOUNT: SimulatorAccount = { appid: 'wx00000000000other', secret: 's', serviceKey: 'OtherServiceKey!' };

let t: TestSimulator;
let token: string;
let id: number;

beforeAll(async () => {
  t = await startTestSimulator({ accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT] });
  token = await t.token();
  id = await t.apply(token, 100_000, 'activations-1');
});
afterAll(async () => {
  await t.sim.close();
});

function activate(body: Record<string, unknown>) {
  return t.call('codeactive', { application_id: id, ...ACTIVATION_DETAILS, ...body }, token);
}

describe('codeactive', () => {
  it('activates a range, accepts an identical resend, refuses overlaps', async () => {
    expect(await activate({ code_start: 0, code_end: 999 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await activate({ code_start: 0, code_end: 999 })).toEqual({ errcode: 0, errmsg: 'ok' });

    const otherDetails = await activate({ code_start: 0, code_end: 999, product_title: 'Black tea' });
    expect(otherDetails.errcode).toBe(9402103);
    expect(otherDetails.errmsg).toContain('different details');
    expect((await activate({ code_start: 0, code_end: 999, wxa_type: 1 })).errcode).toBe(9402103);
    expect((await activate({ code_start: 500, code_end: 1_499 })).errcode).toBe(9402103);
    expect((await activate({ code_start: 999, code_end: 999 })).errcode).toBe(9402103);
    expect((await activate({ code_start: 0, code_end: 1_999 })).errcode).toBe(9402103);

    expect((await activate({ code_start: 1_000, code_end: 1_999, wxa_type: 2 })).errcode).toBe(0);
  });

  it.each([
    ['wxa_type 3', { wxa_type: 3 }, 'wxa_type'],
    ['wxa_type as a string', { wxa_type: '1' }, 'wxa_type'],
    ['activity_name missing', { activity_name: undefined }, 'activity_name is required'],
    ['product_code a number', { product_code: 6901234567892 }, 'product_code must be a string'],
    ['wxa_path empty', { wxa_path: '' }, 'wxa_path must not be empty'],
    ['code_start missing', { code_start: undefined }, 'code_start is required'],
    ['code_end fractional', { code_end: 10.5 }, 'code_end must be an integer'],
    ['negative code_start', { code_start: -1 }, '0 <= code_start <= code_end'],
    ['code_start after code_end', { code_start: 20, code_end: 10 }, '0 <= code_start <= code_end'],
    ['code_end at code_count', { code_start: 99_000, code_end: 100_000 }, 'below code_count 100000'],
  ])('rejects %s with 40097', async (_name, override, message) => {
    const answer = await activate({ code_start: 50_000, code_end: 50_099, ...override });
    expect(answer.errcode).toBe(40097);
    expect(answer.errmsg).toContain(message);
  });

  it('requires a FINISH application of the caller', async () => {
    t.sim.admin.setFinishDelayMs(1500);
    const pending = await t.apply(token, 10_000, 'activations-pending');
    t.sim.admin.setFinishDelayMs(0);
    const body = { ...ACTIVATION_DETAILS, code_start: 0, code_end: 9 };
    expect((await t.call('codeactive', { ...body, application_id: pending }, token)).errcode).toBe(9402002);
    expect((await t.call('codeactive', { ...body, application_id: 1 }, token)).errcode).toBe(9402001);
    expect((await t.call('codeactive', { ...body, application_id: id }, await t.token(OTHER_ACCOUNT))).errcode).toBe(9402001);
  });
});

describe('codeactivequery', () => {
  const generator = createCodeGenerator('marketcode-simulator');

  beforeAll(async () => {
    expect((await activate({ code_start: 10_000, code_end: 19_999, wxa_type: 1 })).errcode).toBe(0);
  });

  it('answers the same activation by index, code and code_url', async () => {
    const { code, code_url } = t.sim.admin.codeOf({ application_id: id, code_index: 12_345 });
    const expected = {
      errcode: 0,
      errmsg: 'ok',
      code,
      application_id: id,
      isv_application_id: 'activations-1',
      ...ACTIVATION_DETAILS,
      wxa_type: 1,
      code_start: 10_000,
      code_end: 19_999,
    };
    expect(await t.call('codeactivequery', { application_id: id, code_index: 12_345 }, token)).toEqual(expected);
    expect(await t.call('codeactivequery', { code }, token)).toEqual(expected);
    expect(await t.call('codeactivequery', { code_url }, token)).toEqual(expected);
  });

  it('defaults wxa_type to 0', async () => {
    const answer = await t.call('codeactivequery', { application_id: id, code_index: 0 }, token);
    expect(answer).toMatchObject({ errcode: 0, wxa_type: 0, code_start: 0, code_end: 999 });
  });

  it('answers 9402102 for an existing code that is not activated', async () => {
    const { code, code_url } = t.sim.admin.codeOf({ application_id: id, code_index: 99_999 });
    expect((await t.call('codeactivequery', { application_id: id, code_index: 99_999 }, token)).errcode).toBe(9402102);
    expect((await t.call('codeactivequery', { code }, token)).errcode).toBe(9402102);
    expect((await t.call('codeactivequery', { code_url }, token)).errcode).toBe(9402102);
  });

  it('answers 9402101 for codes that do not exist (or belong to another account)', async () => {
    // The last serial of the code space is never allocated in this small test database.
    const unallocatedCode = generator.codeAt(999_999_999);
    const unallocatedUrl = generator.codeUrlAt(999_999_999);
    const { code } = t.sim.admin.codeOf({ application_id: id, code_index: 12_345 });
    for (const body of [
      { code: unallocatedCode },
      { code_url: unallocatedUrl },
      { code: '12345' },
      { code_url: 'P.URL.CN/0U.AAAAAAAAAAAAAAAA' },
      { code_url: 'https://example.com/' },
    ]) {
      expect((await t.call('codeactivequery', body, token)).errcode, JSON.stringify(body)).toBe(9402101);
    }
    expect((await t.call('codeactivequery', { code }, await t.token(OTHER_ACCOUNT))).errcode).toBe(9402101);
  });

  it('answers 40097 for missing or bad keys and 9402001 for an unknown application', async () => {
    expect((await t.call('codeactivequery', {}, token)).errcode).toBe(40097);
    expect((await t.call('codeactivequery', { application_id: id }, token)).errcode).toBe(40097);
    expect((await t.call('codeactivequery', { application_id: id, code_index: 100_000 }, token)).errcode).toBe(40097);
    expect((await t.call('codeactivequery', { application_id: id, code_index: -1 }, token)).errcode).toBe(40097);
    expect((await t.call('codeactivequery', { code: 123456789 }, token)).errcode).toBe(40097);
    expect((await t.call('codeactivequery', { application_id: 5, code_index: 0 }, token)).errcode).toBe(9402001);
  });

  it('shows details changed underneath by the admin (remote mismatch)', async () => {
    await activate({ code_start: 30_000, code_end: 30_009 });
    const altered = t.sim.admin.alterActivation({
      application_id: id,
      code_index: 30_005,
      changes: { product_title: 'Counterfeit tea', wxa_type: 2 },
    });
    expect(altered).toMatchObject({ code_start: 30_000, code_end: 30_009, product_title: 'Counterfeit tea', wxa_type: 2 });
    const answer = await t.call('codeactivequery', { application_id: id, code_index: 30_000 }, token);
    expect(answer).toMatchObject({ product_title: 'Counterfeit tea', product_brand: ACTIVATION_DETAILS.product_brand, wxa_type: 2 });
    // The original details now conflict with what the service holds.
    expect((await activate({ code_start: 30_000, code_end: 30_009 })).errcode).toBe(9402103);
    expect(() => t.sim.admin.alterActivation({ application_id: id, code_index: 99_999, changes: {} })).toThrow(/no activation/);
  });
});

describe('tickettocode', () => {
  const openid = 'oAbCdEfGhIjKlMnOpQrStUvWxY0';

  beforeAll(async () => {
    expect((await activate({ code_start: 40_000, code_end: 40_099 })).errcode).toBe(0);
  });

  it('turns a minted ticket into the code and its activation', async () => {
    const ticket = t.sim.admin.mintTicket({ application_id: id, code_index: 40_050, openid: `${openid}1` });
    expect(ticket.code_ticket).toMatch(/^[0-9a-f]{32}$/);
    const answer = await t.call('tickettocode', { openid: ticket.openid, code_ticket: ticket.code_ticket }, token);
    expect(answer).toEqual({
      errcode: 0,
      errmsg: 'ok',
      code: ticket.code,
      application_id: id,
      isv_application_id: 'activations-1',
      ...ACTIVATION_DETAILS,
      wxa_type: 0,
      code_start: 40_000,
      code_end: 40_099,
    });
  });

  it('generates a valid openid when none is given', async () => {
    const ticket = t.sim.admin.mintTicket({ application_id: id, code_index: 40_000 });
    expect(ticket.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect((await t.call('tickettocode', { openid: ticket.openid, code_ticket: ticket.code_ticket }, token)).errcode).toBe(0);
  });

  it('answers 40003 for a malformed or foreign openid', async () => {
    const ticket = t.sim.admin.mintTicket({ application_id: id, code_index: 40_001, openid: `${openid}1` });
    expect((await t.call('tickettocode', { openid: 'short', code_ticket: ticket.code_ticket }, token)).errcode).toBe(40003);
    expect((await t.call('tickettocode', { openid: `${openid}2`, code_ticket: ticket.code_ticket }, token)).errcode).toBe(40003);
  });

  it('answers 40097 for an unknown ticket (as in practice), 9402102 for a code not activated, 40097 without a ticket', async () => {
    expect((await t.call('tickettocode', { openid: `${openid}1`, code_ticket: 'f'.repeat(32) }, token)).errcode).toBe(40097);
    const idle = t.sim.admin.mintTicket({ application_id: id, code_index: 99_000 });
    expect((await t.call('tickettocode', { openid: idle.openid, code_ticket: idle.code_ticket }, token)).errcode).toBe(9402102);
    expect((await t.call('tickettocode', { openid: `${openid}1` }, token)).errcode).toBe(40097);
    const foreign = t.sim.admin.mintTicket({ application_id: id, code_index: 40_002 });
    const answer = await t.call('tickettocode', { openid: foreign.openid, code_ticket: foreign.code_ticket }, await t.token(OTHER_ACCOUNT));
    expect(answer.errcode).toBe(40097);
  });

  it('refuses to mint for an unknown application or index', () => {
    expect(() => t.sim.admin.mintTicket({ application_id: 7, code_index: 0 })).toThrow(/not found/);
    expect(() => t.sim.admin.mintTicket({ application_id: id, code_index: 100_000 })).toThrow(/code_index/);
  });
});
