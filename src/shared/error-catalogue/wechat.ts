/**
 * What each WeChat failure means to the person at the station, in zh-CN and en:
 * the message says what happened, the hint says what to do. WeChat's own
 * errcodes are coded `WECHAT_<errcode>` (any number WeChat sends, listed here or
 * not); the failures around a call (timeout, network, …) have names.
 * `src/main/wechat/errors.ts` wraps these texts in a WechatError with the facts.
 */
import { defineErrors, type CodeOf, type ErrorEntry } from '../define-errors';
import type { AppError, Locale, LocalizedMessage } from '../errors';

/** Where a failure happened: an endpoint as `src/main/wechat/endpoints.ts` names it. */
export interface WechatWhere {
  endpoint: string;
}

/** What an errcode's texts may name: the endpoint and WeChat's errmsg. */
export interface ErrcodeParams extends WechatWhere {
  errmsg: string;
}

function serviceName(endpoint: string): { en: string; zh: string } {
  if (endpoint === 'token_url') return { en: 'the token service', zh: '令牌服务' };
  if (endpoint === 'pasted_token') return { en: 'the pasted token', zh: '粘贴的令牌' };
  if (endpoint === 'stable_token' || endpoint === 'token') {
    return { en: `WeChat's token API (${endpoint})`, zh: `微信令牌接口（${endpoint}）` };
  }
  return { en: `WeChat (${endpoint})`, zh: `微信接口（${endpoint}）` };
}

/** 48001 and 61007 both mean the marketing-code permission (set id 46) is missing. */
const PERMISSION_HINT = {
  'zh-CN': '需要为该服务号开通“一物一码”接口权限（权限集 id 46）；若通过第三方平台调用，商户需向该平台授权权限集 46。',
  en: 'The Service Account needs the marketing-code (一物一码) API permission, permission set id 46; when calling through a third-party platform, the merchant must authorise permission set 46 to that platform.',
};

/**
 * The caller's IP as WeChat names it in a whitelist refusal ("invalid ip 203.0.113.7 ipv6
 * ::ffff:203.0.113.7, not in whitelist"; "… clientip:203.0.113.7"), or undefined.
 */
export function callerIpOf(errmsg: string): string | undefined {
  return /\b((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})\b/.exec(errmsg)?.[1];
}

/** "203.0.113.7" or "the public IP this PC appears with": what IT adds to a whitelist. */
function ipWords(errmsg: string): { en: string; zh: string } {
  const ip = callerIpOf(errmsg);
  return ip ? { en: ip, zh: ip } : { en: 'the public IP address this PC appears with', zh: '本机对外的公网 IP' };
}

/** Every errcode entry takes the same parameters, so any of them can be built from a response. */
const errcode = (entry: ErrorEntry<ErrcodeParams>): ErrorEntry<ErrcodeParams> => entry;

/** 40097 means a bad code_ticket on tickettocode and bad arguments elsewhere. */
const isTicket = (p: ErrcodeParams): boolean => p.endpoint === 'tickettocode';

/** WeChat's errcodes the station explains; any other gets `unknownErrcodeTexts`. */
export const wechatErrcodeErrors = defineErrors({
  'WECHAT_-1': errcode({
    en: 'WeChat is busy (errcode -1).',
    'zh-CN': `微信系统繁忙（错误码 -1）。`,
    hint: {
      en: 'This is temporary and the station retries by itself; if it persists, try again in a few minutes.',
      'zh-CN': '这是暂时性问题，系统会自动重试；若持续出现，请几分钟后再试。',
    },
  }),
  WECHAT_40001: errcode({
    en: 'WeChat rejected the access token as invalid or not the latest (errcode 40001).',
    'zh-CN': '微信拒绝了访问令牌：令牌无效或不是最新的（错误码 40001）。',
    hint: {
      en: 'The station already refreshed the token and retried once. If this repeats, another system is probably fetching tokens for the same AppID and replacing ours: let every system share one token service, or have them all use stable_token.',
      'zh-CN':
        '系统已自动刷新令牌并重试一次。若仍出现，通常是其他系统用同一 AppID 获取了新令牌并使本机的令牌失效：请让所有系统共用一个令牌服务，或统一使用 stable_token 接口。',
    },
  }),
  WECHAT_42001: errcode({
    en: 'The access token has expired (errcode 42001).',
    'zh-CN': '访问令牌已过期（错误码 42001）。',
    hint: {
      en: "The station already refreshed the token and retried once; if this repeats, check this computer's clock and that the token source hands out current tokens.",
      'zh-CN': '系统已自动刷新令牌并重试一次；若反复出现，请检查本机时钟以及令牌来源是否返回有效令牌。',
    },
  }),
  WECHAT_40014: errcode({
    en: 'The access token is not a valid token (errcode 40014).',
    'zh-CN': '访问令牌不合法（错误码 40014）。',
    hint: {
      en: 'Check the token source: a pasted token must be copied whole; a token URL must return a current access_token.',
      'zh-CN': '请检查令牌来源：粘贴的令牌须完整复制；令牌地址须返回当前有效的 access_token。',
    },
  }),
  WECHAT_40013: errcode({
    en: 'WeChat does not recognise the AppID (errcode 40013).',
    'zh-CN': '微信无法识别该 AppID（错误码 40013）。',
    hint: {
      en: 'Check the AppID in Settings (18 characters starting with "wx") and that it belongs to the Service Account with the marketing-code permission.',
      'zh-CN': '请在“设置”中检查 AppID（以 wx 开头的 18 位字符），并确认它是开通了一物一码权限的服务号。',
    },
  }),
  WECHAT_40125: errcode({
    en: 'WeChat rejected the AppSecret (errcode 40125).',
    'zh-CN': '微信拒绝了 AppSecret（错误码 40125）。',
    hint: {
      en: 'Copy the current AppSecret from the WeChat Official Accounts Platform (Settings and Development → Basic Configuration) into Settings; if it was reset, every system using it needs the new one.',
      'zh-CN': '请从微信公众平台“设置与开发 → 基本配置”复制当前的 AppSecret 并在“设置”中更新；若密钥已重置，所有使用它的系统都需要更新。',
    },
  }),
  WECHAT_40164: errcode({
    en: (p) =>
      callerIpOf(p.errmsg)
        ? `WeChat refused the call from ${callerIpOf(p.errmsg)}: that IP address is not on the AppID's IP whitelist (errcode 40164).`
        : "This site's public IP address is not on the AppID's IP whitelist (errcode 40164).",
    'zh-CN': (p) =>
      callerIpOf(p.errmsg)
        ? `微信拒绝了来自 ${callerIpOf(p.errmsg)} 的调用：该 IP 不在该 AppID 的 IP 白名单中（错误码 40164）。`
        : '本机的公网 IP 不在该 AppID 的 IP 白名单中（错误码 40164）。',
    hint: {
      en: (p) =>
        `IT: add ${ipWords(p.errmsg).en} to the IP whitelist on the WeChat Official Accounts Platform (Settings and Development → Basic Configuration), or use the plant's central token service (token URL) instead. Nothing is retried until then.`,
      'zh-CN': (p) =>
        `请 IT 在微信公众平台“设置与开发 → 基本配置”中把 ${ipWords(p.errmsg).zh} 加入 IP 白名单，或改用工厂统一的令牌服务（令牌地址）。在此之前不会自动重试。`,
    },
  }),
  WECHAT_61004: errcode({
    en: (p) =>
      callerIpOf(p.errmsg)
        ? `The third-party platform refused the call from ${callerIpOf(p.errmsg)}: that IP address is not on its whitelist (errcode 61004).`
        : "The third-party platform refused the call: this site's IP address is not on its whitelist (errcode 61004).",
    'zh-CN': (p) =>
      callerIpOf(p.errmsg)
        ? `第三方平台拒绝了来自 ${callerIpOf(p.errmsg)} 的调用：该 IP 不在其白名单中（错误码 61004）。`
        : '第三方平台拒绝了调用：本机 IP 不在其白名单中（错误码 61004）。',
    hint: {
      en: (p) =>
        `IT: add ${ipWords(p.errmsg).en} to the third-party platform's IP whitelist (WeChat Open Platform → the platform's development settings), or fetch tokens through the plant's token service. Nothing is retried until then.`,
      'zh-CN': (p) =>
        `请 IT 在微信开放平台该第三方平台的“开发资料”中把 ${ipWords(p.errmsg).zh} 加入 IP 白名单，或通过工厂的令牌服务获取令牌。在此之前不会自动重试。`,
    },
  }),
  WECHAT_40243: errcode({
    en: 'The AppSecret is frozen (errcode 40243).',
    'zh-CN': 'AppSecret 已被冻结（错误码 40243）。',
    hint: {
      en: 'An administrator must unfreeze the AppSecret on the WeChat Official Accounts Platform (Settings and Development → Basic Configuration), or reset it and enter the new one in Settings; every system using it then needs the new one.',
      'zh-CN':
        '需要管理员在微信公众平台“设置与开发 → 基本配置”中解冻 AppSecret，或重置后在“设置”中填写新的密钥；所有使用它的系统都需要更新。',
    },
  }),
  WECHAT_1: errcode({
    en: "WeChat is reviewing the product's barcode: it is not registered at the coding centre (GS1 China) yet (errcode 1).",
    'zh-CN': (p) => `微信正在审核该商品条码：条码尚未在编码中心注册（错误码 1）。${p.errmsg}`,
    hint: {
      en: 'Nothing to do if the barcode is right: the station keeps the activation and sends it again by itself after 24 hours. If the barcode is wrong, cancel this activation and activate the range with the right product.',
      'zh-CN':
        '若条码无误则无需处理：系统会保留该激活，并在 24 小时后自动重新发送。若条码有误，请取消该激活，并用正确的商品重新激活该号段。',
    },
  }),
  WECHAT_40002: errcode({
    en: 'WeChat rejected the credential type grant_type (errcode 40002).',
    'zh-CN': '微信拒绝了凭据类型 grant_type（错误码 40002）。',
    hint: {
      en: 'The token source is misconfigured: check the token service, or use AppID + secret instead.',
      'zh-CN': '令牌来源配置有误：请检查令牌服务，或改用 AppID + 密钥。',
    },
  }),
  WECHAT_41001: errcode({
    en: 'The request reached WeChat without an access token (errcode 41001).',
    'zh-CN': '请求缺少访问令牌（错误码 41001）。',
    hint: {
      en: 'The token source returned an empty token: check the token, token URL or AppID + secret in Settings.',
      'zh-CN': '令牌来源返回了空令牌：请检查“设置”中的令牌、令牌地址或 AppID + 密钥。',
    },
  }),
  WECHAT_45009: errcode({
    en: (p) =>
      p.endpoint === 'stable_token'
        ? 'The forced refreshes of stable_token for today are used up (20 a day, errcode 45009).'
        : `The daily quota for ${serviceName(p.endpoint).en} is exhausted (errcode 45009).`,
    'zh-CN': (p) =>
      p.endpoint === 'stable_token'
        ? '今日 stable_token 的强制刷新次数已用完（每天 20 次，错误码 45009）。'
        : `${serviceName(p.endpoint).zh}今日的调用次数已用完（错误码 45009）。`,
    hint: {
      en: (p) =>
        p.endpoint === 'stable_token'
          ? 'The station forces a refresh only after WeChat rejects a token, at most 20 a day and 30 s apart; if the limit is reached anyway, another system with the same AppID is forcing refreshes: let one token service serve them all. Work is kept and sent once a token is accepted.'
          : 'Back off: further calls today will fail. Queued work is kept and sent after the quota resets at midnight Beijing time; an administrator can also reset the quota on the WeChat platform.',
      'zh-CN': (p) =>
        p.endpoint === 'stable_token'
          ? '系统仅在微信拒绝令牌后才强制刷新，每天最多 20 次且间隔至少 30 秒；若仍达到上限，说明有其他系统用同一 AppID 强制刷新：请让所有系统共用一个令牌服务。操作会保留，并在令牌可用后发送。'
          : '请暂停调用：今天内再调用也不会成功。已排队的操作会保留，并在北京时间零点额度重置后发送；管理员也可在微信公众平台清零调用次数。',
    },
  }),
  WECHAT_45011: errcode({
    en: (p) => `Too many calls: the per-minute quota for ${serviceName(p.endpoint).en} is exhausted (errcode 45011).`,
    'zh-CN': (p) => `调用过于频繁，${serviceName(p.endpoint).zh}每分钟的调用额度已用完（错误码 45011）。`,
    hint: {
      en: 'Back off and try again in a minute; queued work is sent after the wait.',
      'zh-CN': '请暂停调用，一分钟后再试；已排队的操作会在等待后发送。',
    },
  }),
  WECHAT_48001: errcode({
    en: (p) => `This account is not authorised to call ${serviceName(p.endpoint).en} (errcode 48001).`,
    'zh-CN': (p) => `该账号无权调用${serviceName(p.endpoint).zh}（错误码 48001）。`,
    hint: PERMISSION_HINT,
  }),
  WECHAT_61007: errcode({
    en: (p) => `The merchant has not authorised this third-party platform to call ${serviceName(p.endpoint).en} (errcode 61007).`,
    'zh-CN': (p) => `商户未向第三方平台授权${serviceName(p.endpoint).zh}（错误码 61007）。`,
    hint: PERMISSION_HINT,
  }),
  WECHAT_40003: errcode({
    en: 'WeChat does not recognise the openid (errcode 40003).',
    'zh-CN': '微信无法识别该 openid（错误码 40003）。',
    hint: {
      en: "The openid must be the scanning user's openid under this AppID (passed along with the code_ticket by the Mini Program); check the openid the caller sends.",
      'zh-CN': 'openid 必须是扫码用户在本 AppID 下的 openid（由小程序随 code_ticket 传来）；请检查调用方传入的 openid。',
    },
  }),
  WECHAT_40097: errcode({
    en: (p) =>
      isTicket(p)
        ? `WeChat rejected the openid or code_ticket (errcode 40097): ${p.errmsg}`
        : `${serviceName(p.endpoint).en} rejected the request arguments (errcode 40097): ${p.errmsg}`,
    'zh-CN': (p) =>
      isTicket(p)
        ? `微信拒绝了 openid 或 code_ticket（错误码 40097）：${p.errmsg}`
        : `${serviceName(p.endpoint).zh}的请求参数不正确（错误码 40097）：${p.errmsg}`,
    hint: {
      en: (p) =>
        isTicket(p)
          ? "A code_ticket works only with the scanning user's own openid and expires quickly; ask the user to scan again."
          : 'Check the values sent (count, index range, application number, Mini Program details); retrying the same request will not help.',
      'zh-CN': (p) =>
        isTicket(p)
          ? 'code_ticket 只能与扫码用户自己的 openid 一起使用，且很快过期；请让用户重新扫码。'
          : '请检查所发送的值（数量、号段范围、申请单号、小程序信息）；原样重试不会成功。',
    },
  }),
});

/** Texts for an errcode the catalogue does not list: they name the number and WeChat's errmsg. */
const UNKNOWN_ERRCODE: ErrorEntry<ErrcodeParams & { errcode: number }> = {
  en: (p) => `WeChat returned unknown errcode ${p.errcode}: ${p.errmsg}`,
  'zh-CN': (p) => `微信返回未知错误码 ${p.errcode}：${p.errmsg}`,
  hint: {
    en: "Look the code up in WeChat's global return-code list; if it repeats, give this message to support.",
    'zh-CN': '请在微信“全局返回码说明”中查询该错误码；若反复出现，请将此信息提供给技术支持。',
  },
};
const unknownErrcode = defineErrors({ WECHAT_UNKNOWN_ERRCODE: UNKNOWN_ERRCODE }).WECHAT_UNKNOWN_ERRCODE;

/** The texts for errcode `errcode` (its own when listed, the generic ones otherwise), coded `WECHAT_<errcode>`. */
export function errcodeTexts(errcode: number, params: ErrcodeParams): Record<Locale, LocalizedMessage> {
  const code: WechatErrcodeCode = `WECHAT_${errcode}`;
  const listed = (wechatErrcodeErrors as Partial<Record<string, (p: ErrcodeParams) => AppError>>)[code];
  return (listed ? listed(params) : unknownErrcode({ ...params, errcode })).localized;
}

/** Issue keys the request schemas use as their error messages (see `src/main/wechat/types.ts`). */
export const VALIDATION_ISSUES = {
  not_text: { zh: '必须是非空文本', en: 'must be non-empty text' },
  not_url: { zh: '必须是完整的网址（http:// 或 https://）', en: 'must be a full http:// or https:// address' },
  not_integer: { zh: '必须填写且为整数', en: 'is required and must be a whole number' },
  negative: { zh: '不能为负数', en: 'must be 0 or more' },
  code_count: {
    zh: '必须是 10,000 的整数倍，范围 10,000 至 20,000,000',
    en: 'must be a multiple of 10,000 from 10,000 to 20,000,000',
  },
  range_order: { zh: 'code_start 不能大于 code_end', en: 'code_start must not be greater than code_end' },
  wxa_type: { zh: '必须是 0（正式版）、1（开发版）或 2（体验版）', en: 'must be 0 (release), 1 (development) or 2 (trial)' },
  application_lookup: {
    zh: '须提供 application_id 或 isv_application_id 之一（只能一个）',
    en: 'give exactly one of application_id or isv_application_id',
  },
  activation_lookup: {
    zh: '须提供 application_id + code_index、code 或 code_url 三者之一（只能一种）',
    en: 'give exactly one of application_id + code_index, code, or code_url',
  },
  invalid: { zh: '取值无效', en: 'is not valid' },
} as const;
export type ValidationIssue = keyof typeof VALIDATION_ISSUES;

/** A server-side HTTP status: worth retrying, says so. */
const isServerStatus = (status: number): boolean => status >= 500 || status === 429;

/** The failures around a WeChat call, before or instead of an errcode. */
export const wechatErrors = defineErrors({
  WECHAT_TIMEOUT: {
    en: (p: WechatWhere & { timeoutMs: number }) => `No answer from ${serviceName(p.endpoint).en} within ${seconds(p.timeoutMs)} s.`,
    'zh-CN': (p) => `${serviceName(p.endpoint).zh}在 ${seconds(p.timeoutMs)} 秒内没有响应。`,
    hint: {
      en: 'The network may be slow or down; the station retries by itself. If it persists, check the connection. Work is saved locally meanwhile.',
      'zh-CN': '网络可能缓慢或中断，系统会自动重试；若持续出现，请检查网络连接。操作已在本地保存。',
    },
  },
  WECHAT_NETWORK: {
    en: (p: WechatWhere & { reason: string }) => `Could not reach ${serviceName(p.endpoint).en}: ${p.reason}`,
    'zh-CN': (p) => `无法连接${serviceName(p.endpoint).zh}：${p.reason}`,
    hint: {
      en: 'Check the network cable or Wi-Fi, the proxy and the firewall; the station retries by itself and work is saved locally meanwhile.',
      'zh-CN': '请检查网线或无线网络、代理和防火墙；系统会自动重试，操作已在本地保存。',
    },
  },
  WECHAT_HTTP_STATUS: {
    en: (p: WechatWhere & { httpStatus: number }) =>
      isServerStatus(p.httpStatus)
        ? `${serviceName(p.endpoint).en} answered HTTP ${p.httpStatus} (a server-side problem).`
        : `${serviceName(p.endpoint).en} answered HTTP ${p.httpStatus}.`,
    'zh-CN': (p) =>
      isServerStatus(p.httpStatus)
        ? `${serviceName(p.endpoint).zh}返回 HTTP ${p.httpStatus}（服务器端问题）。`
        : `${serviceName(p.endpoint).zh}返回 HTTP ${p.httpStatus}。`,
    hint: {
      en: (p) =>
        isServerStatus(p.httpStatus)
          ? 'This is usually temporary and the station retries by itself; if it persists, try again later.'
          : 'Check the server address or token URL in Settings, and whether a proxy is blocking the request.',
      'zh-CN': (p) =>
        isServerStatus(p.httpStatus)
          ? '这通常是暂时性问题，系统会自动重试；若持续出现，请稍后再试。'
          : '请检查“设置”中的服务器地址或令牌地址是否正确，以及代理是否拦截了请求。',
    },
  },
  WECHAT_BAD_RESPONSE: {
    en: (p: WechatWhere & { problem: string }) => `${serviceName(p.endpoint).en} sent a response the station cannot read (${p.problem}).`,
    'zh-CN': (p) => `${serviceName(p.endpoint).zh}的响应无法识别（${p.problem}）。`,
    hint: {
      en: 'Check the server address in Settings: a proxy or a login page rather than WeChat may be answering. If it persists, give this message to support.',
      'zh-CN': '请检查“设置”中的服务器地址：可能是代理或登录页面而不是微信在应答。若持续出现，请将此信息提供给技术支持。',
    },
  },
  WECHAT_VALIDATION: {
    en: (p: WechatWhere & { field: string; issue: ValidationIssue }) =>
      `Invalid ${p.endpoint} request: ${p.field} ${VALIDATION_ISSUES[p.issue].en}.`,
    'zh-CN': (p) => `${p.endpoint} 请求无效：${p.field} ${VALIDATION_ISSUES[p.issue].zh}。`,
    hint: { en: 'Correct the value and try again; nothing was sent to WeChat.', 'zh-CN': '请更正该值后再试；该请求未发送给微信。' },
  },
  /** DESIGN §6: https only (plain http to loopback only); checked before anything is sent. */
  WECHAT_INSECURE_URL: {
    en: (p: WechatWhere & { scheme: string; host: string }) =>
      `Nothing was sent to ${serviceName(p.endpoint).en}: ${p.scheme}:// to ${p.host} is not allowed, only https:// (plain http:// only to this PC).`,
    'zh-CN': (p) => `未向${serviceName(p.endpoint).zh}发送任何内容：不允许通过 ${p.scheme}:// 连接 ${p.host}，只允许 https://（http:// 只限本机）。`,
    hint: {
      en: 'Enter the https:// address in Settings → Connection (or MARKETCODE_BASE_URL / MARKETCODE_TOKEN_URL).',
      'zh-CN': '请在“设置 → 连接”（或 MARKETCODE_BASE_URL / MARKETCODE_TOKEN_URL）中填写 https:// 地址。',
    },
  },
  /** A 3xx answer: never followed, so nothing (no secret, no token) is sent to where it points. */
  WECHAT_REDIRECT_REFUSED: {
    en: (p: WechatWhere & { httpStatus: number; target: string }) =>
      `${serviceName(p.endpoint).en} answered with a redirect (HTTP ${p.httpStatus}) to ${p.target || 'an address it did not name'}; the station does not follow redirects, so nothing was sent there.`,
    'zh-CN': (p) =>
      `${serviceName(p.endpoint).zh}返回重定向（HTTP ${p.httpStatus}）到${p.target ? ` ${p.target}` : '未注明的地址'}；系统不跟随重定向，未向该地址发送任何内容。`,
    hint: {
      en: 'Enter the final https:// address of the service in Settings → Connection; a proxy that redirects is not supported.',
      'zh-CN': '请在“设置 → 连接”中填写服务最终的 https:// 地址；不支持会重定向的代理。',
    },
  },
  WECHAT_ABORTED: {
    en: (p: WechatWhere) => `The request to ${serviceName(p.endpoint).en} was cancelled.`,
    'zh-CN': (p) => `对${serviceName(p.endpoint).zh}的请求已取消。`,
    hint: { en: 'Nothing to do; start it again when needed.', 'zh-CN': '无需处理；需要时重新开始即可。' },
  },
  /** The station keeps inside stable_token's force_refresh limit (20 a day, 30 s apart) by itself. */
  WECHAT_FORCED_REFRESH_LIMITED: {
    en: (p: WechatWhere & { retryAfterMs: number }) =>
      `WeChat rejected the access token, and the station may not force a new one for ${waitWords(p.retryAfterMs).en} (stable_token allows 20 forced refreshes a day, 30 s apart).`,
    'zh-CN': (p) =>
      `微信拒绝了访问令牌，且系统在 ${waitWords(p.retryAfterMs).zh} 内不能再强制刷新（stable_token 每天最多强制刷新 20 次，间隔至少 30 秒）。`,
    hint: {
      en: 'Queued work is kept and sent once a new token is allowed. If this repeats, another system is probably using the same AppID: let one token service serve every system.',
      'zh-CN': '已排队的操作会保留，并在可以获取新令牌后发送。若反复出现，通常是其他系统在使用同一 AppID：请让所有系统共用一个令牌服务。',
    },
    details: (p) => ({ retryAfterMs: p.retryAfterMs }),
  },
  /** A pasted token cannot be refreshed: after WeChat rejects it, a person must paste a new one. */
  WECHAT_TOKEN_REJECTED: {
    en: 'WeChat rejected the pasted access token (it has expired or been replaced).',
    'zh-CN': '微信拒绝了粘贴的访问令牌（已过期或已被替换）。',
    hint: {
      en: 'Get a fresh access token and paste it in Settings, or switch to AppID + secret or a token URL so the station can refresh tokens by itself.',
      'zh-CN': '请获取新的访问令牌并在“设置”中重新粘贴；或改用 AppID + 密钥或令牌地址，让系统自动刷新令牌。',
    },
  },
});

/** "25 s" / "3 h 10 min": how long until something is allowed again. */
function waitWords(ms: number): { en: string; zh: string } {
  if (ms < 60_000) return { en: `${Math.ceil(ms / 1000)} s`, zh: `${Math.ceil(ms / 1000)} 秒` };
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours === 0
    ? { en: `${minutes} min`, zh: `${minutes} 分钟` }
    : { en: `${hours} h ${minutes % 60} min`, zh: `${hours} 小时 ${minutes % 60} 分钟` };
}

function seconds(timeoutMs: number): number {
  return Math.round(timeoutMs / 100) / 10;
}

/** WeChat's errcodes, listed or not: WeChat may send any number. */
export type WechatErrcodeCode = `WECHAT_${number}`;
export type WechatErrorCode = CodeOf<typeof wechatErrors> | CodeOf<typeof wechatErrcodeErrors> | WechatErrcodeCode;
