import { useRef, useState } from 'react';
import { useWedgeScanner, wedgeOptionsFrom, type ImeSignal } from '@renderer/scan-input';
import { useAppStore } from '@renderer/store/app-store';
import { useVerifyStore } from '@renderer/store/verify-store';

/**
 * The Verify screen's keyboard-wedge scanning: every scan burst goes to main as
 * it ends, whatever has focus (except the screen's own form fields). Says when
 * an input method gets in the way: while it composes, and from the moment its
 * output (CJK or full-width characters) shows up until a clean scan comes.
 */
export function useVerifyScanning(enabled: boolean): { imeWarning: boolean } {
  const settings = useAppStore((state) => state.settings);
  const scan = useVerifyStore((state) => state.scan);
  const [composing, setComposing] = useState(false);
  const [imeOutput, setImeOutput] = useState(false);
  const imeSinceLastScan = useRef(false);

  useWedgeScanner({
    enabled,
    options: wedgeOptionsFrom(settings),
    onScan(wedgeScan) {
      setImeOutput(imeSinceLastScan.current);
      imeSinceLastScan.current = false;
      void scan(wedgeScan.text);
    },
    onIme(signal: ImeSignal) {
      if ('composing' in signal) {
        setComposing(signal.composing);
        return;
      }
      imeSinceLastScan.current = true;
      setImeOutput(true);
    },
  });

  return { imeWarning: enabled && (composing || imeOutput) };
}
