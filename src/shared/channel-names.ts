/**
 * The allow-lists, kept free of zod so the sandboxed preload stays dependency
 * free. `contract.ts` fails to compile unless its keys match these exactly.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'settings.getAll',
  'settings.set',
  'connection.get',
  'connection.save',
  'connection.test',
  'batches.list',
  'batches.get',
  'batches.apply',
  'batches.retry',
  'batches.export',
  'activation.resolveRange',
  'activation.create',
  'activation.list',
  'activation.retry',
  'activation.cancel',
  'connectivity.get',
  'supervisor.status',
  'supervisor.setup',
  'supervisor.unlock',
  'supervisor.lock',
  'supervisor.add',
  'supervisor.disable',
  'supervisor.changePin',
  'products.list',
  'products.add',
  'products.update',
  'products.archive',
  'products.unarchive',
  'products.delete',
  'products.import',
  'products.export',
  'scanner.listDevices',
  'scanner.select',
  'scanner.status',
  'scanner.forget',
  'log.scans',
  'log.audit',
  'log.shiftReport',
  'log.auditHead',
  'verify.startSession',
  'verify.endSession',
  'verify.currentSession',
  'verify.scan',
  'verify.acknowledge',
  'verify.recentScans',
  'reconcile.run',
  'reconcile.findings',
  'reconcile.resolve',
  'batches.packageLayout',
  'batches.setPackageLayout',
  'batches.inspectSegment',
] as const;
export const EVENT_NAMES = [
  'settings.changed',
  'connection.changed',
  'batches.changed',
  'batches.progress',
  'activation.changed',
  'connectivity.changed',
  'products.changed',
  'supervisor.changed',
  'scanner.status',
  'verify.scanned',
  'verify.scanUpdated',
  'verify.sessionChanged',
  'verify.scanRefused',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

const channelSet: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && channelSet.has(value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && eventSet.has(value);
}
