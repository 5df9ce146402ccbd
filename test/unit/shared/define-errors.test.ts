import { describe, expect, it } from 'vitest';
import { defineErrors, type CodeOf } from '@shared/define-errors';
import { isAppError } from '@shared/errors';

const errors = defineErrors({
  THING_REVERSED: {
    en: (p: { start: number; end: number }) => `The start ${p.start} is after the end ${p.end}.`,
    'zh-CN': (p) => `起始 ${p.start} 大于结束 ${p.end}。`,
    hint: { en: 'Swap them.', 'zh-CN': '请交换。' },
  },
  THING_GONE: { en: 'Gone.', 'zh-CN': '没有了。' },
  THING_ROW: {
    en: (p: { row: { id: number; secret: string } }) => `Row ${p.row.id}.`,
    'zh-CN': (p) => `行 ${p.row.id}。`,
    details: (p) => ({ id: p.row.id }),
  },
});

describe('defineErrors', () => {
  it('builds AppErrors with named parameters in both languages, parameters as details', () => {
    const error = errors.THING_REVERSED({ start: 9, end: 3 });
    expect(isAppError(error)).toBe(true);
    expect(error.code).toBe('THING_REVERSED');
    expect(error.message).toBe('The start 9 is after the end 3.');
    expect(error.localized['zh-CN']).toEqual({ message: '起始 9 大于结束 3。', hint: '请交换。' });
    expect(error.localized.en.hint).toBe('Swap them.');
    expect(error.details).toEqual({ start: 9, end: 3 });
  });

  it('takes no argument for an entry without parameters, and keeps a cause', () => {
    const cause = new Error('disk');
    const error = errors.THING_GONE(undefined, { cause });
    expect(error.localized.en).toEqual({ message: 'Gone.' });
    expect(error.details).toBeUndefined();
    expect(error.cause).toBe(cause);
    expect(errors.THING_GONE().code).toBe('THING_GONE');
  });

  it('uses the entry’s own details so a row never travels whole', () => {
    expect(errors.THING_ROW({ row: { id: 4, secret: 's' } }).details).toEqual({ id: 4 });
  });

  it('exposes each code on its builder and as a type', () => {
    const code: CodeOf<typeof errors> = errors.THING_GONE.code;
    expect(code).toBe('THING_GONE');
  });
});

// Compile-time checks: wrong or missing parameters do not compile.
function typeChecks(): void {
  // @ts-expect-error -- a missing parameter
  errors.THING_REVERSED({ start: 1 });
  // @ts-expect-error -- an entry without parameters takes none
  errors.THING_GONE({ start: 1 });
  // @ts-expect-error -- the other language's text is checked against the same parameters
  defineErrors({ X: { en: (p: { a: number }) => `${p.a}`, 'zh-CN': (p) => `${p.b}` } });
}
void typeChecks;

describe('payload builders', () => {
  it('give exactly what the AppError would carry, without building an Error', () => {
    expect(errors.THING_REVERSED.payload({ start: 9, end: 3 })).toEqual(errors.THING_REVERSED({ start: 9, end: 3 }).toPayload());
    expect(errors.THING_GONE.payload()).toEqual(errors.THING_GONE().toPayload());
    expect(errors.THING_ROW.payload({ row: { id: 4, secret: 's' } })).toEqual({
      code: 'THING_ROW',
      message: 'Row 4.',
      localized: { 'zh-CN': { message: '行 4。' }, en: { message: 'Row 4.' } },
      details: { id: 4 },
    });
    expect(JSON.stringify(errors.THING_REVERSED.payload({ start: 1, end: 0 }))).toBe(
      JSON.stringify(errors.THING_REVERSED({ start: 1, end: 0 }).toPayload()),
    );
  });
});
