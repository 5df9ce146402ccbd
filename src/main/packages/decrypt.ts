/**
 * `applycodedownload`'s `buffer` → plaintext: strict base64, AES-128-CBC with
 * key = IV = the service key's 16 ASCII bytes, strict PKCS#7 checked here rather than
 * by OpenSSL (whose bare "bad decrypt" cannot tell a wrong key from a damaged download),
 * then a text check so a wrong key never reaches the parser.
 *
 * Wrong key or damaged download? With a wrong key every block decrypts to noise;
 * with the right key a damaged byte garbles at most three neighbouring blocks (a
 * base64 character can straddle two ciphertext blocks, and CBC garbles the block it
 * sits in and flips bits in the next). So a failure whose blocks 0 and 3 are both
 * noise is a wrong key; any other failure is a damaged download (retry it). The
 * chance that a noise block passes as text is (98/256)^16 ≈ 2·10⁻⁷.
 */
import { isUtf8 } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { packageError } from './package-error';
import type { PackageSegmentRange } from './types';

const SERVICE_KEY_PATTERN = /^[\x20-\x7e]{16}$/;
const BLOCK = 16;
/** Line-wrapped base64 (MIME style) is tolerated: only this whitespace is stripped. */
const BASE64_WHITESPACE = /[\t\n\r ]/;
const BASE64_WHITESPACE_RUNS = /[\t\n\r ]+/g;
const NOT_BASE64_NOR_WHITESPACE = /[^A-Za-z0-9+/=\t\n\r ]/;
/** A '=' followed by anything but '=' and whitespace: padding in the middle. */
const PAD_BEFORE_END = /=+[^=\t\n\r ]/;
const EQUALS = 0x3d;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function isValidServiceKey(serviceKey: unknown): serviceKey is string {
  return typeof serviceKey === 'string' && SERVICE_KEY_PATTERN.test(serviceKey);
}

/**
 * Decrypts one downloaded segment. Returns the unpadded plaintext (a view into one
 * buffer the size of the segment), guaranteed free of control bytes and valid UTF-8.
 * `range` only names the segment in error messages.
 * @throws PackageError PACKAGE_BAD_KEY, PACKAGE_EMPTY, PACKAGE_CORRUPT, PACKAGE_WRONG_KEY
 */
export function decryptPackage(base64: string, serviceKey: string, range?: PackageSegmentRange): Buffer {
  if (!isValidServiceKey(serviceKey)) throw packageError('PACKAGE_BAD_KEY', { range, keyLength: keyLengthOf(serviceKey) });
  const ciphertext = decodeBase64Strictly(base64, range);
  if (ciphertext.length === 0) throw packageError('PACKAGE_EMPTY', { range });
  if (ciphertext.length % BLOCK !== 0) throw packageError('PACKAGE_CORRUPT', { range, reason: 'length', bytes: ciphertext.length });

  const key = Buffer.from(serviceKey, 'latin1');
  const decipher = createDecipheriv('aes-128-cbc', key, key);
  decipher.setAutoPadding(false);
  const padded = decipher.update(ciphertext);
  decipher.final(); // whole blocks and no auto-padding: nothing is held back

  const padLength = strictPkcs7PadLength(padded);
  if (padLength > 0) {
    const plaintext = padded.subarray(0, padded.length - padLength);
    const garbageAt = firstGarbageByte(plaintext);
    if (garbageAt < 0) {
      if (plaintext.length === 0) throw packageError('PACKAGE_EMPTY', { range });
      return plaintext;
    }
    if (looksLikeWrongKey(padded)) throw packageError('PACKAGE_WRONG_KEY', { range });
    throw packageError('PACKAGE_CORRUPT', { range, reason: 'garbage', line: lineOfOffset(plaintext, garbageAt) });
  }
  if (looksLikeWrongKey(padded)) throw packageError('PACKAGE_WRONG_KEY', { range });
  throw packageError('PACKAGE_CORRUPT', { range, reason: 'padding' });
}

/**
 * Node's base64 decoder skips characters it does not know (and stops at a stray '='); a
 * download must not be "repaired" that way. Any skipped character makes the output
 * shorter than the length the text promises, so comparing lengths proves the text clean
 * without a regex over megabytes. Line-wrapped (MIME) base64 is accepted.
 */
function decodeBase64Strictly(base64: string, range: PackageSegmentRange | undefined): Buffer {
  if (typeof base64 !== 'string' || base64.length === 0) throw packageError('PACKAGE_EMPTY', { range });
  let decoded = decodeBase64Exactly(base64);
  if (decoded === null && BASE64_WHITESPACE.test(base64)) decoded = decodeBase64Exactly(base64.replace(BASE64_WHITESPACE_RUNS, ''));
  if (decoded === null) throw packageError('PACKAGE_CORRUPT', { range, reason: 'base64', position: firstBadBase64Character(base64) });
  return decoded;
}

function decodeBase64Exactly(text: string): Buffer | null {
  const length = text.length;
  if (length % 4 !== 0) return null;
  let pads = 0;
  if (length > 0 && text.charCodeAt(length - 1) === EQUALS) pads = text.charCodeAt(length - 2) === EQUALS ? 2 : 1;
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === (length / 4) * 3 - pads ? decoded : null;
}

/** Where the base64 goes wrong, for the message (error path only). */
function firstBadBase64Character(text: string): number {
  const stray = text.search(NOT_BASE64_NOR_WHITESPACE);
  if (stray >= 0) return stray;
  const pad = text.search(PAD_BEFORE_END);
  return pad >= 0 ? pad : text.length;
}

/** The PKCS#7 pad length (1–16) when the last block ends in n bytes of value n; 0 otherwise. */
function strictPkcs7PadLength(padded: Buffer): number {
  const length = padded.length;
  const pad = padded[length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) return 0;
  for (let k = length - pad; k < length - 1; k++) if (padded[k] !== pad) return 0;
  return pad;
}

/**
 * Offset of the first byte that cannot be in a package's text: a control byte other
 * than tab, CR and LF, DEL, or (when any byte is ≥ 0x80) invalid UTF-8. −1 when clean.
 * Non-ASCII UTF-8 passes here so that, say, a Chinese header line is reported by the
 * parser as a bad line rather than as a damaged download.
 */
export function firstGarbageByte(text: Buffer): number {
  let firstHigh = -1;
  let from = 0;
  // Four bytes a step (SWAR): a word with no byte ≥ 0x80, < 0x20 or = 0x7f is skipped
  // whole, so only the word holding each line's LF is looked at byte by byte. The word
  // test may flag a clean word, never miss a suspect one.
  if (text.byteOffset % 4 === 0) {
    const words = new Int32Array(text.buffer, text.byteOffset, text.length >>> 2);
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      const notDel = word ^ 0x7f7f7f7f;
      if (((word | ((word - 0x20202020) & ~word) | ((notDel - 0x01010101) & ~notDel)) & 0x80808080) === 0) continue;
      for (let k = w * 4; k < w * 4 + 4; k++) {
        const kind = byteKind(text[k]!);
        if (kind === GARBAGE) return k;
        if (kind === NON_ASCII && firstHigh < 0) firstHigh = k;
      }
    }
    from = words.length * 4;
  }
  for (let k = from; k < text.length; k++) {
    const kind = byteKind(text[k]!);
    if (kind === GARBAGE) return k;
    if (kind === NON_ASCII && firstHigh < 0) firstHigh = k;
  }
  if (firstHigh >= 0 && !isUtf8(text)) return firstHigh;
  return -1;
}

const TEXT = 0;
const NON_ASCII = 1;
const GARBAGE = 2;

function byteKind(byte: number): number {
  if (byte >= 0x20) return byte < DEL ? TEXT : byte === DEL ? GARBAGE : NON_ASCII;
  return byte === LF || byte === TAB || byte === CR ? TEXT : GARBAGE;
}

/** A block is text when every byte is printable ASCII, tab, CR or LF (a UTF-8 BOM may open block 0). */
function isAsciiTextBlock(padded: Buffer, block: number): boolean {
  let start = block * BLOCK;
  const end = start + BLOCK;
  if (block === 0 && padded[0] === UTF8_BOM[0] && padded[1] === UTF8_BOM[1] && padded[2] === UTF8_BOM[2]) start = 3;
  for (let k = start; k < end; k++) {
    const byte = padded[k]!;
    if (byte >= 0x20 ? byte >= DEL : byte !== LF && byte !== TAB && byte !== CR) return false;
  }
  return true;
}

function looksLikeWrongKey(padded: Buffer): boolean {
  const blocks = padded.length / BLOCK;
  if (isAsciiTextBlock(padded, 0)) return false;
  return blocks < 4 || !isAsciiTextBlock(padded, 3);
}

function lineOfOffset(text: Buffer, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text[k] === LF) line++;
  return line;
}

/** The length of what was given as a key (callers from JavaScript may pass anything). */
function keyLengthOf(serviceKey: unknown): number {
  return typeof serviceKey === 'string' ? serviceKey.length : 0;
}
