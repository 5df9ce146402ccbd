/** Scanning from the keyboard: the wedge burst detector, its window-level hook, and the IME watch every scan flow shares. */
export { containsCjk, isImeProcessKey, toHalfWidth } from './ime';
export { ImeWarning } from './ImeWarning';
export { useImeFields } from './use-ime-fields';
export { isOutsideScanFlow, useWedgeScanner, type ImeSignal, type WedgeScan, type WedgeScannerConfig } from './use-wedge-scanner';
export {
  createWedgeDetector,
  DEFAULT_WEDGE_OPTIONS,
  wedgeOptionsFrom,
  type KeyOutcome,
  type WedgeDetector,
  type WedgeKey,
  type WedgeOptions,
  type WedgeOutput,
} from './wedge-detector';
