/** The WeChat marketing-code client, its token providers and its error/retry policy. */
export {
  createMarketcodeClient,
  LIVE_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type MarketcodeClient,
  type MarketcodeClientOptions,
  type CallOptions,
} from './client';
export {
  createAppSecretTokenProvider,
  createStaticTokenProvider,
  createTokenUrlProvider,
  type TokenProvider,
  type TokenProviderKind,
  type AppSecretTokenProviderOptions,
  type StaticTokenProviderOptions,
  type TokenUrlProviderOptions,
} from './token-providers';
export { WechatError, isWechatError, isTokenError, TOKEN_ERRCODES, type WechatErrorKind } from './errors';
export {
  DEFAULT_RETRY_POLICY,
  classifyFailure,
  isRetryable,
  retryReason,
  backoffDelayMs,
  nextRetryDelayMs,
  type RetryPolicy,
  type FailureClass,
  type RetryReason,
} from './retry';
export { DAILY_QUOTA_ERRCODE, MINUTE_QUOTA_ERRCODE, isQuotaErrcode, msUntilDailyQuotaReset } from './quota';
export type { WechatClientEvent, TokenProviderEvent } from './events';
export { FORCED_REFRESHES_PER_DAY, FORCED_REFRESH_SPACING_MS, forcedRefreshWaitMs } from './forced-refresh';
export { MARKETCODE_ENDPOINTS, type MarketcodeEndpoint, type TokenEndpoint, type Endpoint } from './endpoints';
export type { FetchLike } from './http';
export {
  APPLICATION_FINISHED,
  isApplicationFinished,
  type ApplyCodeRequest,
  type ApplyCodeResult,
  type QueryApplicationRequest,
  type ApplicationStatus,
  type CodeSegment,
  type DownloadSegmentRequest,
  type DownloadSegmentBytesResult,
  type DownloadSegmentResult,
  type ActivateCodesRequest,
  type WxaType,
  type QueryActivationRequest,
  type ActivationInfo,
  type TicketToCodeRequest,
} from './types';
