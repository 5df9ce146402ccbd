/**
 * One mode's part of the composition root (docs/modes.md): the services kept in that mode's ledger, built on what the
 * station lends them (its connection, events, logger, settings and supervisors). compose.ts builds the station and
 * hands this to the mode holder, which composes a part per mode in force.
 */
import { join } from 'node:path';
import type { AppMode } from '../shared/contract';
import { createActivationService, createOutboxSender, summarizeActivation, type OutboxSender } from './activation';
import type { AppInfoService } from './app-info';
import type { AuditLog } from './audit';
import { createWorkLoop } from './background/work-loop';
import { createBatchService } from './batches';
import { createPrintRunExporter } from './batches/export';
import { createImportThread } from './batches/import-thread';
import { createDispatch, createHandlers, type Dispatch, type DispatchAccess } from './bridge';
import type { AppConfig, ComposedApp } from './compose';
import type { ConnectionService } from './connection';
import type { ConnectivityMonitor } from './connectivity';
import type { EventBus } from './events';
import { LEDGER_FILE, type SqliteDatabase } from './ledger';
import { createLogService } from './log';
import type { Logger } from './logging';
import { bindConnectionToMode, composeModeLedger, defaultExportPath } from './modes';
import { createProductService, SYSTEM_ACTOR } from './products';
import { createReconcileSchedule, createReconcileService } from './reconcile';
import type { HidScannerService } from './scanner';
import type { SettingsService } from './settings';
import type { SupervisorGate, SupervisorService } from './supervisors';
import { createVerificationEngine } from './verification';

/** What a mode's services are built on: its ledger and audit log, the folder it keeps files under, logger and events. */
export interface ModePartCore {
  /** The mode's folder (the data directory for Live, `training/` for Training). */
  dataDir: string;
  ledger: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
  events: EventBus;
}

/** The station's own parts a mode part uses: its ledger and audit log (Live's), the connection and its online feed. */
export type StationParts = ModePartCore & { connection: ConnectionService; connectivity: ConnectivityMonitor };

/** The station's records, whatever the mode: settings, supervisors and the gate, the HID scanner, app info. */
export interface StationRecords {
  settings: SettingsService;
  supervisors: SupervisorService;
  gate: SupervisorGate;
  scanner: HidScannerService;
  appInfo: AppInfoService;
}

/** A mode part as the mode holder runs it (modes/mode-holder.ts) and the composed app reaches it. */
export interface ModePart {
  mode: AppMode;
  /** The mode's ledger (the station's own in Live). */
  ledger: SqliteDatabase;
  /** The station's services with this mode's in place of the mode-bound ones. */
  services: ComposedApp['services'];
  outbox: OutboxSender;
  dispatch: Dispatch;
  /** Starts the part's background work: batch worker, outbox loop, remote confirmations, reconcile schedule. */
  start(): void;
  /** Stops that work and closes what the part opened (Training's ledger). */
  close(): Promise<void>;
}

type ModeConnection = Pick<ConnectionService, 'active'>;

/**
 * Everything kept in one mode's ledger (docs/modes.md): applications and print runs, products, activations and their
 * outbox, sessions and scans, the log, with that ledger's audit log and export folder. In Live that ledger is the
 * station's own; in Training it is `training/ledger.sqlite`, opened here and closed with the part.
 */
export function composeModePart(
  station: StationParts,
  records: StationRecords,
  mode: AppMode,
  isCurrent: () => boolean,
  config: AppConfig,
): ModePart {
  const modeLedger = composeModeLedger(station, mode);
  const core: ModePartCore = { ...station, ...modeLedger };
  const connection = bindConnectionToMode(station.connection, mode, isCurrent);
  const { exporter, importThread, batches } = composeBatches({ ...core, mode }, connection, config);
  const products = createProductService({
    db: core.ledger,
    audit: core.audit,
    onChanged: (change) => station.events.emit('products.changed', change),
  });
  const log = createLogService({ db: core.ledger, audit: core.audit, mode });
  const { outboxLoop, activations, outbox, verification } = composeLine(core, connection, records, config);
  const { reconcile, reconcileSchedule } = composeReconcile(core, connection, { activations, outboxLoop });
  const { settings, supervisors, scanner, appInfo } = records;
  const stationServices = { appInfo, settings, supervisors, scanner, connection: station.connection };
  const services = { ...stationServices, audit: core.audit, batches, activations, products, log, verification, reconcile };
  const handlers = createHandlers({
    ...services,
    connectivity: station.connectivity,
    exporter,
    chooseExportPath: config.chooseExportPath ?? defaultExportPath(modeLedger.exportFolder),
  });
  const access: DispatchAccess = {
    gate: records.gate,
    settings: () => settings.getAll(),
    scanVerdict: (id) => verification.scanById(id)?.verdict,
  };
  return {
    mode,
    ledger: core.ledger,
    services,
    outbox,
    dispatch: createDispatch(handlers, access, station.logger),
    start() {
      // Training's demo products, once per ledger; here rather than at composition so CLI runs and tests leave the audit log alone.
      if (mode === 'training') products.seedDemoProducts(SYSTEM_ACTOR);
      batches.start();
      outboxLoop.start();
      verification.start();
      reconcileSchedule.start();
    },
    async close() {
      await outboxLoop.stop();
      await reconcileSchedule.stop();
      await verification.stop();
      // Closing the thread first pauses a look-up build, so quitting does not wait for it.
      const importThreadClosed = importThread.close();
      await batches.stop();
      await importThreadClosed;
      modeLedger.close();
    },
  };
}

/** Applications, their segments and print runs, with imports and look-up builds on the import thread. */
function composeBatches(
  { ledger, audit, logger, events, dataDir, mode }: ModePartCore & { mode: AppMode },
  connection: ModeConnection,
  config: AppConfig,
) {
  const exporter = createPrintRunExporter({ db: ledger, audit, mode });
  const importThread =
    typeof config.importThread === 'function'
      ? config.importThread(ledger)
      : createImportThread({
          ledger,
          ledgerPath: dataDir === ':memory:' ? null : join(dataDir, LEDGER_FILE),
          logger,
          ...(config.importThread ? { placement: config.importThread } : {}),
        });
  const batches = createBatchService({
    db: ledger,
    audit,
    logger,
    connection: () => connection.active(),
    importThread,
    failedPackagesDir: dataDir === ':memory:' ? null : join(dataDir, 'packages', 'failed'),
    printRuns: (applicationId) => exporter.printRuns(applicationId),
    onChanged: (summary) => events.emit('batches.changed', summary),
    onProgress: (progress) => events.emit('batches.progress', progress),
    ...config.batchOptions,
  });
  return { exporter, importThread, batches };
}

/** Activations and their outbox, and the verification engine. */
function composeLine(
  { ledger, audit, logger, events }: ModePartCore,
  connection: ModeConnection,
  { settings }: Pick<StationRecords, 'settings'>,
  config: AppConfig,
) {
  const outboxLoop = createWorkLoop({
    step: () => outbox.step(),
    nextDueInMs: () => outbox.nextDueInMs(),
    onError: (error) => logger.error('outbox step failed', { error: String(error) }),
  });
  const activations = createActivationService({
    db: ledger,
    audit,
    onChanged: (summary) => events.emit('activation.changed', summary),
    onQueued: () => outboxLoop.kick(),
  });
  const outbox = createOutboxSender({
    db: ledger,
    store: activations.store,
    audit,
    logger,
    connection: () => connection.active(),
    ...config.outboxOptions,
    onChanged: (id) => {
      const row = activations.store.byId(id);
      if (row) events.emit('activation.changed', summarizeActivation(row));
    },
  });
  const verification = createVerificationEngine({
    db: ledger,
    audit,
    logger,
    connection: () => connection.active(),
    settings,
    events,
    ...config.verificationOptions,
  });
  return { outboxLoop, activations, outbox, verification };
}

/** Reconcile with WeChat for the mode's ledger: after an outbox send whose fate is unknown, and once a day. */
function composeReconcile(
  { ledger, audit, logger, events }: ModePartCore,
  connection: ModeConnection,
  { activations, outboxLoop }: Pick<ReturnType<typeof composeLine>, 'activations' | 'outboxLoop'>,
) {
  const reconcile = createReconcileService({
    db: ledger,
    audit,
    logger,
    connection: () => connection.active(),
    onActivationChanged: (id) => {
      const row = activations.store.byId(id);
      if (row) events.emit('activation.changed', summarizeActivation(row));
    },
    onQueued: () => outboxLoop.kick(),
  });
  const reconcileSchedule = createReconcileSchedule({ service: reconcile, events, logger });
  return { reconcile, reconcileSchedule };
}
