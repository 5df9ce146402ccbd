import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, type PackageLayout, type SimulatorAccount } from '@main/simulator';
import { CODE_PATTERN, CODE_URL_PATTERN, decryptPackage, startTestSimulator, type TestSimulator, type WechatBody } from './helpers';

const OTHER_ACCOUNT: SimulatorAccount = {
  appid: 'wx00000000000other',
  secret: 'other-secret',
  serviceKey: 'OtherServiceKey!',
};

let t: TestSimulator;
let token: string;

beforeAll(async () => {
  t = await startTestSimulator({ accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT] });
  token = await t.token();
});
afterAll(async () => {
  await t.sim.close();
});

describe('applycode', () => {
  it.each([
    ['code_count missing', { isv_application_id: 'v1' }, 'code_count is required'],
    ['code_count as a string', { code_count: '10000', isv_application_id: 'v2' }, 'code_count must be an integer'],
    ['code_count fractional', { code_count: 10000.5, isv_application_id: 'v3' }, 'code_count must be an integer'],
    ['code_count zero', { code_count: 0, isv_application_id: 'v4' }, 'multiple of 10000'],
    ['code_count below minimum', { code_count: 5000, isv_application_id: 'v5' }, 'multiple of 10000'],
    ['code_count not a multiple', { code_count: 15000, isv_application_id: 'v6' }, 'multiple of 10000'],
    ['code_count above maximum', { code_count: 20_010_000, isv_application_id: 'v7' }, 'multiple of 10000'],
    ['code_count negative', { code_count: -10000, isv_application_id: 'v8' }, 'multiple of 10000'],
    ['isv_application_id missing', { code_count: 10000 }, 'isv_application_id is required'],
    ['isv_application_id a number', { code_count: 10000, isv_application_id: 42 }, 'isv_application_id must be a string'],
    ['isv_application_id empty', { code_count: 10000, isv_application_id: ' ' }, 'isv_application_id must not be empty'],
    ['isv_application_id null', { code_count: 10000, isv_application_id: null }, 'isv_application_id is required'],
  ])('rejects %s with 40097', async (_name, body, message) => {
    const answer = await t.call('applycode', body, token);
    expect(answer.errcode).toBe(40097);
    expect(answer.errmsg).toContain(message);
    expect(answer.application_id).toBeUndefined();
  });

  it('accepts the bounds 10,000 and 20,000,000 (codes are never stored)', async () => {
    const small = await t.apply(token, 10_000, 'bounds-small');
    const large = await t.apply(token, 20_000_000, 'bounds-large');
    expect(small).not.toBe(large);
    const query = await t.call('applycodequery', { application_id: large }, token);
    expect(query.code_generate_list).toHaveLength(400);
  });

  it('is idempotent per isv_application_id and refuses a different code_count', async () => {
    const first = await t.call('applycode', { code_count: 30_000, isv_application_id: 'idem-1' }, token);
    const again = await t.call('applycode', { code_count: 30_000, isv_application_id: 'idem-1' }, token);
    expect(first).toEqual({ errcode: 0, errmsg: 'ok', application_id: expect.any(Number) });
    expect(again).toEqual(first);
    const conflicting = await t.call('applycode', { code_count: 40_000, isv_application_id: 'idem-1' }, token);
    expect(conflicting.errcode).toBe(9402003);
    expect(conflicting.errmsg).toContain('30000');
  });

  it('gives unique large application ids, and the same isv id of another account is another application', async () => {
    const ours = await t.apply(token, 10_000, 'shared-isv');
    const theirs = await t.apply(await t.token(OTHER_ACCOUNT), 10_000, 'shared-isv');
    expect(theirs).not.toBe(ours);
    for (const id of [ours, theirs]) {
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(100_000_000);
    }
  });
});

describe('applycodequery', () => {
  it('moves through INIT and GENERATING to FINISH, listing segments only when finished', async () => {
    t.sim.admin.setFinishDelayMs(1500);
    const created = t.clock.now();
    const id = await t.apply(token, 120_000, 'states-1');
    t.sim.admin.setFinishDelayMs(0);

    const init = await t.call('applycodequery', { application_id: id }, token);
    expect(init).toMatchObject({ errcode: 0, application_id: id, isv_application_id: 'states-1', code_count: 120_000, status: 'INIT' });
    expect(init.code_generate_list).toBeUndefined();
    expect(init.create_time).toBe(Math.floor(created / 1000));

    t.clock.advance(600);
    const generating = await t.call('applycodequery', { isv_application_id: 'states-1' }, token);
    expect(generating.status).toBe('GENERATING');
    expect(generating.code_generate_list).toBeUndefined();

    t.clock.advance(900);
    const finished = await t.call('applycodequery', { application_id: id, isv_application_id: 'states-1' }, token);
    expect(finished.status).toBe('FINISH');
    expect(finished.code_generate_list).toEqual([
      { code_start: 0, code_end: 49_999 },
      { code_start: 50_000, code_end: 99_999 },
      { code_start: 100_000, code_end: 119_999 },
    ]);
    expect(finished.update_time).toBe(Math.floor((created + 1500) / 1000));
  });

  it('with finishDelayMs 0 is FINISH at the first query', async () => {
    const id = await t.apply(token, 10_000, 'instant');
    expect((await t.call('applycodequery', { application_id: id }, token)).status).toBe('FINISH');
  });

  it('answers 9402001 for unknown, mismatched or foreign applications and 40097 without keys', async () => {
    const id = await t.apply(token, 10_000, 'query-owner');
    expect((await t.call('applycodequery', { application_id: 123 }, token)).errcode).toBe(9402001);
    expect((await t.call('applycodequery', { isv_application_id: 'unknown' }, token)).errcode).toBe(9402001);
    expect((await t.call('applycodequery', { application_id: id, isv_application_id: 'other' }, token)).errcode).toBe(9402001);
    const foreign = await t.call('applycodequery', { application_id: id }, await t.token(OTHER_ACCOUNT));
    expect(foreign.errcode).toBe(9402001);
    expect((await t.call('applycodequery', {}, token)).errcode).toBe(40097);
    expect((await t.call('applycodequery', { application_id: '1' }, token)).errcode).toBe(40097);
  });

  it('keeps segment size per application (option segmentSize)', async () => {
    const small = await startTestSimulator({ segmentSize: 25_000 });
    try {
      const smallToken = await small.token();
      const id = await small.apply(smallToken, 60_000, 'seg');
      const answer = await small.call('applycodequery', { application_id: id }, smallToken);
      expect(answer.code_generate_list).toEqual([
        { code_start: 0, code_end: 24_999 },
        { code_start: 25_000, code_end: 49_999 },
        { code_start: 50_000, code_end: 59_999 },
      ]);
    } finally {
      await small.sim.close();
    }
  });
});

describe('applycodedownload', () => {
  let id: number;

  beforeAll(async () => {
    id = await t.apply(token, 120_000, 'download-1');
  });

  async function download(codeStart: number, codeEnd: number, applicationId = id): Promise<WechatBody> {
    return t.call('applycodedownload', { application_id: applicationId, code_start: codeStart, code_end: codeEnd }, token);
  }

  async function lines(layout: PackageLayout, codeStart: number, codeEnd: number): Promise<string[]> {
    t.sim.admin.setPackageLayout(layout);
    const answer = await download(codeStart, codeEnd);
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok', buffer: expect.any(String) });
    return decryptPackage(answer.buffer as string, DEMO_ACCOUNT.serviceKey).split('\n');
  }

  it('index_code_url: `code_index,code,code_url` lines, unique, with the segment indices', async () => {
    const rows = (await lines('index_code_url', 100_000, 119_999)).map((line) => line.split(','));
    expect(rows).toHaveLength(20_000);
    // One expect over the whole segment: 20,000 expect calls would dominate the run time.
    const bad = rows.filter(
      ([index, code, codeUrl], i) =>
        Number(index) !== 100_000 + i || !CODE_PATTERN.test(code ?? '') || !CODE_URL_PATTERN.test(codeUrl ?? ''),
    );
    expect(bad).toEqual([]);
    expect(new Set(rows.map((row) => row[1])).size).toBe(20_000);
    expect(new Set(rows.map((row) => row[2])).size).toBe(20_000);
  });

  it('url and code_url_spaces layouts carry the same codes', async () => {
    const indexed = (await lines('index_code_url', 0, 49_999)).map((line) => line.split(','));
    const urls = await lines('url', 0, 49_999);
    const spaced = await lines('code_url_spaces', 0, 49_999);
    expect(urls).toHaveLength(50_000);
    expect(spaced).toHaveLength(50_000);
    expect(urls.filter((url) => url.length !== 28)).toEqual([]);
    expect(urls).toEqual(indexed.map((row) => row[2]));
    const badSpaced = spaced.filter((line, i) => {
      const [code, url] = line.trim().split(/\s+/);
      const shaped = /^[0-9]{9} +P\.URL\.CN\/0U\.[0-9A-Z]{16}\s+$/.test(line);
      return !shaped || code !== indexed[i]?.[1] || url !== indexed[i]?.[2];
    });
    expect(badSpaced).toEqual([]);
  });

  it('returns the same bytes on every download and different codes per segment and application', async () => {
    t.sim.admin.setPackageLayout('index_code_url');
    const first = (await download(50_000, 99_999)).buffer;
    const second = (await download(50_000, 99_999)).buffer;
    expect(second).toBe(first);
    const segmentA = new Set((await lines('url', 0, 49_999)).concat(await lines('url', 50_000, 99_999)));
    expect(segmentA.size).toBe(100_000);
    const otherId = await t.apply(token, 50_000, 'download-2');
    const other = decryptPackage((await download(0, 49_999, otherId)).buffer as string, DEMO_ACCOUNT.serviceKey)
      .split('\n')
      .map((line) => line.split(',')[2]);
    expect(other.filter((url) => segmentA.has(url as string))).toEqual([]);
  });

  it('encrypts with the service key of the calling account', async () => {
    const otherToken = await t.token(OTHER_ACCOUNT);
    const otherId = await t.apply(otherToken, 10_000, 'other-download');
    const answer = await t.call('applycodedownload', { application_id: otherId, code_start: 0, code_end: 9_999 }, otherToken);
    expect(decryptPackage(answer.buffer as string, OTHER_ACCOUNT.serviceKey).split('\n')).toHaveLength(10_000);
    expect(() => decryptPackage(answer.buffer as string, DEMO_ACCOUNT.serviceKey)).toThrow();
  });

  it('refuses anything but exactly one segment of a FINISH application', async () => {
    expect((await download(0, 49_998)).errcode).toBe(40097);
    expect((await download(0, 99_999)).errcode).toBe(40097);
    expect((await download(1, 50_000)).errcode).toBe(40097);
    expect((await download(100_000, 120_000)).errcode).toBe(40097);
    expect((await t.call('applycodedownload', { application_id: id, code_start: 0 }, token)).errcode).toBe(40097);
    expect((await download(0, 49_999, 999)).errcode).toBe(9402001);

    t.sim.admin.setFinishDelayMs(1500);
    const pending = await t.apply(token, 10_000, 'not-finished');
    t.sim.admin.setFinishDelayMs(0);
    const refused = await download(0, 9_999, pending);
    expect(refused.errcode).toBe(9402002);
    expect(refused.errmsg).toContain('INIT');
    t.clock.advance(1500);
    expect((await download(0, 9_999, pending)).errcode).toBe(0);
  });
});
