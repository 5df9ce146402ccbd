import { useEffectEvent, useLayoutEffect } from 'react';
import { createWedgeDetector, type WedgeOptions, type WedgeOutput } from './wedge-detector';

export interface WedgeScan {
  text: string;
  /** Ended by a terminator (rather than by going idle). */
  terminated: boolean;
  /** First and last key (ms, the `performance.now()` clock). */
  startedAt: number;
  endedAt: number;
}

/** An input method is composing (true) or stopped (false); `cjk`: the detector saw CJK or full-width input, or a key the IME held. */
export type ImeSignal = { composing: boolean } | { cjk: string };

export interface WedgeScannerConfig {
  options: WedgeOptions;
  onScan: (scan: WedgeScan) => void;
  onIme?: (signal: ImeSignal) => void;
  /** Listening only while true (a session runs). */
  enabled?: boolean;
  /** The clock the idle timer reads (tests inject one); key times are the events' own timestamps. */
  now?: () => number;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'number', 'password', 'email', 'tel', 'url', '']);

/**
 * Whether the key belongs to a field the user chose to type into (a form
 * outside the scan flow): then the scanner detector leaves it alone. Anything
 * inside `[data-scan-flow]` stays part of the flow.
 */
export function isOutsideScanFlow(target: EventTarget | null): boolean {
  if (!(target instanceof Element) || target.closest('[data-scan-flow]')) return false;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Keyboard-wedge scanning wherever focus is: listens on `window` in the
 * capture phase (ahead of any focused control), feeds the wedge detector, and
 * consumes a scan's terminator so its Enter or Tab never presses a focused
 * button or moves focus. The idle timer judges scanners without a suffix.
 */
export function useWedgeScanner(config: WedgeScannerConfig): void {
  const { options, enabled = true } = config;
  const { maxInterKeyMs, idleTimeoutMs, minLength } = options;
  const terminators = options.terminators.join('\n');

  const deliver = useEffectEvent((outputs: WedgeOutput[]) => {
    for (const output of outputs) {
      if (output.kind === 'scan')
        config.onScan({ text: output.text, terminated: output.terminated, startedAt: output.startedAt, endedAt: output.endedAt });
      else if (output.kind === 'ime') config.onIme?.({ cjk: output.text });
    }
  });
  const composing = useEffectEvent((on: boolean) => config.onIme?.({ composing: on }));
  const now = useEffectEvent(() => (config.now ? config.now() : performance.now()));

  // A layout effect: listening starts before the screen first paints, so a scan the moment it shows is never lost.
  useLayoutEffect(() => {
    if (!enabled) return;
    const detector = createWedgeDetector({
      maxInterKeyMs,
      idleTimeoutMs,
      minLength,
      terminators: terminators === '' ? [] : terminators.split('\n'),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    /**
     * The last key's own timestamp and when we handled it: the idle timer
     * measures time since then on `now()`, so event timestamps and the timer's
     * clock need not share an origin (they do in Chromium, not in jsdom).
     */
    let lastKey = { time: 0, handledAt: 0 };
    const eventClock = () => lastKey.time + (now() - lastKey.handledAt);

    function schedule() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const deadline = detector.deadline();
      if (deadline === undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          deliver(detector.tick(eventClock()));
          schedule();
        },
        Math.max(1, deadline - eventClock()),
      );
    }

    function onKeyDown(event: KeyboardEvent) {
      if (isOutsideScanFlow(event.target)) return;
      if (event.isComposing) {
        deliver([{ kind: 'ime', text: '' }]);
        return;
      }
      const time = event.timeStamp;
      lastKey = { time, handledAt: now() };
      const idle = detector.tick(time);
      const outcome = detector.key({
        key: event.key,
        time,
        repeat: event.repeat,
        modified: event.ctrlKey || event.altKey || event.metaKey,
      });
      if (outcome.consume) {
        event.preventDefault();
        event.stopPropagation();
      }
      deliver([...idle, ...outcome.outputs]);
      schedule();
    }
    const onCompositionStart = (event: CompositionEvent) => {
      if (!isOutsideScanFlow(event.target)) composing(true);
    };
    const onCompositionEnd = (event: CompositionEvent) => {
      if (!isOutsideScanFlow(event.target)) composing(false);
    };

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('compositionstart', onCompositionStart, true);
    window.addEventListener('compositionend', onCompositionEnd, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('compositionstart', onCompositionStart, true);
      window.removeEventListener('compositionend', onCompositionEnd, true);
      if (timer !== undefined) clearTimeout(timer);
      // A burst cut off by leaving the screen is judged rather than lost.
      deliver(detector.flush());
    };
  }, [enabled, maxInterKeyMs, idleTimeoutMs, minLength, terminators]);
}
