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
  ERROR_BEEP_REPORT,
  RECONNECT_MS,
  type BeepResult,
  type HidApi,
  type HidDeviceInfoLike,
  type HidHandle,
  type HidLoader,
  type HidScanMeta,
  type HidScannerService,
  type HidScannerServiceOptions,
  type ScannerChoiceStore,
  type ScannerLogger,
  type TimerApi,
} from './hid-scanner-service';
export { beepOnHidFailures } from './beep-on-fail';
