/**
 * Request and response types as the service uses them (issue 13): application_id as a
 * number or a numeric string in every response, code always a string, tickettocode sent
 * with the access token; and the AppSecret refusals seen in practice, from the simulator's
 * token endpoint, as the station names them.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from '@main/simulator';
import { isWechatError } from '@main/wechat';
import { TOKEN, harness, rejectionOf } from './support/fixtures';
import { simulatorWorld } from './support/simulator-world';

const ID = 590_123_456;

describe('responses as the service sends them', () => {
  it('takes application_id (and ranges) as numeric strings and codes as numbers, and hands out numbers and strings', async () => {
    const { client, server } = await harness(
      (request) => {
        if (request.path.endsWith('/applycode')) return { json: { errcode: 0, errmsg: 'ok', application_id: String(ID) } };
        if (request.path.endsWith('/applycodequery')) {
          return {
            json: {
              errcode: 0,
              status: 'FINISH',
              application_id: String(ID),
              code_generate_list: [{ code_start: '0', code_end: '49999' }],
            },
          };
        }
        return { json: { errcode: 0, code: 12345678, application_id: String(ID), code_start: '0', code_end: '99', wxa_type: '0' } };
      },
      { tokenProvider: { kind: 'static', getToken: async () => TOKEN, invalidate: () => undefined } },
    );
    expect(await client.applyCode({ code_count: 10_000, isv_application_id: 'x' })).toEqual({ application_id: ID });
    const status = await client.queryApplication({ application_id: ID });
    expect(status).toMatchObject({ application_id: ID, code_generate_list: [{ code_start: 0, code_end: 49_999 }] });
    const info = await client.ticketToCode({ openid: 'oAAAAAAAAAAAAAAAAAAAAAAAAAAA', code_ticket: 't' });
    expect(info).toMatchObject({ code: '12345678', application_id: ID, code_start: 0, code_end: 99, wxa_type: 0 });
    // tickettocode goes with the access token, like every marketcode call.
    const ticketRequest = server.requests.find((request) => request.path.endsWith('/tickettocode'));
    expect(ticketRequest?.query.access_token).toBe(TOKEN);
  });

  it('refuses an application_id that is not a number', async () => {
    const { client } = await harness(() => ({ json: { errcode: 0, application_id: 'abc' } }), {
      tokenProvider: { kind: 'static', getToken: async () => TOKEN, invalidate: () => undefined },
    });
    const error = await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'x' }));
    expect(isWechatError(error) && error.code).toBe('WECHAT_BAD_RESPONSE');
  });
});

describe('AppSecret refusals from the token endpoint (simulator)', () => {
  it.each([
    ['secret_invalid', 'WECHAT_40125', /AppSecret/],
    ['secret_frozen', 'WECHAT_40243', /frozen/],
  ] as const)('%s: the call fails at once as %s, with what to do', async (kind, code, text) => {
    const world = await simulatorWorld();
    world.sim.admin.failNext({ kind, count: 1, endpoint: 'stable_token' });
    const error = await rejectionOf(world.client.queryApplication({ application_id: 1 }));
    expect(isWechatError(error) && error.code).toBe(code);
    if (!isWechatError(error)) return;
    expect(error.localized.en.message).toMatch(text);
    expect(error.localized['zh-CN'].hint).toContain('AppSecret');
    expect(JSON.stringify(error.toPayload())).not.toContain(DEMO_ACCOUNT.secret);
    expect(world.requests('applycodequery')).toBe(0);
  });
});
