import { describe, expect, it } from 'vitest';
import { extractBytesField } from '@main/wechat/extract-bytes-field';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

describe('extractBytesField', () => {
  it('cuts the value out and leaves the rest parseable with the field emptied', () => {
    const split = extractBytesField(bytes('{"errcode":0,"errmsg":"ok","buffer":"QUJD+/=="}'), 'buffer')!;
    expect(text(split.value)).toBe('QUJD+/==');
    expect(JSON.parse(text(split.rest))).toEqual({ errcode: 0, errmsg: 'ok', buffer: '' });
  });

  it('allows whitespace around the colon, and the field anywhere in the object', () => {
    const split = extractBytesField(bytes('{ "buffer" :\n "QUJD" , "errcode": 0 }'), 'buffer')!;
    expect(text(split.value)).toBe('QUJD');
    expect(JSON.parse(text(split.rest))).toEqual({ buffer: '', errcode: 0 });
  });

  it.each([
    ['an escaped character in the value', '{"buffer":"QU\\/JD"}'],
    ['a control byte in the value', '{"buffer":"QU\tJD"}'],
    ['no such field', '{"errcode":0}'],
    ['the field twice', '{"buffer":"QQ","buffer":"Qg"}'],
    ['the name inside another string', '{"errmsg":"x \\"buffer\\":\\"y","errcode":1}'],
    ['a value that is not a string', '{"buffer":null}'],
    ['an unterminated value', '{"buffer":"QUJD'],
  ])('leaves the whole text to JSON.parse when there is %s', (_case, json) => {
    expect(extractBytesField(bytes(json), 'buffer')).toBeUndefined();
  });
});
