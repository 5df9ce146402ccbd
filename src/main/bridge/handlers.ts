import type { ExportRequest, PrintRunSummary } from '../../shared/batches-contract';
import type { Handlers } from './dispatch';
import type { ActivationService } from '../activation';
import type { AppInfoService } from '../app-info';
import type { BatchService } from '../batches';
import type { ConnectionService } from '../connection';
import type { ConnectivityMonitor } from '../connectivity';
import type { LogService } from '../log';
import type { ProductService } from '../products';
import type { ReconcileService } from '../reconcile';
import type { HidScannerService } from '../scanner';
import type { SettingsService } from '../settings';
import type { SupervisorService } from '../supervisors';
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
  /** Findings of the ledger against WeChat and their repairs (docs/reconcile.md). */
  reconcile: ReconcileService;
  exporter: { exportRange(request: ExportRequest, outputPath: string, actor: string): Promise<PrintRunSummary> };
  chooseExportPath: ChooseExportPath;
}

/**
 * The channel → service map. Adding a channel to the contract fails to compile until it is handled here.
 * Each handler gets the actor dispatch resolved from the channel's role; none asks the gate itself.
 */
export function createHandlers(services: HandlerServices): Handlers {
  return {
    'app.info': () => services.appInfo.get(),
    'settings.getAll': () => services.settings.getAll(),
    'settings.set': (update, { actor }) => services.settings.set(update, actor),
    'connection.get': () => services.connection.info(),
    'connection.save': (update, { actor }) => services.connection.save(update, actor),
    'connection.test': (_request, { actor }) => services.connection.test(actor),
    'batches.list': () => services.batches.list(),
    'batches.get': ({ isv_application_id }) => services.batches.detail(isv_application_id),
    'batches.apply': (request, { actor }) => services.batches.apply(request, actor),
    'batches.retry': ({ isv_application_id }, { actor }) => services.batches.retry(isv_application_id, actor),
    // Dispatch refuses a locked station before this runs, so nobody is asked where to save first.
    'batches.export': async (request, { actor }) => {
      const extension = request.format === 'csv' ? 'csv' : 'txt';
      const path = await services.chooseExportPath(
        `codes-${request.application_id}-${request.code_start}-${request.code_end}.${extension}`,
      );
      if (!path) return { print_run: null };
      return { print_run: await services.exporter.exportRange(request, path, actor) };
    },
    'activation.resolveRange': (source) => services.activations.resolveRange(source),
    'activation.create': (request, { actor }) => services.activations.create(request, actor),
    'activation.list': ({ application_id }) => services.activations.list(application_id),
    'activation.retry': ({ id }, { actor }) => services.activations.retry(id, actor),
    'activation.cancel': ({ id }, { actor }) => services.activations.cancel(id, actor),
    'connectivity.get': () => services.connectivity.status(),
    'products.list': (request) => services.products.list(request),
    'products.add': (input, { actor }) => services.products.add(input, actor),
    'products.update': (input, { actor }) => services.products.update(input, actor),
    'products.archive': ({ product_code }, { actor }) => services.products.archive(product_code, actor),
    'products.unarchive': ({ product_code }, { actor }) => services.products.unarchive(product_code, actor),
    'products.delete': ({ product_code }, { actor }) => services.products.delete(product_code, actor),
    'products.import': ({ csv }, { actor }) => services.products.importCsv(csv, actor),
    'products.export': (request) => services.products.exportCsv(request),
    'scanner.listDevices': () => services.scanner.listDevices(),
    // Which device the station listens to is configuration (a supervisor channel in the contract).
    'scanner.select': (request, { actor }) => services.scanner.select(request, actor),
    'scanner.status': () => services.scanner.status(),
    'scanner.forget': (_request, { actor }) => services.scanner.forget(actor),
    'log.scans': (filter) => services.log.scans(filter),
    'log.audit': (filter) => services.log.auditEntries(filter),
    'log.shiftReport': (request) => services.log.shiftReport(request),
    'log.auditHead': () => services.log.auditHead(),
    'verify.startSession': (request, { actor }) => services.verification.startSession(request, actor),
    'verify.endSession': ({ session_id }, { actor }) => services.verification.endSession(session_id, actor),
    'verify.currentSession': () => services.verification.currentSession(),
    'verify.scan': ({ input, source }, { actor }) => services.verification.scan(input, source, actor),
    'verify.acknowledge': (request, { actor }) => services.verification.acknowledge(request, actor),
    'verify.recentScans': (request) => services.verification.recentScans(request),
    'batches.packageLayout': () => services.batches.packageLayout(),
    'batches.setPackageLayout': ({ columns }, { actor }) => services.batches.setPackageLayout(columns, actor),
    'batches.inspectSegment': ({ application_id, code_start }, { actor }) => services.batches.inspectSegment(application_id, code_start, actor),
    'supervisor.status': () => services.supervisors.status(),
    // Whoever chose the first PIN is at this station, so the app unlocks them at once.
    'supervisor.setup': ({ name, pin }, { actor }) => services.supervisors.setup(name, pin, actor, { unlock: true }),
    'supervisor.unlock': ({ name, pin }) => services.supervisors.unlock(name, pin),
    'supervisor.lock': () => services.supervisors.lock(),
    'supervisor.add': ({ name, pin }, { actor }) => services.supervisors.add(name, pin, actor),
    'supervisor.disable': ({ name }, { actor }) => services.supervisors.disable(name, actor),
    'supervisor.changePin': ({ name, oldPin, newPin }, { actor }) => services.supervisors.changePin(name, oldPin, newPin, actor),
    'reconcile.run': (_request, { actor }) => services.reconcile.run('manual', actor),
    'reconcile.findings': () => services.reconcile.report(),
    'reconcile.resolve': (request, { actor }) => services.reconcile.resolve(request, actor),
  };
}
