export {
  createVerificationEngine,
  type VerificationEngine,
  type VerificationEngineOptions,
  type VerificationTuning,
} from './verification-engine';
export type { ScanOptions } from './scan-recording';
export { emptyCounts } from './scan-views';
export { acknowledgeRole, ackModeOf, type AckMode } from './acknowledgement-rules';
export {
  createRemoteLookup,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  NOT_ACTIVATED_ERRCODES,
  UNKNOWN_CODE_ERRCODES,
  type RemoteAnswer,
  type RemoteLookup,
} from './remote-lookup';
