export { hidStatus, loadHid, type HidLoadResult } from './hid-loader';
export {
  createHidPosDecoder,
  DEFAULT_CONTINUATION_TIMEOUT_MS,
  HID_POS_MAX_DATA,
  HID_POS_REPORT_ID,
  HID_POS_REPORT_SIZE,
  type HidPosDecoder,
  type HidPosDecoderOptions,
  type HidPosError,
  type HidPosErrorReason,
  type HidPosLayout,
  type HidPosLayoutOption,
  type HidPosResult,
} from './hid-pos-decoder';
export {
  createHidScannerService,
  RECONNECT_MS,
  type HidScannerService,
  type HidScannerServiceOptions,
  type ScannerChoiceStore,
} from './hid-scanner-service';
export type { HidApi, HidDeviceInfoLike, HidHandle, HidLoader, ScannerLogger, TimerApi } from './hid-api';
export type { HidScanMeta } from './hid-report-reader';
export { ERROR_BEEP_REPORT, type BeepResult } from './hid-error-beep';
export { beepOnHidFailures } from './beep-on-fail';
