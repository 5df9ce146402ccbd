import type { ExportRequest, PrintRunSummary } from '../../shared/batches-contract';
import type { Handlers } from './dispatch';
import type { ActivationService } from '../activation';
import type { AppInfoService } from '../app-info';
import type { BatchService } from '../batches';
import type { ConnectionService } from '../connection';
import type { ConnectivityMonitor } from '../connectivity';
import type { LogService } from '../log';
import type { ProductService } from '../products';
import type { HidScannerService } from '../scanner';
import { settingRole, type SettingsService } from '../settings';
import type { SupervisorGate, SupervisorService } from '../supervisors';
import type { VerificationEngine } from '../verification';

/** Where an export goes: a save dialog in the app, a folder in the data directory elsewhere. Undefined = cancelled. */
export type ChooseExportPath = (suggestedName: string) => Promise<string | undefined>;

export interface HandlerServices {
  appInfo: AppInfoService;
  settings: SettingsService;
  connection: ConnectionService;
  batches: BatchService;
  activations: ActivationService;
  connectivity: ConnectivityMonitor;
  products: ProductService;
  /** The HID POS scanner (docs/scanners.md). */
  scanner: HidScannerService;
  /** Read-only: scans, audit entries and shift reports are open to operators too (docs/log.md). */
  log: LogService;
  supervisors: SupervisorService;
  /** Sessions, scans and acknowledgements at the line (docs/verification.md). */
  verification: VerificationEngine;
  /** The actor of every supervisor-only action: the unlock session in the app, MARKETCODE_SUPERVISOR + MARKETCODE_PIN in the CLI. */
  gate: SupervisorGate;
  exporter: { exportRange(request: ExportRequest, outputPath: string, actor: string): Promise<PrintRunSummary> };
  chooseExportPath: ChooseExportPath;
}

/** The channel → service map. Adding a channel to the contract fails to compile until it is handled here. */
export function createHandlers(services: HandlerServices): Handlers {
  return {
    'app.info': () => services.appInfo.get(),
    'settings.getAll': () => services.settings.getAll(),
    'settings.set': (update) => {
      const actor =
        settingRole(update.key) === 'supervisor'
          ? services.gate.requireSupervisor(`settings.${update.key}`)
          : services.gate.currentActor();
      return services.settings.set(update, actor);
    },
    'connection.get': () => services.connection.info(),
    'connection.save': (update) => services.connection.save(update, services.gate.currentActor()),
    'connection.test': () => services.connection.test(),
    'batches.list': () => services.batches.list(),
    'batches.get': ({ isv_application_id }) => services.batches.detail(isv_application_id),
    'batches.apply': (request) => services.batches.apply(request, services.gate.requireSupervisor('batches.apply')),
    'batches.retry': ({ isv_application_id }) =>
      services.batches.retry(isv_application_id, services.gate.requireSupervisor('batches.retry')),
    'batches.export': async (request) => {
      // Before the save dialog: a locked station is refused without asking where to save.
      const actor = services.gate.requireSupervisor('batches.export');
      const extension = request.format === 'csv' ? 'csv' : 'txt';
      const path = await services.chooseExportPath(
        `codes-${request.application_id}-${request.code_start}-${request.code_end}.${extension}`,
      );
      if (!path) return { print_run: null };
      return { print_run: await services.exporter.exportRange(request, path, actor) };
    },
    'activation.resolveRange': (source) => services.activations.resolveRange(source),
    'activation.create': (request) => services.activations.create(request, services.gate.requireSupervisor('activation.create')),
    'activation.list': ({ application_id }) => services.activations.list(application_id),
    'activation.retry': ({ id }) => services.activations.retry(id, services.gate.requireSupervisor('activation.retry')),
    'activation.cancel': ({ id }) => services.activations.cancel(id, services.gate.requireSupervisor('activation.cancel')),
    'connectivity.get': () => services.connectivity.status(),
    'products.list': (request) => services.products.list(request),
    'products.add': (input) => services.products.add(input),
    'products.update': (input) => services.products.update(input),
    'products.archive': ({ product_code }) => services.products.archive(product_code),
    'products.unarchive': ({ product_code }) => services.products.unarchive(product_code),
    'products.delete': ({ product_code }) => services.products.delete(product_code),
    'products.import': ({ csv }) => services.products.importCsv(csv),
    'products.export': (request) => services.products.exportCsv(request),
    'scanner.listDevices': () => services.scanner.listDevices(),
    // Which device the station listens to is configuration, like the verification settings.
    'scanner.select': (request) => {
      services.gate.requireSupervisor('scanner.select');
      return services.scanner.select(request);
    },
    'scanner.status': () => services.scanner.status(),
    'scanner.forget': () => {
      services.gate.requireSupervisor('scanner.forget');
      return services.scanner.forget();
    },
    'log.scans': (filter) => services.log.scans(filter),
    'log.audit': (filter) => services.log.auditEntries(filter),
    'log.shiftReport': (request) => services.log.shiftReport(request),
    'verify.startSession': (request) => services.verification.startSession(request),
    'verify.endSession': ({ session_id }) => services.verification.endSession(session_id),
    'verify.currentSession': () => services.verification.currentSession(),
    'verify.scan': ({ input, source }) => services.verification.scan(input, source),
    'verify.acknowledge': (request) => services.verification.acknowledge(request),
    'verify.recentScans': (request) => services.verification.recentScans(request),
    'supervisor.status': () => services.supervisors.status(),
    'supervisor.setup': ({ name, pin }) => services.supervisors.setup(name, pin, services.gate),
    'supervisor.unlock': ({ name, pin }) => services.supervisors.unlock(name, pin),
    'supervisor.lock': () => services.supervisors.lock(),
    'supervisor.add': ({ name, pin }) => services.supervisors.add(name, pin, services.gate),
    'supervisor.disable': ({ name }) => services.supervisors.disable(name, services.gate),
    'supervisor.changePin': ({ name, oldPin, newPin }) => services.supervisors.changePin(name, oldPin, newPin, services.gate),
  };
}
