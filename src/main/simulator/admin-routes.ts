import { z } from 'zod';
import { adminSchemas, parseAdminInput } from './admin';
import { SimulatorAdminError } from './errcodes';
import type { SimulatorAdmin } from './types';

/**
 * `/__admin/...`: the in-process admin operations over JSON, for the CLI, the
 * E2E harness and people poking at Training mode with curl.
 *
 *   GET  /__admin/settings                  → SimulatorSettings
 *   GET  /__admin/counters                  → RequestCounters
 *   GET  /__admin/arrivals                  → requests per endpoint as they arrived
 *   POST /__admin/counters/reset
 *   POST /__admin/latency          {ms}
 *   POST /__admin/faults           {kind, count, endpoint?}
 *   POST /__admin/faults/clear
 *   POST /__admin/tokens/expire
 *   POST /__admin/tickets          {application_id, code_index, openid?} → MintedTicket
 *   POST /__admin/codes            {application_id, code_index} → {code, code_url}
 *   POST /__admin/finish-delay     {ms}
 *   POST /__admin/package-layout   {layout}
 *   POST /__admin/activations/alter {application_id, code_index, changes} → ActivationRecord
 */

export interface AdminResponse {
  status: number;
  body: unknown;
}

const OK = { ok: true } as const;
const msBody = z.strictObject({ ms: adminSchemas.milliseconds });
const layoutBody = z.strictObject({ layout: adminSchemas.layout });

type Route = (admin: SimulatorAdmin, body: unknown) => unknown;

const ROUTES: Record<string, Route> = {
  'GET /__admin/settings': (admin) => admin.settings(),
  'GET /__admin/counters': (admin) => admin.counters(),
  'GET /__admin/arrivals': (admin) => admin.arrivals(),
  'POST /__admin/counters/reset': (admin) => {
    admin.resetCounters();
    return OK;
  },
  'POST /__admin/latency': (admin, body) => {
    admin.setLatency(parseAdminInput(msBody, body).ms);
    return OK;
  },
  'POST /__admin/faults': (admin, body) => {
    admin.failNext(parseAdminInput(adminSchemas.fault, body));
    return OK;
  },
  'POST /__admin/faults/clear': (admin) => {
    admin.clearFaults();
    return OK;
  },
  'POST /__admin/tokens/expire': (admin) => {
    admin.expireAllTokens();
    return OK;
  },
  'POST /__admin/tickets': (admin, body) => admin.mintTicket(parseAdminInput(adminSchemas.mintTicket, body)),
  'POST /__admin/codes': (admin, body) => admin.codeOf(parseAdminInput(adminSchemas.codeIndex, body)),
  'POST /__admin/finish-delay': (admin, body) => {
    admin.setFinishDelayMs(parseAdminInput(msBody, body).ms);
    return OK;
  },
  'POST /__admin/package-layout': (admin, body) => {
    admin.setPackageLayout(parseAdminInput(layoutBody, body).layout);
    return OK;
  },
  'POST /__admin/activations/alter': (admin, body) => admin.alterActivation(parseAdminInput(adminSchemas.alterActivation, body)),
};

export function handleAdminRequest(admin: SimulatorAdmin, method: string, path: string, rawBody: Buffer): AdminResponse {
  const route = ROUTES[`${method} ${path}`];
  if (!route) return { status: 404, body: { error: `no admin route ${method} ${path}` } };
  let body: unknown = {};
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'body is not JSON' } };
    }
  }
  try {
    return { status: 200, body: route(admin, body) };
  } catch (error) {
    if (error instanceof SimulatorAdminError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}
