import { useState, type KeyboardEvent } from 'react';
import { containsCjk } from './ime';

/**
 * IME watch for scan fields that are plain inputs (the Activate screen's): the
 * composition handlers to spread on each field, whether to warn, and a check
 * for keys that belong to the IME rather than to the scan.
 */
export function useImeFields() {
  const [composing, setComposing] = useState(false);
  const [cjkSeen, setCjkSeen] = useState(false);
  return {
    warn: composing || cjkSeen,
    fieldProps: {
      onCompositionStart: () => setComposing(true),
      onCompositionEnd: () => setComposing(false),
    },
    /** True when the key is the IME's (composing): the field should ignore it. */
    isImeKey(event: KeyboardEvent<HTMLElement>): boolean {
      if (!event.nativeEvent.isComposing) return false;
      setComposing(true);
      return true;
    },
    /** Watches a field's text for what an IME leaves behind (full-width or CJK characters). */
    noteText(text: string): void {
      setCjkSeen(containsCjk(text));
    },
  };
}
