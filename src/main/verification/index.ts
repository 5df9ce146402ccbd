export {
  createVerificationEngine,
  emptyCounts,
  type AckMode,
  type ScanOptions,
  type VerificationEngine,
  type VerificationEngineOptions,
  type VerificationTuning,
} from './verification-engine';
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
export { scanReasons, verificationErrors } from './verification-errors';
