/**
 * What each WeChat failure means to the person at the station, in zh-CN and en:
 * `message` says what happened, `hint` says what to do. Kept apart from the
 * error class so wording can change without touching behaviour.
 */
import type { Locale } from '../../shared/errors';
import type { Endpoint } from './endpoints';

export type Texts = Record<Locale, { message: string; hint: string }>;

function serviceName(endpoint: Endpoint): { en: string; zh: string } {
  if (endpoint === 'token_url') return { en: 'the token service', zh: '令牌服务' };
  if (endpoint === 'pasted_token') return { en: 'the pasted token', zh: '粘贴的令牌' };
  if (endpoint === 'stable_token' || endpoint === 'token') {
    return { en: `WeChat's token API (${endpoint})`, zh: `微信令牌接口（${endpoint}）` };
  }
  return { en: `WeChat (${endpoint})`, zh: `微信接口（${endpoint}）` };
}

function texts(zhMessage: string, zhHint: string, enMessage: string, enHint: string): Texts {
  return { 'zh-CN': { message: zhMessage, hint: zhHint }, en: { message: enMessage, hint: enHint } };
}

/** 48001 and 61007 both mean the marketing-code permission (set id 46) is missing. */
const PERMISSION_HINT = {
  zh: '需要为该服务号开通“一物一码”接口权限（权限集 id 46）；若通过第三方平台调用，商户需向该平台授权权限集 46。',
  en: 'The Service Account needs the marketing-code (一物一码) API permission, permission set id 46; when calling through a third-party platform, the merchant must authorise permission set 46 to that platform.',
};

/** Texts for an errcode WeChat returned; unknown codes get a generic text naming the number and errmsg. */
export function errcodeTexts(errcode: number, errmsg: string, endpoint: Endpoint): Texts {
  const where = serviceName(endpoint);
  switch (errcode) {
    case -1:
      return texts(
        `微信系统繁忙（错误码 -1）。`,
        '这是暂时性问题，系统会自动重试；若持续出现，请几分钟后再试。',
        'WeChat is busy (errcode -1).',
        'This is temporary and the station retries by itself; if it persists, try again in a few minutes.',
      );
    case 40001:
      return texts(
        '微信拒绝了访问令牌：令牌无效或不是最新的（错误码 40001）。',
        '系统已自动刷新令牌并重试一次。若仍出现，通常是其他系统用同一 AppID 获取了新令牌并使本机的令牌失效：请让所有系统共用一个令牌服务，或统一使用 stable_token 接口。',
        'WeChat rejected the access token as invalid or not the latest (errcode 40001).',
        'The station already refreshed the token and retried once. If this repeats, another system is probably fetching tokens for the same AppID and replacing ours: let every system share one token service, or have them all use stable_token.',
      );
    case 42001:
      return texts(
        '访问令牌已过期（错误码 42001）。',
        '系统已自动刷新令牌并重试一次；若反复出现，请检查本机时钟以及令牌来源是否返回有效令牌。',
        'The access token has expired (errcode 42001).',
        "The station already refreshed the token and retried once; if this repeats, check this computer's clock and that the token source hands out current tokens.",
      );
    case 40014:
      return texts(
        '访问令牌不合法（错误码 40014）。',
        '请检查令牌来源：粘贴的令牌须完整复制；令牌地址须返回当前有效的 access_token。',
        'The access token is not a valid token (errcode 40014).',
        'Check the token source: a pasted token must be copied whole; a token URL must return a current access_token.',
      );
    case 40013:
      return texts(
        '微信无法识别该 AppID（错误码 40013）。',
        '请在“设置”中检查 AppID（以 wx 开头的 18 位字符），并确认它是开通了一物一码权限的服务号。',
        'WeChat does not recognise the AppID (errcode 40013).',
        'Check the AppID in Settings (18 characters starting with "wx") and that it belongs to the Service Account with the marketing-code permission.',
      );
    case 40125:
      return texts(
        '微信拒绝了 AppSecret（错误码 40125）。',
        '请从微信公众平台“设置与开发 → 基本配置”复制当前的 AppSecret 并在“设置”中更新；若密钥已重置，所有使用它的系统都需要更新。',
        'WeChat rejected the AppSecret (errcode 40125).',
        'Copy the current AppSecret from the WeChat Official Accounts Platform (Settings and Development → Basic Configuration) into Settings; if it was reset, every system using it needs the new one.',
      );
    case 40164:
      return texts(
        '本机的公网 IP 不在该 AppID 的 IP 白名单中（错误码 40164）。',
        '请在微信公众平台“基本配置”中把本厂的公网 IP 加入 IP 白名单，或改用工厂统一的令牌服务（令牌地址）。',
        "This site's public IP address is not on the AppID's IP whitelist (errcode 40164).",
        "Add this site's public IP address to the IP whitelist on the WeChat Official Accounts Platform (Basic Configuration), or use the plant's central token service (token URL) instead.",
      );
    case 40002:
      return texts(
        '微信拒绝了凭据类型 grant_type（错误码 40002）。',
        '令牌来源配置有误：请检查令牌服务，或改用 AppID + 密钥。',
        'WeChat rejected the credential type grant_type (errcode 40002).',
        'The token source is misconfigured: check the token service, or use AppID + secret instead.',
      );
    case 41001:
      return texts(
        '请求缺少访问令牌（错误码 41001）。',
        '令牌来源返回了空令牌：请检查“设置”中的令牌、令牌地址或 AppID + 密钥。',
        'The request reached WeChat without an access token (errcode 41001).',
        'The token source returned an empty token: check the token, token URL or AppID + secret in Settings.',
      );
    case 45009:
      return texts(
        `${where.zh}今日的调用次数已用完（错误码 45009）。`,
        '请暂停调用：今天内再调用也不会成功。已排队的操作会保留，并在北京时间零点额度重置后发送；管理员也可在微信公众平台清零调用次数。',
        `The daily quota for ${where.en} is exhausted (errcode 45009).`,
        'Back off: further calls today will fail. Queued work is kept and sent after the quota resets at midnight Beijing time; an administrator can also reset the quota on the WeChat platform.',
      );
    case 45011:
      return texts(
        `调用过于频繁，${where.zh}每分钟的调用额度已用完（错误码 45011）。`,
        '请暂停调用，一分钟后再试；已排队的操作会在等待后发送。',
        `Too many calls: the per-minute quota for ${where.en} is exhausted (errcode 45011).`,
        'Back off and try again in a minute; queued work is sent after the wait.',
      );
    case 48001:
      return texts(
        `该账号无权调用${where.zh}（错误码 48001）。`,
        PERMISSION_HINT.zh,
        `This account is not authorised to call ${where.en} (errcode 48001).`,
        PERMISSION_HINT.en,
      );
    case 61007:
      return texts(
        `商户未向第三方平台授权${where.zh}（错误码 61007）。`,
        PERMISSION_HINT.zh,
        `The merchant has not authorised this third-party platform to call ${where.en} (errcode 61007).`,
        PERMISSION_HINT.en,
      );
    case 40003:
      return texts(
        '微信无法识别该 openid（错误码 40003）。',
        'openid 必须是扫码用户在本 AppID 下的 openid（由小程序随 code_ticket 传来）；请检查调用方传入的 openid。',
        'WeChat does not recognise the openid (errcode 40003).',
        "The openid must be the scanning user's openid under this AppID (passed along with the code_ticket by the Mini Program); check the openid the caller sends.",
      );
    case 40097:
      if (endpoint === 'tickettocode') {
        return texts(
          `微信拒绝了 openid 或 code_ticket（错误码 40097）：${errmsg}`,
          'code_ticket 只能与扫码用户自己的 openid 一起使用，且很快过期；请让用户重新扫码。',
          `WeChat rejected the openid or code_ticket (errcode 40097): ${errmsg}`,
          "A code_ticket works only with the scanning user's own openid and expires quickly; ask the user to scan again.",
        );
      }
      return texts(
        `${where.zh}的请求参数不正确（错误码 40097）：${errmsg}`,
        '请检查所发送的值（数量、号段范围、申请单号、小程序信息）；原样重试不会成功。',
        `${where.en} rejected the request arguments (errcode 40097): ${errmsg}`,
        'Check the values sent (count, index range, application number, Mini Program details); retrying the same request will not help.',
      );
    default:
      return texts(
        `微信返回未知错误码 ${errcode}：${errmsg}`,
        '请在微信“全局返回码说明”中查询该错误码；若反复出现，请将此信息提供给技术支持。',
        `WeChat returned unknown errcode ${errcode}: ${errmsg}`,
        "Look the code up in WeChat's global return-code list; if it repeats, give this message to support.",
      );
  }
}

export function timeoutTexts(endpoint: Endpoint, timeoutMs: number): Texts {
  const where = serviceName(endpoint);
  const seconds = Math.round(timeoutMs / 100) / 10;
  return texts(
    `${where.zh}在 ${seconds} 秒内没有响应。`,
    '网络可能缓慢或中断，系统会自动重试；若持续出现，请检查网络连接。操作已在本地保存。',
    `No answer from ${where.en} within ${seconds} s.`,
    'The network may be slow or down; the station retries by itself. If it persists, check the connection. Work is saved locally meanwhile.',
  );
}

export function networkTexts(endpoint: Endpoint, reason: string): Texts {
  const where = serviceName(endpoint);
  return texts(
    `无法连接${where.zh}：${reason}`,
    '请检查网线或无线网络、代理和防火墙；系统会自动重试，操作已在本地保存。',
    `Could not reach ${where.en}: ${reason}`,
    'Check the network cable or Wi-Fi, the proxy and the firewall; the station retries by itself and work is saved locally meanwhile.',
  );
}

export function httpStatusTexts(endpoint: Endpoint, status: number): Texts {
  const where = serviceName(endpoint);
  if (status >= 500 || status === 429) {
    return texts(
      `${where.zh}返回 HTTP ${status}（服务器端问题）。`,
      '这通常是暂时性问题，系统会自动重试；若持续出现，请稍后再试。',
      `${where.en} answered HTTP ${status} (a server-side problem).`,
      'This is usually temporary and the station retries by itself; if it persists, try again later.',
    );
  }
  return texts(
    `${where.zh}返回 HTTP ${status}。`,
    '请检查“设置”中的服务器地址或令牌地址是否正确，以及代理是否拦截了请求。',
    `${where.en} answered HTTP ${status}.`,
    'Check the server address or token URL in Settings, and whether a proxy is blocking the request.',
  );
}

export function badResponseTexts(endpoint: Endpoint, problem: string): Texts {
  const where = serviceName(endpoint);
  return texts(
    `${where.zh}的响应无法识别（${problem}）。`,
    '请检查“设置”中的服务器地址：可能是代理或登录页面而不是微信在应答。若持续出现，请将此信息提供给技术支持。',
    `${where.en} sent a response the station cannot read (${problem}).`,
    'Check the server address in Settings: a proxy or a login page rather than WeChat may be answering. If it persists, give this message to support.',
  );
}

export function abortedTexts(endpoint: Endpoint): Texts {
  const where = serviceName(endpoint);
  return texts(
    `对${where.zh}的请求已取消。`,
    '无需处理；需要时重新开始即可。',
    `The request to ${where.en} was cancelled.`,
    'Nothing to do; start it again when needed.',
  );
}

export function tokenRejectedTexts(): Texts {
  return texts(
    '微信拒绝了粘贴的访问令牌（已过期或已被替换）。',
    '请获取新的访问令牌并在“设置”中重新粘贴；或改用 AppID + 密钥或令牌地址，让系统自动刷新令牌。',
    'WeChat rejected the pasted access token (it has expired or been replaced).',
    'Get a fresh access token and paste it in Settings, or switch to AppID + secret or a token URL so the station can refresh tokens by itself.',
  );
}

/** Issue keys the request schemas use as their error messages (see `types.ts`). */
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

export function validationTexts(endpoint: Endpoint, field: string, issue: ValidationIssue): Texts {
  const text = VALIDATION_ISSUES[issue];
  return texts(
    `${endpoint} 请求无效：${field} ${text.zh}。`,
    '请更正该值后再试；该请求未发送给微信。',
    `Invalid ${endpoint} request: ${field} ${text.en}.`,
    'Correct the value and try again; nothing was sent to WeChat.',
  );
}
