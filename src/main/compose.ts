/**
 * The composition root: builds every service from a config. Electron, the CLI
 * and the tests all start here, so it must never import 'electron'.
 */
import { mkdirSync } from 'node:fs';
import type { AppMode } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createAppInfoService, type AppInfoService } from './app-info';
import { createDispatch, createHandlers, type Dispatch } from './bridge';
import { createEventBus, type EventBus } from './events';
import { openLedger, type SqliteDatabase } from './ledger';
import { createFileLogger, type Logger } from './logging';
import { createSettingsService, type SettingsService } from './settings';

export interface AppConfig {
  /** Where the ledger, logs and Training-mode state live; ':memory:' for throwaway tests. */
  dataDir: string;
  /** Training (embedded simulator) unless Live credentials are configured. */
  mode?: AppMode;
  /** The OS locale, used to pick zh-CN or en before the user chooses. */
  systemLocale?: string;
  logger?: Logger;
}

export interface ComposedApp {
  config: Required<Omit<AppConfig, 'logger'>>;
  dispatch: Dispatch;
  events: EventBus;
  logger: Logger;
  services: {
    appInfo: AppInfoService;
    settings: SettingsService;
  };
  ledger: SqliteDatabase;
  close(): Promise<void>;
}

export async function composeApp(config: AppConfig): Promise<ComposedApp> {
  const dataDir = config.dataDir;
  if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
  const liveCredentialsSet = false;
  const mode = config.mode ?? (liveCredentialsSet ? 'live' : 'training');
  if (mode === 'live' && !liveCredentialsSet) throw liveWithoutCredentialsError();

  const logger = config.logger ?? createFileLogger(dataDir);
  const events = createEventBus();
  const ledger = openLedger(dataDir);
  const systemLocale = config.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale;

  const appInfo = createAppInfoService({ mode, dataDir, liveCredentialsSet, systemLocale });
  const settings = createSettingsService(ledger, (value) => events.emit('settings.changed', value));
  const dispatch = createDispatch(createHandlers({ appInfo, settings }), logger);
  logger.info('app composed', { mode, dataDir });

  return {
    config: { dataDir, mode, systemLocale },
    dispatch,
    events,
    logger,
    services: { appInfo, settings },
    ledger,
    async close() {
      ledger.close();
    },
  };
}

function liveWithoutCredentialsError(): AppError {
  return new AppError('LIVE_CREDENTIALS_MISSING', {
    'zh-CN': {
      message: '正式模式需要先配置凭据（AppID 与密钥、令牌或令牌地址）以及服务密钥。',
      hint: '请在“设置”中填写凭据，或以培训模式启动。',
    },
    en: {
      message: 'Live mode needs credentials (appid and secret, a token, or a token URL) and the service key.',
      hint: 'Enter them in Settings, or start in Training mode.',
    },
  });
}
