/**
 * Property tests of the simulator's request validation and packages, over real
 * HTTP: which `code_count` values and `codeactive` / download ranges are
 * accepted, that every wrongly typed field is a 40097 naming the field, and that
 * a package decrypts to exactly `code_end - code_start + 1` lines in each layout
 * with the right key and never to a package with a wrong one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, PACKAGE_LAYOUTS, packageHeaderOf, type PackageLayout, type SimulatorAccount } from '@main/simulator';
import { ACTIVATION_DETAILS, decryptPackage, startTestSimulator, type TestSimulator, type WechatBody } from './helpers';

const RUNS = 60;
const MIN_CODE_COUNT = 10_000;
const MAX_CODE_COUNT = 20_000_000;

const OTHER_ACCOUNT: SimulatorAccount = { appid: 'wx00000000000other', secret: 'other-secret', serviceKey: 'OtherServiceKey!' };

const CODE_URL = 'P\\.URL\\.CN/0U\\.[0-9A-Z]{16}';
const LINE_PATTERN: Record<PackageLayout, RegExp> = {
  url: new RegExp(`^${CODE_URL}$`),
  index_code_url: new RegExp(`^(\\d+),\\d{9},${CODE_URL}$`),
  code_url_spaces: new RegExp(`^\\d{9} {3}${CODE_URL} {2}$`),
  wechat_code_4col: new RegExp(`^8\\d{11} \\d{9} (\\d+) ${CODE_URL}$`),
  header_index_code_url: new RegExp(`^(\\d+),\\d{9},${CODE_URL}$`),
  header_4col: new RegExp(`^8\\d{11},\\d{9},(\\d+),${CODE_URL}$`),
  semicolons: new RegExp(`^(\\d+);\\d{9};${CODE_URL}$`),
  extra_trailing: new RegExp(`^(\\d+),\\d{9},${CODE_URL},L\\d{5}$`),
  short_wechat_code_4col: new RegExp(`^W\\d{8}\\t\\d{9}\\t(\\d+)\\t${CODE_URL}$`),
};

/** The lines of a package if `text` is one of `count` lines in `layout`, else undefined. */
function packageLines(text: string, layout: PackageLayout, count: number): string[] | undefined {
  const header = packageHeaderOf(layout);
  const all = text.split('\n');
  if (header !== null && all.shift() !== header) return undefined;
  const lines = all;
  return lines.length === count && lines.every((line) => LINE_PATTERN[layout].test(line)) ? lines : undefined;
}

let isvCounter = 0;
/** isv_application_ids unique across all runs of all properties. */
function nextIsv(prefix: string): string {
  isvCounter += 1;
  return `${prefix}-${isvCounter}`;
}

// ---- arbitraries ---------------------------------------------------------------

/** Anything JSON can carry that is not a safe integer (NaN and ±Infinity travel as null). */
const notAnInteger = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.boolean(),
  fc.constant(null),
  fc.double().filter((value) => !Number.isSafeInteger(value)),
  fc.constantFrom(2 ** 53, -(2 ** 53), 1e21),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

/** Anything JSON can carry that is not a non-blank string. */
const notText = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '\t\n', '\u3000'),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

type FieldKind = 'integer' | 'text' | 'optional integer';

function wrongValueFor(kind: FieldKind): fc.Arbitrary<unknown> {
  if (kind === 'text') return notText;
  // An optional field that is null counts as absent, which is fine.
  return kind === 'integer' ? notAnInteger : notAnInteger.filter((value) => value !== null);
}

// ---- one simulator for the validation properties --------------------------------

describe('request validation', () => {
  let t: TestSimulator;
  let token: string;
  let application: { application_id: number; code_count: number };

  beforeAll(async () => {
    t = await startTestSimulator({ accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT], segmentSize: 2_500 });
    token = await t.token();
    application = { application_id: await t.apply(token, 10_000, 'validation-base'), code_count: 10_000 };
  });
  afterAll(async () => {
    await t.sim.close();
  });

  it('code_count is accepted iff it is an integer multiple of 10,000 from 10,000 to 20,000,000', async () => {
    const codeCount = fc.oneof(
      fc.integer({ min: 1, max: MAX_CODE_COUNT / MIN_CODE_COUNT }).map((k) => k * MIN_CODE_COUNT),
      fc.integer({ min: -2, max: 2_002 }).chain((k) => fc.integer({ min: -2, max: 2 }).map((d) => k * MIN_CODE_COUNT + d)),
      // Multiples of 1,000 and 5,000: in range, but mostly not multiples of 10,000.
      fc.integer({ min: 1, max: MAX_CODE_COUNT / 1_000 }).map((k) => k * 1_000),
      fc.integer({ min: 1, max: MAX_CODE_COUNT / 5_000 }).map((k) => k * 5_000),
      fc.integer(),
      fc.double(),
      fc.constantFrom(MIN_CODE_COUNT, MAX_CODE_COUNT, MAX_CODE_COUNT + MIN_CODE_COUNT, 5_000, 15_000, 0, -0, 10_000.5, 2e7, 1e21, 2 ** 53),
      notAnInteger,
    );
    const accepted = (value: unknown): boolean =>
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= MIN_CODE_COUNT &&
      value <= MAX_CODE_COUNT &&
      value % MIN_CODE_COUNT === 0;

    let acceptedRuns = 0;
    await fc.assert(
      fc.asyncProperty(codeCount, async (value) => {
        const isv = nextIsv('count');
        const answer = await t.call('applycode', { code_count: value, isv_application_id: isv }, token);
        const query = await t.call('applycodequery', { isv_application_id: isv }, token);
        if (accepted(value)) {
          acceptedRuns += 1;
          expect(answer).toEqual({ errcode: 0, errmsg: 'ok', application_id: expect.any(Number) });
          expect(query).toMatchObject({ errcode: 0, application_id: answer.application_id, code_count: value });
        } else {
          expect(answer.errcode).toBe(40097);
          expect(answer.errmsg).toContain('code_count');
          expect(query.errcode).toBe(9402001);
        }
      }),
      { numRuns: RUNS },
    );
    expect(acceptedRuns).toBeGreaterThan(0);
  });

  it('a wrongly typed field is 40097 naming the field, on every endpoint, and changes nothing', async () => {
    const { application_id } = application;
    const ticket = t.sim.admin.mintTicket({ application_id, code_index: 0 });
    const { code, code_url } = t.sim.admin.codeOf({ application_id, code_index: 0 });
    const cases: { endpoint: string; base: Record<string, unknown>; fields: Record<string, FieldKind> }[] = [
      {
        endpoint: 'applycode',
        base: { code_count: 10_000, isv_application_id: 'typed-never-created' },
        fields: { code_count: 'integer', isv_application_id: 'text' },
      },
      { endpoint: 'applycodequery', base: { application_id }, fields: { application_id: 'integer' } },
      { endpoint: 'applycodequery', base: { isv_application_id: 'validation-base' }, fields: { isv_application_id: 'text' } },
      {
        endpoint: 'applycodedownload',
        base: { application_id, code_start: 0, code_end: 2_499 },
        fields: { application_id: 'integer', code_start: 'integer', code_end: 'integer' },
      },
      {
        endpoint: 'codeactive',
        base: { application_id, ...ACTIVATION_DETAILS, wxa_type: 0, code_start: 0, code_end: 9 },
        fields: {
          application_id: 'integer',
          activity_name: 'text',
          product_brand: 'text',
          product_title: 'text',
          product_code: 'text',
          wxa_appid: 'text',
          wxa_path: 'text',
          wxa_type: 'optional integer',
          code_start: 'integer',
          code_end: 'integer',
        },
      },
      {
        endpoint: 'codeactivequery',
        base: { application_id, code_index: 0 },
        fields: { application_id: 'integer', code_index: 'integer' },
      },
      { endpoint: 'codeactivequery', base: { code }, fields: { code: 'text' } },
      { endpoint: 'codeactivequery', base: { code_url }, fields: { code_url: 'text' } },
      {
        endpoint: 'tickettocode',
        base: { openid: ticket.openid, code_ticket: ticket.code_ticket },
        fields: { openid: 'text', code_ticket: 'text' },
      },
    ];
    const mutation = fc
      .constantFrom(...cases)
      .chain((testCase) =>
        fc
          .constantFrom(...Object.keys(testCase.fields))
          .chain((field) => wrongValueFor(testCase.fields[field] as FieldKind).map((value) => ({ testCase, field, value }))),
      );

    await fc.assert(
      fc.asyncProperty(mutation, async ({ testCase, field, value }) => {
        const answer = await t.call(testCase.endpoint, { ...testCase.base, [field]: value }, token);
        expect(answer.errcode, JSON.stringify({ field, value })).toBe(40097);
        expect(answer.errmsg).toContain(field);
      }),
      { numRuns: 3 * RUNS },
    );

    // Nothing was created or activated by the refused requests.
    expect((await t.call('applycodequery', { isv_application_id: 'typed-never-created' }, token)).errcode).toBe(9402001);
    expect((await t.call('codeactivequery', { application_id, code_index: 0 }, token)).errcode).toBe(9402102);
  });

  it('codeactive ranges are accepted iff 0 ≤ code_start ≤ code_end < code_count, on a FINISH application', async () => {
    const bound = (count: number): fc.Arbitrary<number> =>
      fc.oneof(
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: count - 3, max: count + 3 }),
        fc.integer({ min: 0, max: count - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      );
    const request = fc
      .constantFrom(10_000, 20_000, 30_000)
      .chain((count) => fc.record({ count: fc.constant(count), start: bound(count), end: bound(count) }));

    let acceptedRuns = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ count, start, end }) => {
        const application_id = await t.apply(token, count, nextIsv('range'));
        const answer = await t.call('codeactive', { application_id, ...ACTIVATION_DETAILS, code_start: start, code_end: end }, token);
        const query = (code_index: number): Promise<WechatBody> => t.call('codeactivequery', { application_id, code_index }, token);
        if (0 <= start && start <= end && end < count) {
          acceptedRuns += 1;
          expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
          for (const index of [start, end]) {
            expect(await query(index)).toMatchObject({ errcode: 0, code_start: start, code_end: end });
          }
          if (end + 1 < count) expect((await query(end + 1)).errcode).toBe(9402102);
          if (start > 0) expect((await query(start - 1)).errcode).toBe(9402102);
        } else {
          expect(answer.errcode).toBe(40097);
          expect((await query(Math.min(Math.max(start, 0), count - 1))).errcode).toBe(9402102);
        }
      }),
      { numRuns: RUNS },
    );
    expect(acceptedRuns).toBeGreaterThan(0);
  });

  it('a download range is accepted iff it is exactly one segment of code_generate_list', async () => {
    const segments = (await t.call('applycodequery', { application_id: application.application_id }, token)).code_generate_list as {
      code_start: number;
      code_end: number;
    }[];
    expect(segments).toHaveLength(4);
    const range = fc.oneof(
      fc.constantFrom(...segments).map((s) => ({ start: s.code_start, end: s.code_end })),
      fc
        .record({ segment: fc.constantFrom(...segments), ds: fc.integer({ min: -2, max: 2 }), de: fc.integer({ min: -2, max: 2 }) })
        .map(({ segment, ds, de }) => ({ start: segment.code_start + ds, end: segment.code_end + de })),
      fc.record({ start: fc.integer({ min: -5, max: 10_005 }), end: fc.integer({ min: -5, max: 10_005 }) }),
    );
    t.sim.admin.setPackageLayout('url');
    await fc.assert(
      fc.asyncProperty(range, async ({ start, end }) => {
        const answer = await t.call(
          'applycodedownload',
          { application_id: application.application_id, code_start: start, code_end: end },
          token,
        );
        if (segments.some((s) => s.code_start === start && s.code_end === end)) {
          expect(answer.errcode).toBe(0);
          const text = decryptPackage(answer.buffer as string, DEMO_ACCOUNT.serviceKey);
          expect(packageLines(text, 'url', end - start + 1)).toBeDefined();
        } else {
          expect(answer.errcode).toBe(40097);
          expect(answer.buffer).toBeUndefined();
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ---- packages -------------------------------------------------------------------

describe('packages', () => {
  it('with the right key: exactly code_end - code_start + 1 lines in each layout, for any segment size', async () => {
    const scenario = fc.record({
      segmentSize: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 51, max: 4_000 })),
      codeCount: fc.constantFrom(10_000, 20_000),
      layout: fc.constantFrom(...PACKAGE_LAYOUTS),
      pick: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ segmentSize, codeCount, layout, pick }) => {
        const t = await startTestSimulator({ segmentSize, packageLayout: layout });
        try {
          const token = await t.token();
          const application_id = await t.apply(token, codeCount, 'package');
          const segments = (await t.call('applycodequery', { application_id }, token)).code_generate_list as {
            code_start: number;
            code_end: number;
          }[];
          expect(segments).toHaveLength(Math.ceil(codeCount / segmentSize));
          // The first, the last (maybe shorter) or any other segment.
          const segment = [segments[0], segments.at(-1), segments[pick % segments.length]][pick % 3];
          if (!segment) throw new Error('no segment');
          const { code_start, code_end } = segment;
          const answer = await t.call('applycodedownload', { application_id, code_start, code_end }, token);
          const lines = packageLines(decryptPackage(answer.buffer as string, DEMO_ACCOUNT.serviceKey), layout, code_end - code_start + 1);
          expect(lines).toBeDefined();
          const first = t.sim.admin.codeOf({ application_id, code_index: code_start });
          const last = t.sim.admin.codeOf({ application_id, code_index: code_end });
          expect(lines?.[0]).toContain(first.code_url);
          expect(lines?.at(-1)).toContain(last.code_url);
          if (layout !== 'url') expect(lines?.at(-1)).toContain(last.code);
          if (layout === 'index_code_url') expect(lines?.map((line) => Number(line.split(',')[0]))[0]).toBe(code_start);
        } finally {
          await t.sim.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  describe.each(PACKAGE_LAYOUTS)('with a wrong key (%s)', (layout) => {
    let buffer: string;
    let count: number;
    let t: TestSimulator;

    beforeAll(async () => {
      t = await startTestSimulator({ segmentSize: 997, packageLayout: layout });
      const token = await t.token();
      const application_id = await t.apply(token, 10_000, 'wrong-key');
      // The last segment is the short one: 10,000 = 10 × 997 + 30.
      const answer = await t.call('applycodedownload', { application_id, code_start: 9_970, code_end: 9_999 }, token);
      buffer = answer.buffer as string;
      count = 30;
      expect(packageLines(decryptPackage(buffer, DEMO_ACCOUNT.serviceKey), layout, count)).toBeDefined();
    });
    afterAll(async () => {
      await t.sim.close();
    });

    /** Decryption fails (bad padding), or what comes out is not a package. */
    function failsWith(key: string): boolean {
      let text: string;
      try {
        text = decryptPackage(buffer, key);
      } catch {
        return true;
      }
      return packageLines(text, layout, count) === undefined;
    }

    it('another account’s key, and keys one character off, fail', () => {
      expect(failsWith(OTHER_ACCOUNT.serviceKey)).toBe(true);
      for (let position = 0; position < 16; position += 1) {
        const key = DEMO_ACCOUNT.serviceKey;
        const changed = key.slice(0, position) + (key[position] === 'x' ? 'y' : 'x') + key.slice(position + 1);
        expect(failsWith(changed), changed).toBe(true);
      }
    });

    it('any other 16-character key fails', () => {
      const printable = fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
        minLength: 16,
        maxLength: 16,
      });
      fc.assert(
        fc.property(
          printable.filter((key) => key !== DEMO_ACCOUNT.serviceKey),
          (key) => failsWith(key),
        ),
        { numRuns: 100 },
      );
    });
  });
});
