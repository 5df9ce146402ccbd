/**
 * Builds the client for a connection's settings: Training talks to the
 * embedded simulator (started on first use, stopped by `close`), Live to the
 * configured base URL with the token provider the credentials call for.
 */
import type { AppMode } from '../../shared/contract';
import { SECRET_NAMES, type SecretName } from '../secrets';
import type { RunningSimulator } from '../simulator';
import {
  createAppSecretTokenProvider,
  createMarketcodeClient,
  createStaticTokenProvider,
  createTokenUrlProvider,
  type MarketcodeClientOptions,
  type MarketcodeClient,
  type TokenProvider,
  type TokenProviderEvent,
} from '../wechat';
import { connectionErrors } from '../../shared/error-catalogue/connection';
import { liveTransportProblem, missingForLive, tokenProviderPlan, type LiveSecrets, type SecretsSet, type TokenProviderPlan } from './connection-rules';
import type { StoredConnection } from './connection-store';
import { startTrainingSimulator, TRAINING_ACCOUNT } from './training';

/** What a service needs to talk to WeChat (or the simulator) right now. */
export interface ActiveConnection {
  mode: AppMode;
  client: MarketcodeClient;
  tokenProvider: TokenProvider;
  /** AES key and IV of the code packages. */
  serviceKey: string;
  /** Which Service Account this is (`training` or `live:<appid>`): settings kept per account, e.g. the package layout. */
  account: string;
  baseUrl: string;
}

export interface ConnectionBuilder {
  /** The connection for these settings; rejects with CONNECTION_INCOMPLETE when Live lacks something. */
  build(connection: StoredConnection): Promise<ActiveConnection>;
  /** The running Training simulator, if one was started. */
  trainingSimulator(): RunningSimulator | undefined;
  /** Stops the Training simulator, if one was started. */
  close(): Promise<void>;
}

export interface ConnectionBuilderOptions {
  dataDir: string;
  /** Which secrets are set, and their values (saved or from the environment). */
  secretsSet(): SecretsSet;
  secret(name: SecretName): string | undefined;
  clientOptions?: Partial<Omit<MarketcodeClientOptions, 'baseUrl' | 'tokenProvider'>>;
  trainingOptions?: Parameters<typeof startTrainingSimulator>[1];
  /** What the token providers report (e.g. the /cgi-bin/token fallback's warning), for the log. */
  onTokenEvent?: (event: TokenProviderEvent) => void;
}

export function createConnectionBuilder(options: ConnectionBuilderOptions): ConnectionBuilder {
  let simulator: Promise<RunningSimulator> | undefined;
  let runningSimulator: RunningSimulator | undefined;
  const client = (baseUrl: string, tokenProvider: TokenProvider) =>
    createMarketcodeClient({ ...options.clientOptions, baseUrl, tokenProvider });

  async function training(): Promise<ActiveConnection> {
    simulator ??= startTrainingSimulator(options.dataDir, options.trainingOptions).then((running) => (runningSimulator = running));
    const running = await simulator;
    const tokenProvider = createAppSecretTokenProvider({
      baseUrl: running.baseUrl,
      appid: TRAINING_ACCOUNT.appid,
      secret: TRAINING_ACCOUNT.secret,
      ...(options.onTokenEvent ? { onEvent: options.onTokenEvent } : {}),
    });
    return {
      mode: 'training',
      tokenProvider,
      client: client(running.baseUrl, tokenProvider),
      serviceKey: TRAINING_ACCOUNT.serviceKey,
      account: 'training',
      baseUrl: running.baseUrl,
    };
  }

  function live(connection: StoredConnection): ActiveConnection {
    const missing = missingForLive(connection, options.secretsSet());
    if (missing.length > 0) throw connectionErrors.CONNECTION_INCOMPLETE({ missing });
    const secrets: LiveSecrets = Object.fromEntries(SECRET_NAMES.map((name) => [name, options.secret(name)]));
    // Checked again at use: saved settings predate the rule, and environment variables are never saved.
    const insecure = liveTransportProblem(connection, secrets.tokenUrl);
    if (insecure) throw connectionErrors.CONNECTION_INSECURE_URL(insecure);
    const tokenProvider = createTokenProvider(tokenProviderPlan(connection, secrets, connection.baseUrl), options.onTokenEvent);
    return {
      mode: 'live',
      tokenProvider,
      client: client(connection.baseUrl, tokenProvider),
      serviceKey: secrets.serviceKey ?? '',
      // A token URL or a pasted token may come without an AppID: those share one entry.
      account: `live:${connection.appid === '' ? 'default' : connection.appid}`,
      baseUrl: connection.baseUrl,
    };
  }

  return {
    build: async (connection) => (connection.mode === 'training' ? training() : live(connection)),
    trainingSimulator: () => runningSimulator,
    async close() {
      const running = await simulator?.catch(() => undefined);
      simulator = undefined;
      runningSimulator = undefined;
      await running?.close();
    },
  };
}

function createTokenProvider(plan: TokenProviderPlan, onEvent: ((event: TokenProviderEvent) => void) | undefined): TokenProvider {
  switch (plan.kind) {
    case 'app-secret':
      return createAppSecretTokenProvider({
        baseUrl: plan.baseUrl,
        appid: plan.appid,
        secret: plan.secret,
        ...(onEvent ? { onEvent } : {}),
      });
    case 'static':
      return createStaticTokenProvider({ accessToken: plan.accessToken });
    case 'token-url':
      return createTokenUrlProvider({ url: plan.url });
  }
}
