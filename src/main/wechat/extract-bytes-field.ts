/**
 * Cuts one large string value out of a JSON object's bytes without decoding it:
 * `{"errcode":0,"buffer":"<megabytes>"}` → the value's bytes, and the object's
 * bytes with the value emptied (`"buffer":""`) for JSON.parse. Only a plain value
 * qualifies (no escapes, no control bytes), which base64 always is; anything else
 * (an escaped `\/`, a key that appears twice, the key inside another string)
 * returns undefined and the caller parses the whole text as usual.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

export function extractBytesField(json: Uint8Array, field: string): { value: Uint8Array; rest: Uint8Array } | undefined {
  const key = new TextEncoder().encode(JSON.stringify(field));
  const at = indexOf(json, key, 0);
  if (at < 0 || indexOf(json, key, at + key.length) >= 0) return undefined;
  let cursor = skipWhitespace(json, at + key.length);
  if (json[cursor] !== COLON) return undefined;
  cursor = skipWhitespace(json, cursor + 1);
  if (json[cursor] !== QUOTE) return undefined;
  const start = cursor + 1;
  let end = start;
  for (; end < json.length; end++) {
    const byte = json[end]!;
    if (byte === QUOTE) break;
    if (byte === BACKSLASH || byte < 0x20) return undefined;
  }
  if (end >= json.length || !keyIsOutsideStrings(json, at)) return undefined;
  const rest = new Uint8Array(json.length - (end - start));
  rest.set(json.subarray(0, start), 0);
  rest.set(json.subarray(end), start);
  return { value: json.subarray(start, end), rest };
}

function skipWhitespace(bytes: Uint8Array, from: number): number {
  let cursor = from;
  while (cursor < bytes.length && (bytes[cursor] === 0x20 || bytes[cursor] === 0x09 || bytes[cursor] === 0x0a || bytes[cursor] === 0x0d))
    cursor++;
  return cursor;
}

/** Counts unescaped quotes before `offset`: an even count means it is not inside a string. */
function keyIsOutsideStrings(bytes: Uint8Array, offset: number): boolean {
  let inString = false;
  for (let index = 0; index < offset; index++) {
    const byte = bytes[index];
    if (byte === BACKSLASH && inString) index++;
    else if (byte === QUOTE) inString = !inString;
  }
  return !inString;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, from);
}
