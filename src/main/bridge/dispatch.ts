import type { z } from 'zod';
import { contract, isChannel, type Channel, type ChannelResponse, type ParsedRequest, type Settings } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { appErrors } from '../../shared/error-catalogue/app';
import { isAppError, type AppErrorPayload } from '../../shared/errors';
import type { Verdict } from '../../shared/verification-contract';
import { ledgerBusyError } from '../ledger/ledger-busy';
import type { Actor, SupervisorGate } from '../supervisors';
import { decideRole } from './role-rules';

/** What a transport says about a call. */
export interface DispatchContext {
  transport: 'ipc' | 'http' | 'direct';
}

/** What a handler knows about the call: the transport, and who is acting (already allowed by the channel's role). */
export interface HandlerContext extends DispatchContext {
  actor: Actor;
}

/** One handler per channel; a missing entry is a compile error where the map is built. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
};

/** How dispatch decides who may call: the gate (unlock session or CLI supervisor) and the facts conditional roles read. */
export interface DispatchAccess {
  gate: SupervisorGate;
  settings: () => Settings;
  /** A scan's current verdict (acknowledging a DUPLICATE by button needs a supervisor); absent: not known. */
  scanVerdict?: (scanId: number) => Verdict | undefined;
}

export type Dispatch = (channel: unknown, raw: unknown, context?: DispatchContext) => Promise<Envelope<unknown>>;

export interface DispatchLogger {
  error(message: string, fields: Record<string, unknown>): void;
}

/**
 * Transport-free entry point: Electron IPC, the harness's HTTP bridge and tests
 * all call this. It never throws; every failure comes back as an envelope.
 * The one place roles are enforced: after the request is valid, before the
 * handler runs, so a refused call has changed nothing (the renderer resends it
 * once a supervisor unlocks).
 */
export function createDispatch(handlers: Handlers, access: DispatchAccess, logger?: DispatchLogger): Dispatch {
  return async (channel, raw, context = { transport: 'direct' }) => {
    if (!isChannel(channel)) {
      return failure(unknownChannelError(channel));
    }
    const spec = contract[channel];
    const parsed = spec.request.safeParse(raw ?? {});
    if (!parsed.success) {
      return failure(invalidRequestError(channel, parsed.error));
    }
    try {
      const actor = resolveActor(access, channel, parsed.data);
      const handler = handlers[channel] as (request: unknown, context: HandlerContext) => unknown;
      const result = await handler(parsed.data, { ...context, actor });
      const checked = spec.response.safeParse(result);
      if (!checked.success) {
        logger?.error('handler returned a response outside the contract', { channel, issues: checked.error.issues });
        return failure(appErrors.INVALID_RESPONSE({ channel }).toPayload());
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      const busy = ledgerBusyError(error);
      if (busy) return failure(busy.toPayload());
      if (isAppError(error)) return failure(error.toPayload());
      logger?.error('handler failed', { channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return failure(appErrors.INTERNAL_ERROR({ channel }).toPayload());
    }
  };
}

/** Channels whose role does not depend on the request: what the CLI may ask an actor for without one. */
export type StaticRoleChannel = { [C in Channel]: (typeof contract)[C]['role'] extends string ? C : never }[Channel];

/**
 * The actor for one call, or the gate's refusal (SUPERVISOR_REQUIRED / SUPERVISOR_SETUP_NEEDED).
 * Dispatch calls it for every request; the CLI for its commands (ComposedApp.actorFor).
 */
export function resolveActor(access: DispatchAccess, channel: Channel, request: unknown): Actor {
  const decision = decideRole(channel, contract[channel].role, request, access);
  return decision.role === 'supervisor' ? access.gate.requireSupervisor(decision.action) : access.gate.currentActor();
}

function failure(error: AppErrorPayload): Envelope<never> {
  return { ok: false, error };
}

function unknownChannelError(channel: unknown): AppErrorPayload {
  return appErrors.UNKNOWN_CHANNEL({ channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel }).toPayload();
}

function invalidRequestError(channel: Channel, error: z.ZodError): AppErrorPayload {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : '(request)';
  return appErrors.INVALID_REQUEST({ channel, field, reason: first?.message ?? 'invalid', issues: error.issues.length }).toPayload();
}
