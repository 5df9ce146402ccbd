import { describe, expect, it } from 'vitest';
import { decryptPackage, isValidServiceKey } from '@main/packages';
import { firstGarbageByte } from '@main/packages/decrypt';
import { PACKAGE_LAYOUTS, encryptPackage } from '@main/simulator';
import { OTHER_KEY, SERVICE_KEY, encryptRaw, expectTranslated, packageErrorOf, simulatorPackage, textPackage } from './support';

const big = simulatorPackage('index_code_url', 50_000, 2_000);

function flipByte(base64: string, byteOffset: number, mask = 0x01): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[byteOffset] = bytes[byteOffset]! ^ mask;
  return bytes.toString('base64');
}

function decryptError(buffer: string, key = SERVICE_KEY) {
  return packageErrorOf(() => decryptPackage(buffer, key, big.range));
}

describe('decryptPackage', () => {
  it('returns exactly the plaintext of every simulator layout', () => {
    for (const layout of PACKAGE_LAYOUTS) {
      const pkg = simulatorPackage(layout, 0, 500);
      expect(decryptPackage(pkg.buffer, SERVICE_KEY, pkg.range).equals(pkg.plaintext)).toBe(true);
    }
    // One line (two blocks) and a plaintext that fills whole blocks (a full block of padding).
    const one = simulatorPackage('url', 3, 1);
    expect(decryptPackage(one.buffer, SERVICE_KEY).toString()).toBe(one.rows[0]!.codeUrl);
    const full = Buffer.from('0123456789ABCDEF'.repeat(4));
    expect(decryptPackage(encryptPackage(full, SERVICE_KEY), SERVICE_KEY).equals(full)).toBe(true);
  });

  it('accepts line-wrapped (MIME) base64', () => {
    const wrapped = big.buffer.replace(/.{76}/g, '$&\r\n');
    expect(decryptPackage(wrapped, SERVICE_KEY).equals(big.plaintext)).toBe(true);
  });

  it('refuses a service key that is not 16 printable ASCII characters, without echoing it', () => {
    for (const key of [
      '',
      'short',
      'DemoServiceKey16 ',
      'DemoServiceKey1',
      '服务密钥服务密钥服务密钥服务密钥',
      'DemoService\tKey16'.slice(0, 16),
    ]) {
      const error = packageErrorOf(() => decryptPackage(big.buffer, key, big.range));
      expect(error.code).toBe('PACKAGE_BAD_KEY');
      expect(error.details?.keyLength).toBe(key.length);
      expectTranslated(error, big.range);
      if (key.length > 3) expect(JSON.stringify(error.toPayload())).not.toContain(key);
    }
    expect(isValidServiceKey(SERVICE_KEY)).toBe(true);
    expect(isValidServiceKey('with spaces ok!!')).toBe(true);
  });

  it('reports an empty buffer or an empty plaintext as PACKAGE_EMPTY', () => {
    for (const buffer of ['', '  \r\n', encryptPackage(Buffer.alloc(0), SERVICE_KEY)]) {
      const error = decryptError(buffer);
      expect(error.code).toBe('PACKAGE_EMPTY');
      expectTranslated(error, big.range);
    }
  });

  it('reports a wrong key as PACKAGE_WRONG_KEY, whatever the size', () => {
    for (const pkg of [simulatorPackage('url', 0, 1), simulatorPackage('code_url_spaces', 0, 3), big]) {
      for (const key of [OTHER_KEY, 'demoservicekey16', 'DemoServiceKey17']) {
        const error = packageErrorOf(() => decryptPackage(pkg.buffer, key, pkg.range));
        expect(error.code).toBe('PACKAGE_WRONG_KEY');
        expectTranslated(error, pkg.range, 1);
        expect(error.localized.en.hint).toContain('Settings → Connection');
        expect(error.localized['zh-CN'].hint).toContain('设置 → 连接');
      }
    }
  });

  it('reports a wrong key with (by chance) valid padding as PACKAGE_WRONG_KEY, not as text', () => {
    // Garbage that ends in a valid pad byte: decrypt garbage with the right key, then re-encrypt it padded.
    const garbage = Buffer.alloc(64, 0x9c);
    garbage[63] = 0x01;
    expect(decryptError(encryptRaw(garbage)).code).toBe('PACKAGE_WRONG_KEY');
  });

  it('reports truncated downloads as PACKAGE_CORRUPT (the key is right: it decrypts the start)', () => {
    const cuts = [
      { buffer: big.buffer.slice(0, -3), reason: 'base64' },
      { buffer: Buffer.from(big.buffer, 'base64').subarray(0, -5).toString('base64'), reason: 'length' },
      { buffer: Buffer.from(big.buffer, 'base64').subarray(0, -16).toString('base64'), reason: 'padding' },
      { buffer: Buffer.from(big.buffer, 'base64').subarray(0, 48).toString('base64'), reason: 'padding' },
    ];
    for (const { buffer, reason } of cuts) {
      const error = decryptError(buffer);
      expect(error.code).toBe('PACKAGE_CORRUPT');
      expect(error.details?.reason).toBe(reason);
      expectTranslated(error, big.range);
      expect(error.localized.en.hint).toMatch(/download the segment again/i);
    }
  });

  it('reports a flipped bit anywhere as PACKAGE_CORRUPT', () => {
    const length = Buffer.from(big.buffer, 'base64').length;
    for (const offset of [0, 5, 16, 31, 47, 48, 1_000, Math.floor(length / 2), length - 17, length - 16, length - 1]) {
      const error = decryptError(flipByte(big.buffer, offset, 0x10));
      expect(error.code, `offset ${offset}`).toBe('PACKAGE_CORRUPT');
      expect(['padding', 'garbage']).toContain(error.details?.reason);
    }
    const middle = decryptError(flipByte(big.buffer, 16 * 1_000));
    expect(middle.details?.reason).toBe('garbage');
    const line = middle.details?.line as number;
    expect(line).toBeGreaterThan(1);
    expectTranslated(middle, big.range, line);
  });

  it('refuses invalid base64 rather than skipping characters', () => {
    const cases = [
      big.buffer.slice(0, 100) + '!' + big.buffer.slice(101),
      big.buffer.slice(0, 100) + '!!!!' + big.buffer.slice(100),
      big.buffer.slice(0, 100) + '=' + big.buffer.slice(101),
      big.buffer.slice(0, 100) + 'é' + big.buffer.slice(101),
      'QUJDQ===',
    ];
    for (const buffer of cases) {
      const error = decryptError(buffer);
      expect(error.code).toBe('PACKAGE_CORRUPT');
      expect(error.details?.reason).toBe('base64');
    }
    expect(decryptError(cases[0]!).details?.position).toBe(100);
    expect(decryptError(cases[2]!).details?.position).toBe(100);
  });

  it('unpads strictly: pad value 1–16, all pad bytes equal', () => {
    const body = Buffer.from('P.URL.CN/0U.JYJXP3HJI2C98A9O\n'.repeat(2).slice(0, 48));
    const withPad = (pad: number[]) => encryptRaw(Buffer.concat([body, Buffer.from(pad)]));
    const valid = decryptPackage(withPad(new Array(16).fill(16)), SERVICE_KEY);
    expect(valid.equals(body)).toBe(true);
    const bad = [
      [...body.subarray(0, 15)].concat([0]).slice(0, 16), // pad value 0
      new Array(16).fill(17), // pad value above 16
      [0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x02, 0x03, 0x03], // 3,3 then 2
      [0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x01, 0x02], // 2 then 1
    ];
    for (const pad of bad) {
      const error = packageErrorOf(() => decryptPackage(withPad(pad), SERVICE_KEY, big.range));
      expect(error.code).toBe('PACKAGE_CORRUPT');
      expect(error.details?.reason).toBe('padding');
    }
  });

  it('refuses control bytes and invalid UTF-8 inside a correctly encrypted text as damage, naming the line', () => {
    for (const bad of ['\u0000', '\u001b', '\u007f']) {
      const pkg = textPackage(
        `1\n2\n3${bad}\n4\n5\n`.replace(/\d/g, (d) => 'P.URL.CN/0U.JYJXP3HJI2C98A9' + d),
        0,
        5,
      );
      const error = packageErrorOf(() => decryptPackage(pkg.buffer, SERVICE_KEY, pkg.range));
      expect(error.code).toBe('PACKAGE_CORRUPT');
      expect(error.details).toMatchObject({ reason: 'garbage', line: 3 });
      expectTranslated(error, pkg.range, 3);
    }
    const invalidUtf8 = Buffer.concat([
      Buffer.from('P.URL.CN/0U.JYJXP3HJI2C98A9O\nP.URL.CN/0U.'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    const error = packageErrorOf(() => decryptPackage(encryptPackage(invalidUtf8, SERVICE_KEY), SERVICE_KEY));
    expect(error.code).toBe('PACKAGE_CORRUPT');
    expect(error.details?.line).toBe(2);
  });

  it('lets valid UTF-8 text through (a header in Chinese is the parser’s to refuse)', () => {
    const text = Buffer.from('\ufeff码序号,码,码链接\n0,123456789,P.URL.CN/0U.JYJXP3HJI2C98A9O');
    expect(decryptPackage(encryptPackage(text, SERVICE_KEY), SERVICE_KEY).equals(text)).toBe(true);
  });
});

describe('firstGarbageByte', () => {
  it('finds the same byte on aligned and unaligned buffers', () => {
    const base = Buffer.from('0,123456789,P.URL.CN/0U.JYJXP3HJI2C98A9O\r\n\t '.repeat(20));
    for (let shift = 0; shift < 4; shift++) {
      const backing = Buffer.alloc(base.length + 8);
      const view = backing.subarray(shift, shift + base.length);
      base.copy(view);
      expect(firstGarbageByte(view)).toBe(-1);
      for (const [at, byte, expected] of [
        [37, 0x00, 37],
        [100, 0x7f, 100],
        [base.length - 1, 0x1f, base.length - 1],
        [9, 0xff, 9],
        [10, 0xe7, 10], // a lone lead byte: invalid UTF-8, reported at the first non-ASCII byte
      ] as const) {
        base.copy(view);
        view[at] = byte;
        expect(firstGarbageByte(view), `shift ${shift} at ${at}`).toBe(expected);
      }
    }
  });
});
