import { createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_SPACE_SIZE, CODE_URL_PREFIX, buildPackageText, createCodeGenerator, encryptPackage } from '@main/simulator';
import { CODE_PATTERN, CODE_URL_PATTERN } from './helpers';

const generator = createCodeGenerator('marketcode-simulator');
const serial = fc.integer({ min: 0, max: CODE_SPACE_SIZE - 1 });

describe('code generation', () => {
  it('is reversible: serial → code / code_url → serial', () => {
    fc.assert(
      fc.property(serial, (s) => {
        const code = generator.codeAt(s);
        const codeUrl = generator.codeUrlAt(s);
        return (
          CODE_PATTERN.test(code) &&
          CODE_URL_PATTERN.test(codeUrl) &&
          codeUrl.length === 28 &&
          generator.serialOfCode(code) === s &&
          generator.serialOfCodeUrl(codeUrl) === s
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('is injective over random sets of serials', () => {
    fc.assert(
      fc.property(fc.uniqueArray(serial, { minLength: 2, maxLength: 500 }), (serials) => {
        const codes = new Set(serials.map((s) => generator.codeAt(s)));
        const urls = new Set(serials.map((s) => generator.codeUrlAt(s)));
        return codes.size === serials.length && urls.size === serials.length;
      }),
      { numRuns: 100 },
    );
  });

  it('recognises only code_urls it could have made', () => {
    const body = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(body, (text) => {
        const found = generator.serialOfCodeUrl(CODE_URL_PREFIX + text);
        return found === undefined || generator.codeUrlAt(found) === CODE_URL_PREFIX + text;
      }),
      { numRuns: 2_000 },
    );
    expect(generator.serialOfCodeUrl('p.url.cn/0u.' + generator.codeUrlAt(1).slice(12))).toBeUndefined();
    expect(generator.serialOfCode('12345678')).toBeUndefined();
    expect(generator.serialOfCode('12345678a')).toBeUndefined();
  });

  it('keeps leading zeros and depends on the seed', () => {
    const zeros = Array.from({ length: 20_000 }, (_, s) => generator.codeAt(s)).filter((code) => code.startsWith('0'));
    expect(zeros.length).toBeGreaterThan(0);
    expect(generator.serialOfCode(zeros[0] as string)).toBeDefined();
    const other = createCodeGenerator('another-seed');
    expect(other.codeAt(0)).not.toBe(generator.codeAt(0));
    expect(other.codeUrlAt(0)).not.toBe(generator.codeUrlAt(0));
    expect(createCodeGenerator('marketcode-simulator').codeUrlAt(123)).toBe(generator.codeUrlAt(123));
  });

  it('rejects serials outside the code space', () => {
    expect(() => generator.codeAt(CODE_SPACE_SIZE)).toThrow(RangeError);
    expect(() => generator.codeUrlAt(-1)).toThrow(RangeError);
    expect(() => generator.codeAt(1.5)).toThrow(RangeError);
  });
});

describe('encryptPackage', () => {
  it('is AES-128-CBC with key = IV = the service key, PKCS#7, base64', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 16, maxLength: 16 }),
        (bytes, serviceKey) => {
          const encrypted = Buffer.from(encryptPackage(Buffer.from(bytes), serviceKey), 'base64');
          if (encrypted.length % 16 !== 0 || encrypted.length < bytes.length + 1) return false;
          const key = Buffer.from(serviceKey, 'ascii');
          const decipher = createDecipheriv('aes-128-cbc', key, key);
          return Buffer.concat([decipher.update(encrypted), decipher.final()]).equals(Buffer.from(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a service key that is not 16 printable ASCII characters', () => {
    expect(() => encryptPackage(Buffer.from('x'), 'short')).toThrow();
    expect(() => encryptPackage(Buffer.from('x'), '密钥密钥密钥密钥密钥密钥密钥密钥')).toThrow();
  });
});

describe('buildPackageText', () => {
  it('writes the segment in each layout without a trailing newline', () => {
    const segment = { serialStart: 1_000, codeStart: 8, codeEnd: 10 };
    const code = (i: number) => generator.codeAt(1_000 + i);
    const url = (i: number) => generator.codeUrlAt(1_000 + i);
    expect(buildPackageText(generator, segment, 'url').toString()).toBe([url(8), url(9), url(10)].join('\n'));
    expect(buildPackageText(generator, segment, 'index_code_url').toString()).toBe(
      [8, 9, 10].map((i) => `${i},${code(i)},${url(i)}`).join('\n'),
    );
    expect(buildPackageText(generator, segment, 'code_url_spaces').toString()).toBe(
      [8, 9, 10].map((i) => `${code(i)}   ${url(i)}  `).join('\n'),
    );
  });
});
