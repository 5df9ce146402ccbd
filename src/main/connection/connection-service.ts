/**
 * The station's connection: Training (the embedded simulator) or Live (WeChat
 * with the saved or environment credentials). Settings live in the ledger,
 * secrets in the secret store; the rules are in connection-rules.ts and the
 * clients are built by active-connection.ts.
 */
import { basename } from 'node:path';
import type { AppMode, ConnectionInfo, ConnectionSave, ConnectionTestResult, CredentialKind } from '../../shared/contract';
import { connectionErrors } from '../../shared/error-catalogue/connection';
import { isAppError } from '../../shared/errors';
import { assertNoSecrets, type AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../secrets';
import type { RunningSimulator } from '../simulator';
import type { Actor } from '../supervisors/actor';
import type { MarketcodeClientOptions } from '../wechat';
import { createConnectionBuilder, type ActiveConnection } from './active-connection';
import {
  addressOf,
  connectionChange,
  effectiveConnection,
  liveTransportProblem,
  missingForLive,
  savedConnection,
  secretsSetAfter,
  storedSecret,
  type SecretsSet,
} from './connection-rules';
import { createConnectionStore, type StoredConnection } from './connection-store';
import type { EnvironmentConnection } from './environment';
import type { startTrainingSimulator } from './training';

export type { ActiveConnection } from './active-connection';

export interface ConnectionService {
  /** The settings in force, which secrets are set (never their values) and whether Live can start. */
  info(): ConnectionInfo;
  /**
   * Saves the settings and the secrets given; refuses Live while something is missing or a URL
   * is not https (loopback http aside). The audit entry `connection.saved` names `actor` and what
   * changed (mode, addresses, which secrets were replaced; never a secret's value).
   */
  save(update: ConnectionSave, actor: Actor): ConnectionInfo;
  /** Fetches a token with the saved settings and says how it went; `connection.tested` records the outcome. */
  test(actor: Actor): Promise<ConnectionTestResult>;
  /** The client for the current settings; starts the Training simulator on first use. */
  active(): Promise<ActiveConnection>;
  /** The running Training simulator, if one was started. */
  trainingSimulator(): RunningSimulator | undefined;
  close(): Promise<void>;
}

export interface ConnectionServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
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

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const store = createConnectionStore(options.db);
  const { environment, secrets } = options;
  const current = () => effectiveConnection(store.read(), environment, options.forcedMode);
  const secretsSet = (): SecretsSet => {
    const has = (name: SecretName) => (environment ? environment[name] !== undefined : secrets.has(name));
    return { appSecret: has('appSecret'), accessToken: has('accessToken'), tokenUrl: has('tokenUrl'), serviceKey: has('serviceKey') };
  };
  const secret = (name: SecretName) => (environment ? environment[name] : secrets.get(name));
  const builder = createConnectionBuilder({
    dataDir: options.dataDir,
    secretsSet,
    secret,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.trainingOptions ? { trainingOptions: options.trainingOptions } : {}),
    onTokenEvent: (event) => {
      if (event.type === 'stable-token-unavailable') options.logger.warn(event.warning.en, { reason: event.reason });
    },
  });
  const cache = createConnectionCache((connection) => builder.build(connection));
  const active = () => cache.get(current());

  function info(): ConnectionInfo {
    const connection = current();
    const set = secretsSet();
    return {
      ...connection,
      secretsSet: set,
      liveReady: missingForLive(connection, set).length === 0,
      fromEnvironment: Boolean(environment),
      secretStore: environment ? 'environment' : secrets.description,
      secretProtection: environment ? 'environment' : secrets.protection,
      secretNotices: secrets.notices.map(({ kind, file }) => ({ kind, file: basename(file) })),
    };
  }

  function save(update: ConnectionSave, actor: Actor): ConnectionInfo {
    if (environment) throw connectionErrors.CONNECTION_FROM_ENVIRONMENT();
    const before = store.read();
    const next = savedConnection(update, before);
    const missing = missingForLive(next, secretsSetAfter(update, secretsSet()));
    if (next.mode === 'live' && missing.length > 0) throw connectionErrors.CONNECTION_INCOMPLETE({ missing });
    const tokenUrl = next.credentialKind === 'tokenUrl' ? (update.tokenUrl ?? secrets.get('tokenUrl')) : undefined;
    const insecure = liveTransportProblem(next, tokenUrl);
    if (insecure) throw connectionErrors.CONNECTION_INSECURE_URL(insecure);
    // Checked before anything is written, so an entry the audit log would refuse leaves no secret saved either.
    const change = { ...connectionChange(before, next, update) };
    assertNoSecrets(change);
    // Secrets first: if writing one fails, the mode has not switched yet.
    for (const name of SECRET_NAMES) {
      const value = update[name];
      if (value !== undefined) secrets.set(name, storedSecret(name, value));
    }
    options.db.transaction(() => {
      store.write(next);
      options.audit.append({ actor, action: 'connection.saved', subject: null, details: change });
    }).immediate();
    cache.clear();
    options.logger.info('connection saved', {
      mode: next.mode,
      credentialKind: next.credentialKind,
      appid: next.appid,
      baseUrl: next.baseUrl,
    });
    const result = info();
    options.onChange?.(result);
    return result;
  }

  return {
    info,
    save,
    test: (actor) => auditedTest(options.audit, actor, () => testConnection(active, () => current().credentialKind)),
    active,
    trainingSimulator: () => builder.trainingSimulator(),
    close: () => builder.close(),
  };
}

/** One connection per distinct settings, built on first use; a failed build (e.g. incomplete credentials) does not stick. */
function createConnectionCache(build: (connection: StoredConnection) => Promise<ActiveConnection>) {
  let cached: { key: string; connection: Promise<ActiveConnection> } | undefined;
  return {
    get(connection: StoredConnection): Promise<ActiveConnection> {
      const key = JSON.stringify(connection);
      if (cached?.key !== key) {
        const promise = build(connection);
        promise.catch(() => {
          if (cached?.connection === promise) cached = undefined;
        });
        cached = { key, connection: promise };
      }
      return cached.connection;
    },
    clear(): void {
      cached = undefined;
    },
  };
}

/** Fetches a fresh token: it proves the credentials now, not a cached success. */
async function testConnection(
  active: () => Promise<ActiveConnection>,
  credentialKind: () => CredentialKind,
): Promise<ConnectionTestResult> {
  const started = Date.now();
  const connection = await active();
  const token = await connection.tokenProvider.getToken();
  connection.tokenProvider.invalidate(token);
  return {
    mode: connection.mode,
    baseUrl: connection.baseUrl,
    tokenSource: connection.mode === 'training' ? 'secret' : credentialKind(),
    elapsedMs: Date.now() - started,
  };
}

/** Runs the test and records its outcome (`ok`, or the error code), who asked, and where it went. */
async function auditedTest(audit: AuditLog, actor: Actor, run: () => Promise<ConnectionTestResult>): Promise<ConnectionTestResult> {
  try {
    const result = await run();
    audit.append({
      actor,
      action: 'connection.tested',
      subject: null,
      details: {
        outcome: 'ok',
        mode: result.mode,
        base_url: addressOf(result.baseUrl),
        credential_kind: result.tokenSource,
        elapsed_ms: result.elapsedMs,
      },
    });
    return result;
  } catch (error) {
    audit.append({
      actor,
      action: 'connection.tested',
      subject: null,
      details: { outcome: 'failed', error_code: isAppError(error) ? error.code : 'INTERNAL_ERROR' },
    });
    throw error;
  }
}
