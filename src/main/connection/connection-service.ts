import type { AppMode, ConnectionInfo, ConnectionSave, ConnectionTestResult, CredentialKind } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../secrets';
import type { RunningSimulator } from '../simulator';
import {
  createAppSecretTokenProvider,
  createMarketcodeClient,
  createStaticTokenProvider,
  createTokenUrlProvider,
  type MarketcodeClient,
  type MarketcodeClientOptions,
  type TokenProvider,
} from '../wechat';
import { createConnectionStore, type StoredConnection } from './connection-store';
import type { EnvironmentConnection } from './environment';
import { startTrainingSimulator, TRAINING_ACCOUNT } from './training';

/** What a service needs to talk to WeChat (or the simulator) right now. */
export interface ActiveConnection {
  mode: AppMode;
  client: MarketcodeClient;
  tokenProvider: TokenProvider;
  /** AES key and IV of the code packages. */
  serviceKey: string;
  baseUrl: string;
}

export interface ConnectionService {
  info(): ConnectionInfo;
  save(update: ConnectionSave): ConnectionInfo;
  /** Fetches a token with the saved settings and says how it went. */
  test(): Promise<ConnectionTestResult>;
  /** The client for the current settings; starts the Training simulator on first use. */
  active(): Promise<ActiveConnection>;
  /** The running Training simulator, if one was started. */
  trainingSimulator(): RunningSimulator | undefined;
  close(): Promise<void>;
}

export interface ConnectionServiceOptions {
  db: SqliteDatabase;
  secrets: SecretStore;
  dataDir: string;
  logger: Logger;
  /** Live credentials from environment variables (CLI); they win over saved ones and are never stored. */
  environment?: EnvironmentConnection;
  /** Forces a mode regardless of saved settings (tests, `--training`). */
  forcedMode?: AppMode;
  onChange?: (info: ConnectionInfo) => void;
  /** Passed to every client (tests inject sleep/random). */
  clientOptions?: Partial<Omit<MarketcodeClientOptions, 'baseUrl' | 'tokenProvider'>>;
  /** Options for the Training simulator (tests shorten its finish delay). */
  trainingOptions?: Parameters<typeof startTrainingSimulator>[1];
}

type LiveSecrets = Partial<Record<SecretName, string>>;

const REQUIRED_SECRET: Record<CredentialKind, SecretName> = { secret: 'appSecret', token: 'accessToken', tokenUrl: 'tokenUrl' };

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const store = createConnectionStore(options.db);
  const environment = options.environment;
  let simulator: Promise<RunningSimulator> | undefined;
  let runningSimulator: RunningSimulator | undefined;
  let cached: { key: string; connection: Promise<ActiveConnection> } | undefined;

  function current(): StoredConnection {
    const stored = store.read();
    if (environment)
      return { mode: 'live', credentialKind: environment.credentialKind, appid: environment.appid, baseUrl: environment.baseUrl };
    return options.forcedMode ? { ...stored, mode: options.forcedMode } : stored;
  }

  function liveSecret(name: SecretName): string | undefined {
    return environment ? environment[name] : options.secrets.get(name);
  }

  function secretsSet(): ConnectionInfo['secretsSet'] {
    const has = (name: SecretName) => (environment ? environment[name] !== undefined : options.secrets.has(name));
    return { appSecret: has('appSecret'), accessToken: has('accessToken'), tokenUrl: has('tokenUrl'), serviceKey: has('serviceKey') };
  }

  function missingForLive(connection: StoredConnection, set: ConnectionInfo['secretsSet']): string[] {
    const missing: string[] = [];
    if (connection.credentialKind === 'secret' && !connection.appid) missing.push('appid');
    if (!set[REQUIRED_SECRET[connection.credentialKind]]) missing.push(REQUIRED_SECRET[connection.credentialKind]);
    if (!set.serviceKey) missing.push('serviceKey');
    return missing;
  }

  function info(): ConnectionInfo {
    const connection = current();
    const set = secretsSet();
    return {
      ...connection,
      secretsSet: set,
      liveReady: missingForLive(connection, set).length === 0,
      fromEnvironment: Boolean(environment),
      secretStore: environment ? 'environment' : options.secrets.description,
    };
  }

  function tokenProviderFor(connection: StoredConnection, secrets: LiveSecrets, baseUrl: string): TokenProvider {
    switch (connection.credentialKind) {
      case 'secret':
        return createAppSecretTokenProvider({ baseUrl, appid: connection.appid, secret: secrets.appSecret ?? '' });
      case 'token':
        return createStaticTokenProvider({ accessToken: secrets.accessToken ?? '' });
      case 'tokenUrl':
        return createTokenUrlProvider({ url: secrets.tokenUrl ?? '' });
    }
  }

  async function build(connection: StoredConnection): Promise<ActiveConnection> {
    if (connection.mode === 'training') {
      simulator ??= startTrainingSimulator(options.dataDir, options.trainingOptions).then((running) => (runningSimulator = running));
      const running = await simulator;
      const tokenProvider = createAppSecretTokenProvider({
        baseUrl: running.baseUrl,
        appid: TRAINING_ACCOUNT.appid,
        secret: TRAINING_ACCOUNT.secret,
      });
      return {
        mode: 'training',
        tokenProvider,
        client: createMarketcodeClient({ ...options.clientOptions, baseUrl: running.baseUrl, tokenProvider }),
        serviceKey: TRAINING_ACCOUNT.serviceKey,
        baseUrl: running.baseUrl,
      };
    }
    const missing = missingForLive(connection, secretsSet());
    if (missing.length > 0) throw incompleteError(missing);
    const secrets: LiveSecrets = Object.fromEntries(SECRET_NAMES.map((name) => [name, liveSecret(name)]));
    const tokenProvider = tokenProviderFor(connection, secrets, connection.baseUrl);
    return {
      mode: 'live',
      tokenProvider,
      client: createMarketcodeClient({ ...options.clientOptions, baseUrl: connection.baseUrl, tokenProvider }),
      serviceKey: secrets.serviceKey ?? '',
      baseUrl: connection.baseUrl,
    };
  }

  function active(): Promise<ActiveConnection> {
    const connection = current();
    const key = JSON.stringify(connection);
    if (cached?.key !== key) {
      const promise = build(connection);
      // A failed build (e.g. incomplete credentials) must not stick.
      promise.catch(() => {
        if (cached?.connection === promise) cached = undefined;
      });
      cached = { key, connection: promise };
    }
    return cached.connection;
  }

  return {
    info,
    save(update) {
      if (environment) throw fromEnvironmentError();
      const next: StoredConnection = {
        mode: update.mode,
        credentialKind: update.credentialKind,
        appid: update.appid?.trim() ?? store.read().appid,
        baseUrl: update.baseUrl?.trim() ?? store.read().baseUrl,
      };
      const set = secretsSet();
      for (const name of SECRET_NAMES) if (update[name] !== undefined) set[name] = true;
      const missing = missingForLive(next, set);
      if (next.mode === 'live' && missing.length > 0) throw incompleteError(missing);
      // Secrets first: if writing one fails, the mode has not switched yet.
      for (const name of SECRET_NAMES) {
        const value = update[name];
        if (value !== undefined) options.secrets.set(name, name === 'serviceKey' ? value : value.trim());
      }
      store.write(next);
      cached = undefined;
      options.logger.info('connection saved', {
        mode: next.mode,
        credentialKind: next.credentialKind,
        appid: next.appid,
        baseUrl: next.baseUrl,
      });
      const result = info();
      options.onChange?.(result);
      return result;
    },
    async test() {
      const started = Date.now();
      const connection = await active();
      // A fresh token proves the credentials now, not a cached success.
      const token = await connection.tokenProvider.getToken();
      connection.tokenProvider.invalidate(token);
      const settings = current();
      return {
        mode: connection.mode,
        baseUrl: connection.baseUrl,
        tokenSource: connection.mode === 'training' ? 'secret' : settings.credentialKind,
        elapsedMs: Date.now() - started,
      };
    },
    active,
    trainingSimulator: () => runningSimulator,
    async close() {
      const running = await simulator?.catch(() => undefined);
      simulator = undefined;
      runningSimulator = undefined;
      await running?.close();
    },
  };
}

function incompleteError(missing: string[]): AppError {
  const names: Record<string, { zh: string; en: string }> = {
    appid: { zh: 'AppID', en: 'AppID' },
    appSecret: { zh: 'AppSecret', en: 'app secret' },
    accessToken: { zh: '访问令牌', en: 'access token' },
    tokenUrl: { zh: '令牌地址', en: 'token URL' },
    serviceKey: { zh: '服务密钥', en: 'service key' },
  };
  const zh = missing.map((name) => names[name]?.zh ?? name).join('、');
  const en = missing.map((name) => names[name]?.en ?? name).join(', ');
  return new AppError(
    'CONNECTION_INCOMPLETE',
    {
      'zh-CN': { message: `正式模式缺少：${zh}。`, hint: '请在“设置 → 连接”中填写后再切换到正式模式。' },
      en: { message: `Live mode is missing: ${en}.`, hint: 'Fill them in under Settings → Connection, then switch to Live.' },
    },
    { missing: missing.join(',') },
  );
}

function fromEnvironmentError(): AppError {
  return new AppError('CONNECTION_FROM_ENVIRONMENT', {
    'zh-CN': { message: '当前连接来自环境变量（MARKETCODE_*），不能在此修改。', hint: '请修改或清除这些环境变量。' },
    en: {
      message: 'The connection comes from MARKETCODE_* environment variables and cannot be changed here.',
      hint: 'Change or unset those variables.',
    },
  });
}
