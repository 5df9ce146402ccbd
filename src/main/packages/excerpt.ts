/**
 * Safe excerpts of a package's lines for messages and logs: at most 40 characters, with
 * control, bidi and invisible characters escaped so an excerpt cannot hide or reorder text.
 */
export function lineStartOf(bytes: Buffer, line: number): number {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let current = 1; current < line; current++) at = bytes.indexOf(0x0a, at) + 1;
  return at;
}

const EXCERPT_CHARACTERS = 40;
/** Control, bidi and invisible characters: shown escaped so an excerpt cannot hide or reorder text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffd]/u;
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER.source, 'gu');

function escapeCharacter(character: string): string {
  const point = character.codePointAt(0) ?? 0;
  if (point === 0x09) return '\\t';
  if (point === 0x0d) return '\\r';
  return point <= 0xff ? `\\x${point.toString(16).padStart(2, '0')}` : `\\u${point.toString(16).padStart(4, '0')}`;
}

/** Text with control, bidi and invisible characters escaped. */
export function safeText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, escapeCharacter);
}

/** The start of a line, at most 40 characters, safe to show in a message and a log. */
export function excerptOfLine(bytes: Buffer, lineStart: number): string {
  let lineEnd = bytes.indexOf(0x0a, lineStart);
  if (lineEnd < 0) lineEnd = bytes.length;
  const shown = Array.from(bytes.toString('utf8', lineStart, Math.min(lineEnd, lineStart + EXCERPT_CHARACTERS * 4)).trimEnd());
  const cut = shown.length > EXCERPT_CHARACTERS;
  return shown.slice(0, EXCERPT_CHARACTERS).join('').replace(UNSAFE_CHARACTERS, escapeCharacter) + (cut ? '…' : '');
}

/** The character at a byte offset, quoted when printable, else its code. */
export function describeCharacter(bytes: Buffer, at: number): string {
  const byte = bytes[at]!;
  if (byte > 0x20 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
  if (byte < 0x80) return `0x${byte.toString(16).padStart(2, '0')}`;
  const character = String.fromCodePoint(bytes.toString('utf8', at, Math.min(bytes.length, at + 4)).codePointAt(0) ?? 0xfffd);
  return UNSAFE_CHARACTER.test(character) ? `0x${byte.toString(16)}` : `"${character}"`;
}
