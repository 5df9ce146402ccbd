/**
 * What a Chinese input method does to scans, shared by every scan field: while
 * it composes it swallows keys ("Process"), in full-width mode it turns ASCII
 * into full-width forms, and in Chinese punctuation mode `.` `/` `$` become
 * `。` `、` `￥`. We warn about all of it and fold what can be folded back.
 */

/** CJK scripts, CJK symbols and punctuation, kana, bopomofo, ideographs, full-width forms. */
const CJK =
  /[\u2e80-\u2fff\u3000-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;

/** Chinese-punctuation-mode replacements of the ASCII a code or code_url can hold. */
const PUNCTUATION: Record<string, string> = { '。': '.', '、': '/', '￥': '$', '\u3000': ' ' };

export function containsCjk(text: string): boolean {
  return CJK.test(text);
}

/** Folds full-width ASCII (U+FF01–U+FF5E) and Chinese punctuation back to ASCII; leaves other text as it is. */
export function toHalfWidth(text: string): string {
  let folded = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) folded += String.fromCodePoint(code - 0xfee0);
    else folded += PUNCTUATION[char] ?? char;
  }
  return folded;
}

/** The `KeyboardEvent.key` of a key an IME took for itself. */
export function isImeProcessKey(key: string): boolean {
  return key === 'Process';
}
