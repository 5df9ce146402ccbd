import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivationService } from './activations';
import { createAdmin } from './admin';
import { ApplicationService } from './applications';
import { createCodeGenerator } from './code-generator';
import { RequestCounter } from './counters';
import { DEMO_ACCOUNT } from './demo-account';
import { isValidServiceKey } from './encrypt-package';
import { FaultInjector } from './faults';
import { createRequestListener } from './http-server';
import type { RuntimeSettings } from './runtime-settings';
import { SimulatorStore } from './store';
import { TokenService } from './tokens';
import { PACKAGE_LAYOUTS, type RunningSimulator, type SimulatorAccount, type SimulatorOptions } from './types';

/** Composition root of the simulator: state, services, admin and the HTTP server. */

function checkOptions(options: SimulatorOptions, accounts: SimulatorAccount[]): void {
  const nonNegativeInteger = (name: string, value: number | undefined): void => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`simulator option ${name} must be a non-negative integer`);
    }
  };
  nonNegativeInteger('port', options.port);
  nonNegativeInteger('finishDelayMs', options.finishDelayMs);
  if (options.tokenTtlSeconds !== undefined && (!Number.isSafeInteger(options.tokenTtlSeconds) || options.tokenTtlSeconds < 1)) {
    throw new RangeError('simulator option tokenTtlSeconds must be a positive integer');
  }
  if (options.segmentSize !== undefined && (!Number.isSafeInteger(options.segmentSize) || options.segmentSize < 1)) {
    throw new RangeError('simulator option segmentSize must be a positive integer');
  }
  if (options.packageLayout !== undefined && !PACKAGE_LAYOUTS.includes(options.packageLayout)) {
    throw new RangeError(`simulator option packageLayout must be one of ${PACKAGE_LAYOUTS.join(', ')}`);
  }
  if (accounts.length === 0) throw new RangeError('the simulator needs at least one account');
  for (const account of accounts) {
    if (!account.appid || !account.secret) throw new RangeError('simulator accounts need an appid and a secret');
    if (!isValidServiceKey(account.serviceKey)) {
      throw new RangeError(`service key of ${account.appid} must be exactly 16 printable ASCII characters`);
    }
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const accounts = options.accounts ?? [DEMO_ACCOUNT];
  checkOptions(options, accounts);
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';

  const store = SimulatorStore.open(options.dbPath ?? ':memory:', options.seed);
  for (const account of accounts) store.upsertAccount(account);

  const settings: RuntimeSettings = {
    latencyMs: 0,
    finishDelayMs: options.finishDelayMs ?? 1500,
    segmentSize: options.segmentSize ?? 50_000,
    packageLayout: options.packageLayout ?? 'index_code_url',
  };
  const generator = createCodeGenerator(store.seed);
  const tokens = new TokenService(store, now, options.tokenTtlSeconds ?? 7200);
  const applications = new ApplicationService(store, generator, settings, now);
  const activations = new ActivationService(store, generator, applications, now);
  const faults = new FaultInjector();
  const counter = new RequestCounter();
  const admin = createAdmin({ settings, faults, counter, tokens, activations });

  let closing = false;
  const server = createServer(
    createRequestListener({
      tokens,
      applications,
      activations,
      faults,
      counter,
      settings,
      admin,
      isClosing: () => closing,
    }),
  );

  let address: AddressInfo;
  try {
    address = await listen(server, host, options.port ?? 0);
  } catch (error) {
    store.close();
    throw error;
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://${urlHost}:${address.port}`,
    port: address.port,
    admin,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => {
          store.close();
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
