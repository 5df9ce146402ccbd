/**
 * The errcodes the simulator answers with. The first group are WeChat's general
 * codes; the `SIM_` group stands in for business errors the public pages do not
 * name (documented in docs/simulator.md so nobody mistakes them for real ones).
 */
export const ERRCODE = {
  OK: 0,
  SYSTEM_BUSY: -1,
  /** codeactive: "该条码未在编码中心注册,将进入审核。请于24h后尝试重新激活". */
  BARCODE_UNDER_REVIEW: 1,
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_OPENID: 40003,
  INVALID_APPID: 40013,
  INVALID_URL: 40066,
  INVALID_ARGS: 40097,
  INVALID_APPSECRET: 40125,
  IP_NOT_WHITELISTED: 40164,
  APPSECRET_FROZEN: 40243,
  PLATFORM_IP_NOT_WHITELISTED: 61004,
  ACCESS_TOKEN_MISSING: 41001,
  APPID_MISSING: 41002,
  APPSECRET_MISSING: 41004,
  ACCESS_TOKEN_EXPIRED: 42001,
  REQUIRE_GET: 43001,
  REQUIRE_POST: 43002,
  EMPTY_POST_DATA: 44002,
  QUOTA_LIMIT: 45009,
  DATA_FORMAT_ERROR: 47001,
  SIM_APPLICATION_NOT_FOUND: 9402001,
  SIM_APPLICATION_NOT_FINISHED: 9402002,
  SIM_ISV_APPLICATION_ID_CONFLICT: 9402003,
  SIM_CODE_SPACE_EXHAUSTED: 9402004,
  SIM_CODE_NOT_FOUND: 9402101,
  SIM_CODE_NOT_ACTIVATED: 9402102,
  SIM_ACTIVATION_CONFLICT: 9402103,
} as const;

/** A WeChat-style failure: thrown inside handlers, answered as HTTP 200 `{errcode, errmsg}`. */
export class WechatError extends Error {
  readonly errcode: number;

  constructor(errcode: number, errmsg: string) {
    super(errmsg);
    this.name = 'WechatError';
    this.errcode = errcode;
  }
}

export function invalidArgs(detail: string): WechatError {
  return new WechatError(ERRCODE.INVALID_ARGS, `invalid args: ${detail}`);
}

/** A rejected admin request (bad input or nothing to act on); HTTP status for the admin API. */
export class SimulatorAdminError extends Error {
  readonly status: 400 | 404;

  constructor(status: 400 | 404, message: string) {
    super(message);
    this.name = 'SimulatorAdminError';
    this.status = status;
  }
}
