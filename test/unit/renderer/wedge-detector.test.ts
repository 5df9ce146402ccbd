import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCjk, toHalfWidth } from '@renderer/scan-input/ime';
import {
  createWedgeDetector,
  DEFAULT_WEDGE_OPTIONS,
  type WedgeDetector,
  type WedgeKey,
  type WedgeOptions,
  type WedgeOutput,
} from '@renderer/scan-input/wedge-detector';

/** Seeded: the properties are deterministic and quick. */
const RUNS = { numRuns: 300, seed: 20_250_520 };
const CODE_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';
const HUMAN_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789 ';

interface Fed {
  outputs: WedgeOutput[];
  /** Times of the keys the detector asked to consume. */
  consumed: number[];
}

/** Feeds keys in time order, letting the detector's idle timer fire as a real timer would; judges the rest at the end. */
function feed(detector: WedgeDetector, keys: readonly WedgeKey[]): Fed {
  const outputs: WedgeOutput[] = [];
  const consumed: number[] = [];
  for (const key of keys) {
    const deadline = detector.deadline();
    if (deadline !== undefined && deadline <= key.time) outputs.push(...detector.tick(deadline));
    const outcome = detector.key(key);
    outputs.push(...outcome.outputs);
    if (outcome.consume) consumed.push(key.time);
  }
  const deadline = detector.deadline();
  if (deadline !== undefined) outputs.push(...detector.tick(deadline));
  return { outputs, consumed };
}

/** A scanner typing `code` from `start`, `gap` ms a key, then the terminator. */
function burst(code: string, start: number, gap = 2, terminator: string | null = 'Enter'): WedgeKey[] {
  const keys = [...code].map((key, index) => ({ key, time: start + index * gap }));
  if (terminator) keys.push({ key: terminator, time: start + code.length * gap });
  return keys;
}

/** A person typing `text` from `start`, `gap` ms a key. */
function typing(text: string, start: number, gap = 180): WedgeKey[] {
  return [...text].map((key, index) => ({ key: key === '\n' ? 'Enter' : key, time: start + index * gap }));
}

const scans = (outputs: WedgeOutput[]) => outputs.filter((output) => output.kind === 'scan').map((output) => output.text);
const typed = (outputs: WedgeOutput[]) => outputs.filter((output) => output.kind === 'typed').map((output) => output.text);

describe('wedge detector', () => {
  it('takes a fast burst ended by Enter as one scan and consumes the Enter', () => {
    const { outputs, consumed } = feed(createWedgeDetector(), burst('P.URL.CN/0U.JYJXP3HJI2C98A9O', 1_000));
    expect(outputs).toEqual([{ kind: 'scan', text: 'P.URL.CN/0U.JYJXP3HJI2C98A9O', startedAt: 1_000, endedAt: 1_054, terminated: true }]);
    expect(consumed).toEqual([1_056]);
  });

  it('takes Tab as a terminator too, and only the configured ones', () => {
    expect(scans(feed(createWedgeDetector(), burst('0123456789', 0, 3, 'Tab')).outputs)).toEqual(['0123456789']);
    const enterOnly = createWedgeDetector({ ...DEFAULT_WEDGE_OPTIONS, terminators: ['Enter'] });
    const { outputs, consumed } = feed(enterOnly, [...burst('0123456789', 0, 3, null), { key: 'Tab', time: 31 }]);
    // Tab is "another key" there: it ends the run, which is still a scan, but is left to the page.
    expect(scans(outputs)).toEqual(['0123456789']);
    expect(consumed).toEqual([]);
  });

  it('leaves human typing alone, Enter included', () => {
    const { outputs, consumed } = feed(createWedgeDetector(), typing('abc123456789\n', 0));
    expect(scans(outputs)).toEqual([]);
    expect(typed(outputs).join('')).toBe('abc123456789');
    expect(consumed).toEqual([]);
  });

  it('does not take a fast burst shorter than the minimum length', () => {
    const { outputs, consumed } = feed(createWedgeDetector(), burst('12345678', 0));
    expect(outputs).toEqual([{ kind: 'typed', text: '12345678' }]);
    expect(consumed).toEqual([]);
    const shorter = createWedgeDetector({ ...DEFAULT_WEDGE_OPTIONS, minLength: 8 });
    expect(scans(feed(shorter, burst('12345678', 0)).outputs)).toEqual(['12345678']);
  });

  it('ignores Shift and other modifiers between the characters, and shortcuts', () => {
    const keys: WedgeKey[] = [];
    for (const [index, key] of [...'AB1CD2EF3G'].entries()) {
      if (/[A-Z]/.test(key)) keys.push({ key: 'Shift', time: index * 4 });
      keys.push({ key, time: index * 4 + 1 });
    }
    keys.push({ key: 'c', time: 45, modified: true }, { key: 'Enter', time: 46 });
    expect(scans(feed(createWedgeDetector(), keys).outputs)).toEqual(['AB1CD2EF3G']);
  });

  it('takes a burst without a terminator once it has been idle, and says when to look', () => {
    const detector = createWedgeDetector();
    for (const key of burst('ABCDEFGHJK', 100, 2, null)) expect(detector.key(key).outputs).toEqual([]);
    expect(detector.deadline()).toBe(118 + 150 + 1);
    expect(detector.tick(200)).toEqual([]);
    expect(detector.tick(269)).toEqual([{ kind: 'scan', text: 'ABCDEFGHJK', startedAt: 100, endedAt: 118, terminated: false }]);
    expect(detector.deadline()).toBeUndefined();
  });

  it('splits bursts without terminators at a gap longer than the inter-key limit', () => {
    const options: WedgeOptions = { ...DEFAULT_WEDGE_OPTIONS, terminators: [] };
    const keys = [...burst('AAAAAAAAA1', 0, 2, null), ...burst('BBBBBBBBB2', 60, 2, null)];
    expect(scans(feed(createWedgeDetector(options), keys).outputs)).toEqual(['AAAAAAAAA1', 'BBBBBBBBB2']);
  });

  it('keeps a scan whole across a stall once the scanner has shown itself', () => {
    const code = 'P.URL.CN/0U.JYJXP3HJI2C98A9O';
    const keys = burst(code, 0, 2).map((key, index) => (index >= 12 ? { ...key, time: key.time + 120 } : key));
    expect(scans(feed(createWedgeDetector(), keys).outputs)).toEqual([code]);
  });

  it('puts a burst back together when it stalls after its first keys', () => {
    const stalled = (code: string, at: number[], pause = 60) =>
      burst(code, 0, 1).map((key, index) => ({ ...key, time: key.time + pause * at.filter((where) => index >= where).length }));
    expect(scans(feed(createWedgeDetector(), stalled('544964773', [1])).outputs)).toEqual(['544964773']);
    expect(scans(feed(createWedgeDetector(), stalled('544964773', [1, 2])).outputs)).toEqual(['544964773']);
    expect(scans(feed(createWedgeDetector(), stalled('P.URL.CN/0U.JYJXP3HJI2C98A9O', [2])).outputs)).toEqual([
      'P.URL.CN/0U.JYJXP3HJI2C98A9O',
    ]);
    // The head alone was reported as typing meanwhile; the terminator still belongs to the scan.
    const { outputs, consumed } = feed(createWedgeDetector(), stalled('544964773', [1]));
    expect(outputs[0]).toEqual({ kind: 'typed', text: '5' });
    expect(consumed).toHaveLength(1);
  });

  it('does not join a key typed by hand to a whole burst after it', () => {
    const keys = [{ key: 'x', time: 0 }, ...burst('P.URL.CN/0U.JYJXP3HJI2C98A9O', 60, 1)];
    expect(scans(feed(createWedgeDetector(), keys).outputs)).toEqual(['P.URL.CN/0U.JYJXP3HJI2C98A9O']);
  });

  it('does not count auto-repeat (a held key) as a scanner', () => {
    const keys = Array.from({ length: 12 }, (_, index) => ({ key: 'a', time: index * 30, repeat: index > 0 }));
    const { outputs } = feed(createWedgeDetector(), [...keys, { key: 'Enter', time: 400 }]);
    expect(scans(outputs)).toEqual([]);
  });

  it('consumes the Enter of a CR LF suffix right after a scan, but not a later Enter', () => {
    const keys = [...burst('0123456789', 0, 2), { key: 'Enter', time: 22 }, { key: 'Enter', time: 600 }];
    expect(feed(createWedgeDetector(), keys).consumed).toEqual([20, 22]);
  });

  it('ends a run at Backspace and other named keys', () => {
    const keys = [...burst('012345', 0, 2, null), { key: 'Backspace', time: 13 }, ...burst('6789ABCDEF', 15, 2)];
    const { outputs } = feed(createWedgeDetector(), keys);
    expect(outputs).toEqual([
      { kind: 'typed', text: '012345' },
      { kind: 'scan', text: '6789ABCDEF', startedAt: 15, endedAt: 33, terminated: true },
    ]);
  });

  it('folds a full-width IME burst back to ASCII and reports the IME', () => {
    const fullWidth = [...'P.URL.CN/0U.JYJXP3HJI2C98A9O'].map((char) =>
      char === '.' ? '。' : String.fromCodePoint(char.codePointAt(0)! + 0xfee0),
    );
    const { outputs } = feed(createWedgeDetector(), burst(fullWidth.join(''), 0));
    expect(scans(outputs)).toEqual(['P.URL.CN/0U.JYJXP3HJI2C98A9O']);
    expect(outputs.some((output) => output.kind === 'ime')).toBe(true);
  });

  it('reports keys an IME holds ("Process")', () => {
    const { outputs } = feed(createWedgeDetector(), [{ key: 'Process', time: 0 }]);
    expect(outputs).toEqual([{ kind: 'ime', text: '' }]);
  });

  it('follows new options', () => {
    const detector = createWedgeDetector();
    detector.configure({ ...DEFAULT_WEDGE_OPTIONS, maxInterKeyMs: 60 });
    expect(scans(feed(detector, burst('0123456789', 0, 50)).outputs)).toEqual(['0123456789']);
  });

  it('knows CJK text and folds full-width forms', () => {
    expect(containsCjk('ABC')).toBe(false);
    expect(containsCjk('扫码')).toBe(true);
    expect(containsCjk('Ａ')).toBe(true);
    expect(toHalfWidth('Ｐ。ＵＲＬ：／、￥')).toBe('P.URL://$');
    expect(toHalfWidth('扫码A')).toBe('扫码A');
  });
});

/**
 * A line at 20 scans a second: a burst starts every 50 ms. Between some bursts
 * the worker types by hand (never faster than the inter-key limit, and never
 * within it of a scanner's key: closer than that, no timing could tell them
 * apart). Every burst must come out once, whole, in order, with its terminator
 * consumed; no typed key may end up inside a scan.
 */
interface Timeline {
  keys: WedgeKey[];
  codes: string[];
  terminatorTimes: number[];
  humanText: string;
}

const SLOT_MS = 50;

const burstArbitrary = fc.record({
  code: fc.oneof(
    fc.string({ unit: fc.constantFrom(...CODE_CHARACTERS), minLength: 9, maxLength: 9 }),
    fc.string({ unit: fc.constantFrom(...CODE_CHARACTERS), minLength: 28, maxLength: 28 }),
    fc.string({ unit: fc.constantFrom(...CODE_CHARACTERS), minLength: 10, maxLength: 36 }),
  ),
  /** Scanner key gaps; the whole burst fits its 50 ms slot. */
  gaps: fc.array(fc.double({ min: 0.2, max: 1.2, noNaN: true }), { minLength: 37, maxLength: 37 }),
  /** Shift around upper-case letters, as many scanners send it. */
  shift: fc.boolean(),
  terminator: fc.constantFrom('Enter', 'Tab'),
  offset: fc.double({ min: 0, max: 4, noNaN: true }),
});

const humanArbitrary = fc.record({
  /** Whole slots the line is idle for while the person types. */
  slots: fc.integer({ min: 1, max: 12 }),
  text: fc.string({ unit: fc.constantFrom(...HUMAN_CHARACTERS, '\n'), minLength: 0, maxLength: 8 }),
  gaps: fc.array(fc.double({ min: DEFAULT_WEDGE_OPTIONS.maxInterKeyMs + 1, max: 400, noNaN: true }), { minLength: 8, maxLength: 8 }),
});

const timelineArbitrary: fc.Arbitrary<Timeline> = fc
  .array(fc.oneof({ arbitrary: burstArbitrary, weight: 3 }, { arbitrary: humanArbitrary, weight: 1 }), { minLength: 1, maxLength: 40 })
  .map((items) => {
    const keys: WedgeKey[] = [];
    const codes: string[] = [];
    const terminatorTimes: number[] = [];
    let humanText = '';
    let slotStart = 0;
    /** When a person may type: after the last scanner key (and its terminator) by more than the inter-key limit. */
    let freeFrom = 0;
    for (const item of items) {
      if ('code' in item) {
        let time = slotStart + item.offset;
        [...item.code].forEach((char, index) => {
          if (item.shift && /[A-Z]/.test(char)) keys.push({ key: 'Shift', time: time - 0.1 });
          keys.push({ key: char, time });
          time += item.gaps[index]!;
        });
        keys.push({ key: item.terminator, time });
        terminatorTimes.push(time);
        codes.push(item.code);
        freeFrom = time;
        slotStart += SLOT_MS;
      } else {
        const windowEnd = slotStart + item.slots * SLOT_MS - DEFAULT_WEDGE_OPTIONS.maxInterKeyMs - 1;
        let time = freeFrom + DEFAULT_WEDGE_OPTIONS.maxInterKeyMs + 1;
        for (const [index, char] of [...item.text].entries()) {
          time += index === 0 ? 0 : item.gaps[index]!;
          if (time >= windowEnd) break;
          keys.push({ key: char === '\n' ? 'Enter' : char, time });
          if (char !== '\n') humanText += char;
        }
        slotStart += item.slots * SLOT_MS;
        freeFrom = slotStart;
      }
    }
    return { keys, codes, terminatorTimes, humanText };
  });

describe('wedge detector properties', () => {
  it('never drops or merges a burst at 20 scans a second, whatever typing happens between them', () => {
    fc.assert(
      fc.property(timelineArbitrary, (timeline) => {
        const { outputs, consumed } = feed(createWedgeDetector(), timeline.keys);
        expect(scans(outputs)).toEqual(timeline.codes);
        expect(consumed).toEqual(timeline.terminatorTimes);
        expect(typed(outputs).join('')).toBe(timeline.humanText);
      }),
      RUNS,
    );
  });

  /**
   * Stalls (a busy machine delays keys) of up to the idle timeout, anywhere in
   * a 9-character code and after the second key of a longer one: a single key
   * then a pause looks exactly like a person's key before a burst, so a longer
   * burst that stalls after its very first key keeps only the rest.
   */
  it('keeps bursts apart and whole when keys stall inside them, even right after the first key', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .record({
              code: fc.oneof(
                fc.string({ unit: fc.constantFrom(...CODE_CHARACTERS), minLength: 9, maxLength: 9 }),
                fc.string({ unit: fc.constantFrom(...CODE_CHARACTERS), minLength: 10, maxLength: 36 }),
              ),
              stallAt: fc.integer({ min: 1, max: 35 }),
              stall: fc.integer({ min: 0, max: DEFAULT_WEDGE_OPTIONS.idleTimeoutMs - 1 }),
              /** A second stall, after the first. */
              secondStall: fc.option(fc.record({ after: fc.integer({ min: 1, max: 35 }), stall: fc.integer({ min: 0, max: 149 }) })),
            })
            .map((item) => ({ ...item, stallAt: Math.min(item.stallAt, item.code.length - 1) }))
            .filter((item) => item.code.length === 9 || item.stallAt >= 2),
          { minLength: 1, maxLength: 20 },
        ),
        (items) => {
          const keys: WedgeKey[] = [];
          let start = 0;
          for (const item of items) {
            const second = item.secondStall ? Math.min(item.stallAt + item.secondStall.after, item.code.length) : Number.POSITIVE_INFINITY;
            const keysOfBurst = burst(item.code, start, 1).map((key, index) => {
              let delay = index >= item.stallAt ? item.stall : 0;
              if (index >= second) delay += item.secondStall!.stall;
              return { ...key, time: key.time + delay };
            });
            keys.push(...keysOfBurst);
            start = Math.max(start + SLOT_MS, keysOfBurst.at(-1)!.time + 1);
          }
          const { outputs, consumed } = feed(createWedgeDetector(), keys);
          expect(scans(outputs)).toEqual(items.map((item) => item.code));
          expect(consumed).toHaveLength(items.length);
        },
      ),
      RUNS,
    );
  });
});
