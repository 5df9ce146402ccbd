/**
 * Public types of the embedded WeChat marketing-code simulator. Kept apart from
 * the implementation so callers (Training mode, CLI, tests) import types only.
 */

export interface SimulatorAccount {
  appid: string;
  secret: string;
  /** Exactly 16 printable ASCII characters: its bytes are the AES-128 key and IV. */
  serviceKey: string;
}

/**
 * Line layouts of a decrypted package (the real one is undocumented; DESIGN §2 lists
 * what public implementations and community threads suggest):
 * - `url`: `code_url` only;
 * - `index_code_url`: `code_index,code,code_url`;
 * - `code_url_spaces`: `code   code_url` separated by spaces, with trailing whitespace;
 * - `wechat_code_4col`: `wechat_code code code_index code_url` separated by one space, the
 *   WeChat code 12 digits (`888888888880 100000000 0 P.URL.CN/…`);
 * - `header_index_code_url`: the header `索引,原始码,二维码`, then `code_index,code,code_url`;
 * - `header_4col`: the header `微信码,原始码,索引,二维码`, then `wechat_code,code,code_index,code_url`;
 * - `semicolons`: `code_index;code;code_url`;
 * - `extra_trailing`: `code_index,code,code_url,lot` with a lot number (`L` + 5 digits) the
 *   importer does not know;
 * - `short_wechat_code_4col`: `wechat_code\tcode\tcode_index\tcode_url` with a 9-character
 *   WeChat code (`W` + 8 digits): shaped like a code, so only a mapping set by hand reads it.
 * Lines are separated by `\n` (no newline after the last line).
 */
export const PACKAGE_LAYOUTS = [
  'url',
  'index_code_url',
  'code_url_spaces',
  'wechat_code_4col',
  'header_index_code_url',
  'header_4col',
  'semicolons',
  'extra_trailing',
  'short_wechat_code_4col',
] as const;
export type PackageLayout = (typeof PACKAGE_LAYOUTS)[number];

export interface SimulatorOptions {
  /** SQLite file for state; default ':memory:'. */
  dbPath?: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default: [DEMO_ACCOUNT]. Upserted into the database at start. */
  accounts?: SimulatorAccount[];
  /** Default 7200. */
  tokenTtlSeconds?: number;
  /** Time from applycode to FINISH; default 1500. 0 = finished at the first query. */
  finishDelayMs?: number;
  /** Default 50_000. Fixed per application when it is created. */
  segmentSize?: number;
  /** Default 'index_code_url'. */
  packageLayout?: PackageLayout;
  /**
   * Default 'marketcode-simulator'. Codes are a deterministic function of the seed
   * and the order applications were created in. Stored in the database on creation;
   * reopening a database with a different explicit seed is refused.
   */
  seed?: string;
  /** Injectable clock in ms (token expiry, application status, timestamps). */
  now?: () => number;
}

export const MARKETCODE_ENDPOINTS = [
  'applycode',
  'applycodequery',
  'applycodedownload',
  'codeactive',
  'codeactivequery',
  'tickettocode',
] as const;
export type MarketcodeEndpoint = (typeof MARKETCODE_ENDPOINTS)[number];

/** Every endpoint that is counted: the marketcode ones plus the two token endpoints. */
export type SimulatorEndpoint = MarketcodeEndpoint | 'token' | 'stable_token';

/**
 * Injected failures: `http500` answers HTTP 500 with an HTML body, `busy` answers
 * errcode -1, `quota` answers errcode 45009, `drop` destroys the socket unanswered.
 * The errcodes seen in practice (DESIGN §2): `review` errcode 1 (codeactive: the barcode
 * is under review), `ip_whitelist` 40164 and `platform_ip_whitelist` 61004 (naming the
 * caller's IP, `SIMULATED_CALLER_IP`), `secret_invalid` 40125, `secret_frozen` 40243,
 * `invalid_args` 40097 (tickettocode's answer to a bad ticket or openid).
 */
export const FAULT_KINDS = [
  'http500',
  'busy',
  'quota',
  'drop',
  'review',
  'ip_whitelist',
  'platform_ip_whitelist',
  'secret_invalid',
  'secret_frozen',
  'invalid_args',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRequest {
  kind: FaultKind;
  /** How many of the next matching marketcode calls fail. */
  count: number;
  /** Only calls to this endpoint (a token endpoint too); default any marketcode endpoint. */
  endpoint?: SimulatorEndpoint;
}

/**
 * Outcome labels: `ok`, `errcode:<n>` (e.g. `errcode:40097`, injected `busy` is
 * `errcode:-1`), `http500`, `drop`.
 */
export interface RequestCounters {
  perEndpoint: Partial<Record<SimulatorEndpoint, number>>;
  perOutcome: Partial<Record<SimulatorEndpoint, Record<string, number>>>;
}

export interface ActivationDetails {
  activity_name: string;
  product_brand: string;
  product_title: string;
  product_code: string;
  wxa_appid: string;
  wxa_path: string;
  wxa_type: 0 | 1 | 2;
}

export interface ActivationRecord extends ActivationDetails {
  application_id: number;
  code_start: number;
  code_end: number;
}

export interface MintedTicket {
  code_ticket: string;
  openid: string;
  code: string;
  code_url: string;
  application_id: number;
  code_index: number;
}

export interface SimulatorSettings {
  latencyMs: number;
  finishDelayMs: number;
  packageLayout: PackageLayout;
  pendingFaults: FaultRequest[];
}

/** Same operations as the HTTP admin API under `/__admin/`, in-process. */
export interface SimulatorAdmin {
  /** Delay before every token and marketcode response. */
  setLatency(ms: number): void;
  failNext(fault: FaultRequest): void;
  clearFaults(): void;
  /** Every issued token answers 42001 from now on. */
  expireAllTokens(): void;
  /** A `code_ticket` as a scan would hand the Mini Program; openid generated when absent. */
  mintTicket(input: { application_id: number; code_index: number; openid?: string }): MintedTicket;
  /** The code and code_url at an index of any application, without downloading a package. */
  codeOf(input: { application_id: number; code_index: number }): { code: string; code_url: string };
  counters(): RequestCounters;
  /** Requests per endpoint as they arrived, before latency and faults: also those whose caller died waiting. */
  arrivals(): Partial<Record<SimulatorEndpoint, number>>;
  resetCounters(): void;
  /** Applies to applications created afterwards. */
  setFinishDelayMs(ms: number): void;
  setPackageLayout(layout: PackageLayout): void;
  settings(): SimulatorSettings;
  /** Changes the stored details of the activation covering `code_index` (tests "remote mismatch"). */
  alterActivation(input: { application_id: number; code_index: number; changes: Partial<ActivationDetails> }): ActivationRecord;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  port: number;
  admin: SimulatorAdmin;
  close(): Promise<void>;
}
