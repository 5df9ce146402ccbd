import { describe, expect, it } from 'vitest';
import { WechatError, isApplicationFinished } from '@main/wechat';
import { ACTIVATION, TOKEN, harness, recordingClient, rejectionOf, scriptedServer } from './support/fixtures';

describe('marketcode client: request shapes and response parsing', () => {
  it('applyCode POSTs code_count and isv_application_id with the token in the query', async () => {
    const { client, server } = await harness(() => ({ json: { errcode: 0, errmsg: 'ok', application_id: 581865877 } }));
    const result = await client.applyCode({ code_count: 100_000, isv_application_id: 'testid124' });
    expect(result).toEqual({ application_id: 581865877 });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/intp/marketcode/applycode');
    expect(request?.query).toEqual({ access_token: TOKEN });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ code_count: 100_000, isv_application_id: 'testid124' });
  });

  it('queryApplication sends one lookup and parses status and code_generate_list', async () => {
    const { client, server } = await harness(() => ({
      json: {
        errcode: 0,
        errmsg: 'ok',
        status: 'FINISH',
        isv_application_id: 'testid124',
        code_generate_list: [
          { code_start: 0, code_end: 49_999 },
          { code_start: 50_000, code_end: 99_999 },
        ],
        create_time: 1_700_000_000,
        update_time: 1_700_000_100,
      },
    }));
    const status = await client.queryApplication({ isv_application_id: 'testid124' });
    expect(server.requests[0]?.path).toBe('/intp/marketcode/applycodequery');
    expect(server.requests[0]?.body).toEqual({ isv_application_id: 'testid124' });
    expect(status.code_generate_list).toEqual([
      { code_start: 0, code_end: 49_999 },
      { code_start: 50_000, code_end: 99_999 },
    ]);
    expect(isApplicationFinished(status)).toBe(true);

    await client.queryApplication({ application_id: 581865877 });
    expect(server.requests[1]?.body).toEqual({ application_id: 581865877 });
  });

  it('queryApplication treats a missing code_generate_list as empty and other statuses as not finished', async () => {
    const { client } = await harness(() => ({ json: { errcode: 0, errmsg: 'ok', status: 'PROCESSING' } }));
    const status = await client.queryApplication({ application_id: 1 });
    expect(status.code_generate_list).toEqual([]);
    expect(isApplicationFinished(status)).toBe(false);
  });

  it('downloadSegment sends application_id, code_start, code_end and returns the base64 buffer', async () => {
    const { client, server } = await harness(() => ({ json: { errcode: 0, errmsg: 'ok', buffer: 'ajfiwejfoiawjfijweofi' } }));
    const result = await client.downloadSegment({ application_id: 581865877, code_start: 0, code_end: 49_999 });
    expect(result).toEqual({ buffer: 'ajfiwejfoiawjfijweofi' });
    expect(server.requests[0]?.path).toBe('/intp/marketcode/applycodedownload');
    expect(server.requests[0]?.body).toEqual({ application_id: 581865877, code_start: 0, code_end: 49_999 });
  });

  it('downloadSegmentBytes returns the base64 text as bytes, and reads an escaped or oddly placed buffer the slow way', async () => {
    const base64 = 'ajfiwejf/oiawjf+ijweofi==';
    const bodies = [
      JSON.stringify({ errcode: 0, errmsg: 'ok', buffer: base64 }),
      // PHP-style JSON escapes '/'; the fast path refuses escapes and the whole text is parsed instead.
      `{"errcode":0,"errmsg":"ok","buffer":"${base64.replace('/', '\\/')}"}`,
      `{ "buffer" :\n "${base64}" , "errcode": 0 }`,
    ];
    const { client } = await harness((_request, index) => ({ text: bodies[index] ?? '' }));
    for (let index = 0; index < bodies.length; index++) {
      const { buffer } = await client.downloadSegmentBytes({ application_id: 1, code_start: 0, code_end: 49_999 });
      expect(buffer).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(buffer).toString('latin1')).toBe(base64);
    }
  });

  it('downloadSegmentBytes still reports WeChat errors and malformed answers', async () => {
    const answers = ['{"errcode":40097,"errmsg":"invalid args","buffer":""}', '{"errcode":0,"buffer":"abc"', '{"errcode":0}'];
    const { client } = await harness((_request, index) => ({ text: answers[index] ?? '' }));
    await expect(client.downloadSegmentBytes({ application_id: 1, code_start: 0, code_end: 9 })).rejects.toMatchObject({ errcode: 40097 });
    await expect(client.downloadSegmentBytes({ application_id: 1, code_start: 0, code_end: 9 })).rejects.toThrow(/not JSON/);
    await expect(client.downloadSegmentBytes({ application_id: 1, code_start: 0, code_end: 9 })).rejects.toThrow(/buffer/);
  });

  it('activateCodes sends every activation field, wxa_type when given, and accepts a bare success', async () => {
    const { client, server } = await harness(() => ({ json: { errcode: 0, errmsg: 'ok' } }));
    await expect(client.activateCodes(ACTIVATION)).resolves.toBeUndefined();
    await client.activateCodes({ ...ACTIVATION, wxa_type: 2 });
    expect(server.requests[0]?.path).toBe('/intp/marketcode/codeactive');
    expect(server.requests[0]?.body).toEqual(ACTIVATION);
    expect(server.requests[1]?.body).toEqual({ ...ACTIVATION, wxa_type: 2 });
  });

  it('a success without errcode is a success', async () => {
    const { client } = await harness(() => ({ json: {} }));
    await expect(client.activateCodes(ACTIVATION)).resolves.toBeUndefined();
  });

  it('queryActivation sends each of its three lookups and turns a numeric code into text', async () => {
    const answer = {
      errcode: 0,
      errmsg: 'ok',
      code: 8,
      code_start: 0,
      code_end: 200,
      activity_name: 'test_name',
      product_brand: 'test_brand',
      product_title: 'test_title',
      product_code: 'test_code',
      wxa_appid: 'test_appid',
      wxa_path: 'test_path',
      wxa_type: 0,
      application_id: 581865877,
      isv_application_id: 'test_id',
    };
    const { client, server } = await harness(() => ({ json: answer }));
    const info = await client.queryActivation({ code_url: 'P.URL.CN/0U.JYJXP3HJI2C98A9O' });
    expect(info.code).toBe('8');
    expect(info).toMatchObject({ application_id: 581865877, isv_application_id: 'test_id', code_start: 0, code_end: 200 });
    await client.queryActivation({ code: '012345678' });
    await client.queryActivation({ application_id: 581865877, code_index: 42 });
    expect(server.requests.map((request) => request.path)).toEqual(Array(3).fill('/intp/marketcode/codeactivequery'));
    expect(server.requests.map((request) => request.body)).toEqual([
      { code_url: 'P.URL.CN/0U.JYJXP3HJI2C98A9O' },
      { code: '012345678' },
      { application_id: 581865877, code_index: 42 },
    ]);
  });

  it('keeps a code that arrives as text exactly, leading zeros included', async () => {
    const { client } = await harness(() => ({ json: { errcode: 0, errmsg: 'ok', code: '000012345' } }));
    expect((await client.queryActivation({ code: '000012345' })).code).toBe('000012345');
  });

  it('ticketToCode sends openid and code_ticket and parses the activation', async () => {
    const { client, server } = await harness(() => ({
      json: { errcode: 0, errmsg: 'ok', code: '8', code_start: 0, code_end: 200, wxa_path: 'pages/index/index', application_id: 581865877 },
    }));
    const info = await client.ticketToCode({ openid: 'oiV2luCau8Cx0TMOy9lvZSLqRcKc', code_ticket: '6cb4bc95e1f1abc97034cbe8fd484989' });
    expect(info).toMatchObject({ code: '8', application_id: 581865877, wxa_path: 'pages/index/index' });
    expect(server.requests[0]?.path).toBe('/intp/marketcode/tickettocode');
    expect(server.requests[0]?.query).toEqual({ access_token: TOKEN });
    expect(server.requests[0]?.body).toEqual({ openid: 'oiV2luCau8Cx0TMOy9lvZSLqRcKc', code_ticket: '6cb4bc95e1f1abc97034cbe8fd484989' });
  });

  it('drops unknown request fields instead of sending them', async () => {
    const { client, server } = await harness(() => ({ json: { errcode: 0, application_id: 1 } }));
    const request = { code_count: 10_000, isv_application_id: 'a', extra: 'nope' };
    await client.applyCode(request);
    expect(server.requests[0]?.body).toEqual({ code_count: 10_000, isv_application_id: 'a' });
  });

  it('a trailing slash on baseUrl does not double the slash', async () => {
    const server = await scriptedServer(() => ({ json: { errcode: 0, application_id: 1 } }));
    const { client } = recordingClient({ baseUrl: `${server.baseUrl}/` });
    await client.applyCode({ code_count: 10_000, isv_application_id: 'a' });
    expect(server.requests[0]?.path).toBe('/intp/marketcode/applycode');
  });

  describe('responses that do not fit', () => {
    it.each([
      ['not JSON', { text: '<html>proxy login</html>' }, 'not JSON'],
      ['a JSON array', { json: [1, 2] }, 'not a JSON object'],
      ['success without application_id', { json: { errcode: 0, errmsg: 'ok' } }, 'application_id'],
      ['a non-numeric errcode', { json: { errcode: 'oops' } }, 'errcode'],
    ])('%s is WECHAT_BAD_RESPONSE and not retried', async (_name, reply, problem) => {
      const { client, server, sleeps } = await harness(() => reply);
      const error = await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'a' }));
      expect(error).toBeInstanceOf(WechatError);
      expect((error as WechatError).code).toBe('WECHAT_BAD_RESPONSE');
      expect(String((error as WechatError).details?.problem)).toContain(problem);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('HTTP 404 is WECHAT_HTTP_STATUS and not retried', async () => {
      const { client, server } = await harness(() => ({ status: 404, text: 'not found' }));
      const error = (await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'a' }))) as WechatError;
      expect(error.code).toBe('WECHAT_HTTP_STATUS');
      expect(error.httpStatus).toBe(404);
      expect(server.requests).toHaveLength(1);
    });
  });

  it('reports attempt, success and failure events', async () => {
    let now = 1_000;
    const { client, events } = await harness(
      (_request, index) => {
        now += 25;
        return index === 0 ? { json: { errcode: 0, application_id: 7 } } : { json: { errcode: 40097, errmsg: 'invalid args' } };
      },
      { now: () => now },
    );
    await client.applyCode({ code_count: 10_000, isv_application_id: 'a' });
    await rejectionOf(client.activateCodes(ACTIVATION));
    expect(events.map((event) => event.type)).toEqual(['attempt', 'success', 'attempt', 'failure']);
    expect(events[1]).toEqual({ type: 'success', endpoint: 'applycode', attempts: 1, durationMs: 25 });
    const failure = events[3];
    expect(failure?.type === 'failure' && failure.error.code).toBe('WECHAT_40097');
  });

  it('a throwing event listener does not break the call', async () => {
    const { client } = await harness(() => ({ json: { errcode: 0, application_id: 7 } }), {
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'a' })).resolves.toEqual({ application_id: 7 });
  });

  it('an aborted signal cancels the call with WECHAT_ABORTED', async () => {
    const { client, server } = await harness(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = client.queryApplication({ application_id: 1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = (await rejectionOf(pending)) as WechatError;
    expect(error.code).toBe('WECHAT_ABORTED');
    expect(server.requests).toHaveLength(1);
  });
});
