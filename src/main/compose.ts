/**
 * The composition root: builds every service from a config. Electron, the CLI
 * and the tests all start here, so it must never import 'electron'.
 */
import type { AppMode } from '../shared/contract';
import { appErrors } from '../shared/error-catalogue/app';
import { DEFAULT_UNLOCK_MINUTES } from '../shared/supervisors-contract';
import { type ActivationService, type OutboxSender, type OutboxSenderOptions } from './activation';
import { createAppInfoService, type AppInfoService } from './app-info';
import { composeModePart, type StationParts, type StationRecords } from './compose-mode-part';
import { createAuditLog, type AuditLog } from './audit';
import type { BatchService, BatchServiceOptions } from './batches';
import type { ImportThread, ImportThreadOptions } from './batches/import-thread';
import { resolveActor, type ChooseExportPath, type Dispatch, type DispatchAccess, type StaticRoleChannel } from './bridge';
import { createConnectionService, type ConnectionService, type ConnectionServiceOptions, type EnvironmentConnection } from './connection';
import { createConnectivityMonitor } from './connectivity';
import { createEventBus, type EventBus } from './events';
import { secureDataDir } from './file-permissions';
import { openLedger, type SqliteDatabase } from './ledger';
import { createModeHolder, splitOnFirstStart, type LedgerSplitResult } from './modes';
import type { LogService } from './log';
import { createFileLogger, type Logger } from './logging';
import type { ProductService } from './products';
import type { ReconcileService } from './reconcile';
import { beepOnHidFailures, createHidScannerService, loadHid, type HidLoader, type HidScannerService } from './scanner';
import {
  createMemorySecretStore,
  defaultSecretKeyProvider,
  LEGACY_SAFE_STORAGE_FILE,
  openSecretStore,
  type LegacySecretFile,
  type SecretKeyProvider,
  type SecretStore,
} from './secrets';
import { createSettingsService, type SettingsService } from './settings';
import { createSupervisorService, type Actor, type SupervisorGate, type SupervisorService } from './supervisors';
import type { VerificationEngine, VerificationTuning } from './verification';

export interface AppConfig {
  /** Where the ledger, logs, secrets and Training-mode state live; ':memory:' for throwaway tests. */
  dataDir: string;
  /** Forces a mode; otherwise the saved connection decides (Training until Live is set up). */
  mode?: AppMode;
  /** The OS locale, used to pick zh-CN or en before the user chooses. */
  systemLocale?: string;
  logger?: Logger;
  /** A ready store (tests); otherwise the one store in the data directory (secrets/open-secret-store.ts). */
  secretStore?: SecretStore;
  /** Where the store's key comes from: the OS keychain by default (MARKETCODE_SECRET_STORE=file: none). */
  secretKeys?: SecretKeyProvider;
  /** Older secret files to move in; by default the app's safeStorage file, which only the app can open (it says so). */
  legacySecretFiles?: LegacySecretFile[];
  /** Live credentials from environment variables (CLI). */
  environment?: EnvironmentConnection;
  clientOptions?: ConnectionServiceOptions['clientOptions'];
  trainingOptions?: ConnectionServiceOptions['trainingOptions'];
  /**
   * Where segment imports and look-up builds run (batches/import-thread/host.ts); a worker thread by default.
   * A function makes the thread itself from the ledger (tests that stand in for a failing one).
   */
  importThread?: ImportThreadOptions['placement'] | ((ledger: SqliteDatabase) => ImportThread);
  /** Timing of the batch worker (tests make it fast and deterministic). */
  batchOptions?: Pick<BatchServiceOptions, 'now' | 'random' | 'sleep' | 'pollDelayMs' | 'offlineRetry'>;
  /** Timing of the activation outbox (tests make it fast and deterministic). */
  outboxOptions?: Pick<OutboxSenderOptions, 'now' | 'random' | 'offlineRetry'>;
  /** The app shows a save dialog; elsewhere exports go to `<dataDir>/exports/`. */
  chooseExportPath?: ChooseExportPath;
  /**
   * Who may do supervisor-only things. The app's gate is its unlock session (the default);
   * the CLI passes one built from MARKETCODE_SUPERVISOR + MARKETCODE_PIN; tests may pass their own.
   */
  gate?: (supervisors: SupervisorService) => SupervisorGate;
  /** Remote confirmation of scans: clock, concurrency, timeouts, cache TTL, back-off, station name (tests, bench). */
  verificationOptions?: VerificationTuning;
  /** node-hid, loaded lazily by default (scanner/hid-loader.ts); tests pass a fake. */
  loadHid?: HidLoader;
}

export interface ComposedApp {
  config: { dataDir: string; systemLocale: string };
  dispatch: Dispatch;
  events: EventBus;
  logger: Logger;
  services: {
    appInfo: AppInfoService;
    settings: SettingsService;
    connection: ConnectionService;
    audit: AuditLog;
    batches: BatchService;
    activations: ActivationService;
    products: ProductService;
    log: LogService;
    supervisors: SupervisorService;
    /** The verification engine; the HID reader calls `verification.scan(input, 'hid')`. */
    verification: VerificationEngine;
    /** The HID POS scanner: its scans go to `verification.scan(text, 'hid')`; a non-PASS sounds its error beep. */
    scanner: HidScannerService;
    /** The ledger against WeChat's codeactivequery (docs/reconcile.md). */
    reconcile: ReconcileService;
  };
  /** The unlock session in the app, MARKETCODE_SUPERVISOR + MARKETCODE_PIN in the CLI (see AppConfig.gate). */
  gate: SupervisorGate;
  /**
   * The actor for an action outside the bridge (the CLI), decided by the channel's role in the contract
   * exactly as dispatch decides it; throws SUPERVISOR_REQUIRED when that role is not met.
   */
  actorFor(channel: StaticRoleChannel): Actor;
  /** The ledger of the mode in force (Training's own file in Training; docs/modes.md). */
  ledger: SqliteDatabase;
  /** The station's ledger (the Live one): the mode, connection, settings, supervisors and their audit entries. */
  stationLedger: SqliteDatabase;
  /** The station ledger's audit log: supervisor, settings and connection entries in any mode (`services.audit` is the mode's). */
  stationAudit: AuditLog;
  /** The mode in force, and a promise that resolves once a switch under way has finished. */
  mode(): AppMode;
  modeSettled(): Promise<void>;
  /** What the first start after the upgrade moved from a shared ledger into Training's; undefined otherwise. */
  ledgerSplit: LedgerSplitResult | undefined;
  /** The activation sender of the mode in force, for the CLI and tests to drive step by step. */
  outbox: OutboxSender;
  /** Starts background work (the batch worker); the CLI drives single applications instead. */
  start(): void;
  close(): Promise<void>;
}

export const SECRETS_FILE = 'secrets.json';

/** What every part is built on: the data directory's ledger, logger, events, secrets and audit log. */
function composeCore(config: AppConfig) {
  const dataDir = config.dataDir;
  // Owner-only from here on: the folder, what an older version left in it, and everything created later.
  if (dataDir !== ':memory:') secureDataDir(dataDir);
  const ledger = openLedger(dataDir);
  const logger = config.logger ?? createFileLogger(dataDir);
  return {
    dataDir,
    ledger,
    logger,
    events: createEventBus(),
    audit: createAuditLog(ledger),
    systemLocale: config.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    secrets: config.secretStore ?? (dataDir === ':memory:' ? createMemorySecretStore() : openDataDirSecrets(dataDir, config, logger)),
  };
}

function openDataDirSecrets(dataDir: string, config: AppConfig, logger: Logger): SecretStore {
  return openSecretStore({
    dataDir,
    fileName: SECRETS_FILE,
    keys: config.secretKeys ?? defaultSecretKeyProvider(process.env),
    legacy: config.legacySecretFiles ?? [{ fileName: LEGACY_SAFE_STORAGE_FILE }],
    logger,
  });
}
type Core = ReturnType<typeof composeCore>;

/** Training or Live, and the online/offline feed every WeChat call reports to; a saved mode change calls `onModeChange` first. */
function composeConnection(
  { ledger, audit, secrets, dataDir, logger, events }: Core,
  config: AppConfig,
  onModeChange: (mode: AppMode) => void,
) {
  const connectivity = createConnectivityMonitor({ onChange: (status) => events.emit('connectivity.changed', status) });
  const connection = createConnectionService({
    db: ledger,
    audit,
    secrets,
    dataDir,
    logger,
    ...(config.environment ? { environment: config.environment } : {}),
    ...(config.mode ? { forcedMode: config.mode } : {}),
    clientOptions: {
      ...config.clientOptions,
      onEvent: (event) => {
        connectivity.observe(event);
        config.clientOptions?.onEvent?.(event);
      },
    },
    ...(config.trainingOptions ? { trainingOptions: config.trainingOptions } : {}),
    onChange: (info) => {
      onModeChange(info.mode);
      events.emit('connection.changed', info);
    },
  });
  return { connectivity, connection };
}

/** Settings, supervisors and the gate: the station's, whatever the mode. */
function composeStationRecords({ ledger, audit, logger, events }: Core, config: AppConfig) {
  const settings = createSettingsService(ledger, audit, (value) => events.emit('settings.changed', value));
  const supervisors = createSupervisorService({
    db: ledger,
    audit,
    logger,
    unlockMinutes: () => settings.getAll().supervisorUnlockMinutes ?? DEFAULT_UNLOCK_MINUTES,
    onChange: (status) => events.emit('supervisor.changed', status),
  });
  const gate = config.gate ? config.gate(supervisors) : supervisors.gate;
  return { settings, supervisors, gate };
}

/** The HID scanner belongs to the station; its scans go to the verification engine of the mode in force. */
function composeScanner(
  { logger, events }: Core,
  { settings, gate }: Pick<ReturnType<typeof composeStationRecords>, 'settings' | 'gate'>,
  verification: () => VerificationEngine,
  config: AppConfig,
) {
  const scanner = createHidScannerService({
    loadHid: config.loadHid ?? loadHid,
    logger,
    store: {
      load: () => settings.getAll().hidScanner ?? undefined,
      save: (choice, actor) => settings.set({ key: 'hidScanner', value: choice }, actor),
    },
    // A HID scan is the operator channel verify.scan without the bridge.
    onScan: (text) => verification().scan(text, 'hid', gate.currentActor()),
    onStatus: (status) => events.emit('scanner.status', status),
  });
  const stopBeeping = beepOnHidFailures(events, scanner, logger);
  return { scanner, stopBeeping };
}

export async function composeApp(config: AppConfig): Promise<ComposedApp> {
  const core = composeCore(config);
  const { dataDir, ledger, logger, systemLocale } = core;
  let onModeChange: (mode: AppMode) => void = () => undefined;
  const { connectivity, connection } = composeConnection(core, config, (mode) => onModeChange(mode));
  if (config.mode === 'live' && !connection.info().liveReady) {
    ledger.close();
    throw appErrors.LIVE_CREDENTIALS_MISSING();
  }
  const ledgerSplit = beforeStart(
    () => splitOnFirstStart(core),
    () => ledger.close(),
  );
  const records = composeStationRecords(core, config);
  const { settings, gate } = records;
  const station: StationParts = { ...core, connection, connectivity };
  const { scanner, stopBeeping } = composeScanner(core, records, () => holder.current().services.verification, config);
  const appInfo = createAppInfoService({ dataDir, systemLocale, connection: () => connection.info(), ledgerSplit });
  const stationRecords: StationRecords = { ...records, scanner, appInfo };
  // The mode's ledger may refuse to open (LEDGER_WRONG_MODE, LEDGER_TOO_NEW).
  const holder = beforeStart(
    () =>
      createModeHolder(
        (mode, isCurrent) => composeModePart(station, stationRecords, mode, isCurrent, config),
        connection.info().mode,
        logger,
      ),
    () => (records.supervisors.close(), ledger.close()),
  );
  onModeChange = (mode) => holder.switchTo(mode);
  const access: DispatchAccess = {
    gate,
    settings: () => settings.getAll(),
    scanVerdict: (id) => holder.current().services.verification.scanById(id)?.verdict,
  };
  logger.info('app composed', { mode: connection.info().mode, dataDir });

  return {
    config: { dataDir, systemLocale },
    dispatch: (channel, raw, context) => holder.current().dispatch(channel, raw, context),
    events: core.events,
    logger,
    get services() {
      return holder.current().services;
    },
    gate,
    actorFor: (channel) => resolveActor(access, channel, {}),
    get outbox() {
      return holder.current().outbox;
    },
    get ledger() {
      return holder.current().ledger;
    },
    stationLedger: ledger,
    stationAudit: core.audit,
    mode: () => holder.current().mode,
    modeSettled: () => holder.settled(),
    ledgerSplit,
    start: () => {
      holder.start();
      scanner.start();
    },
    async close() {
      stopBeeping();
      await scanner.close();
      await holder.close();
      await connection.close();
      records.supervisors.close();
      ledger.close();
    },
  };
}

/** A start-up step before anything runs: if it throws, `undo` closes what was opened and the error goes on. */
function beforeStart<T>(step: () => T, undo: () => void): T {
  try {
    return step();
  } catch (error) {
    undo();
    throw error;
  }
}
