import { z } from 'zod';
import type { ActivationService } from './activations';
import type { RequestCounter } from './counters';
import { SimulatorAdminError } from './errcodes';
import type { FaultInjector } from './faults';
import type { RuntimeSettings } from './runtime-settings';
import type { TokenService } from './tokens';
import { FAULT_KINDS, MARKETCODE_ENDPOINTS, PACKAGE_LAYOUTS, type SimulatorAdmin } from './types';

/**
 * The admin operations. Inputs are checked here with the same schemas whether
 * they come in-process or through `/__admin/...`, so both behave identically.
 */

const milliseconds = z.number().int().min(0).max(600_000);
const index = z.number().int().min(0);

export const adminSchemas = {
  milliseconds,
  fault: z.strictObject({
    kind: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).max(1_000_000),
    endpoint: z.enum([...MARKETCODE_ENDPOINTS, 'token', 'stable_token']).optional(),
  }),
  layout: z.enum(PACKAGE_LAYOUTS),
  codeIndex: z.strictObject({ application_id: index, code_index: index }),
  mintTicket: z.strictObject({
    application_id: index,
    code_index: index,
    openid: z.string().optional(),
  }),
  alterActivation: z.strictObject({
    application_id: index,
    code_index: index,
    changes: z.strictObject({
      activity_name: z.string().min(1).optional(),
      product_brand: z.string().min(1).optional(),
      product_title: z.string().min(1).optional(),
      product_code: z.string().min(1).optional(),
      wxa_appid: z.string().min(1).optional(),
      wxa_path: z.string().min(1).optional(),
      wxa_type: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    }),
  }),
};

export function parseAdminInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new SimulatorAdminError(400, z.prettifyError(result.error));
  return result.data;
}

export interface AdminDependencies {
  settings: RuntimeSettings;
  faults: FaultInjector;
  counter: RequestCounter;
  tokens: TokenService;
  activations: ActivationService;
}

export function createAdmin(deps: AdminDependencies): SimulatorAdmin {
  const { settings, faults, counter, tokens, activations } = deps;
  return {
    setLatency(ms) {
      settings.latencyMs = parseAdminInput(milliseconds, ms);
    },
    failNext(fault) {
      faults.add(parseAdminInput(adminSchemas.fault, fault));
    },
    clearFaults() {
      faults.clear();
    },
    expireAllTokens() {
      tokens.expireAll();
    },
    mintTicket(input) {
      return activations.mintTicket(parseAdminInput(adminSchemas.mintTicket, input));
    },
    codeOf(input) {
      return activations.codeOf(parseAdminInput(adminSchemas.codeIndex, input));
    },
    counters() {
      return counter.snapshot();
    },
    arrivals() {
      return counter.arrivals();
    },
    resetCounters() {
      counter.reset();
    },
    setFinishDelayMs(ms) {
      settings.finishDelayMs = parseAdminInput(milliseconds, ms);
    },
    setPackageLayout(layout) {
      settings.packageLayout = parseAdminInput(adminSchemas.layout, layout);
    },
    settings() {
      return {
        latencyMs: settings.latencyMs,
        finishDelayMs: settings.finishDelayMs,
        packageLayout: settings.packageLayout,
        pendingFaults: faults.pending(),
      };
    },
    alterActivation(input) {
      return activations.alterActivation(parseAdminInput(adminSchemas.alterActivation, input));
    },
  };
}
