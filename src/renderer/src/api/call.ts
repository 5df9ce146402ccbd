import type { Channel, ChannelRequest, ChannelResponse } from '@shared/contract';
import { appErrors } from '@shared/error-catalogue/app';
import type { AppErrorPayload } from '@shared/errors';
import { SUPERVISOR_REQUIRED } from './error-codes';

/** A failed call, carrying main's translatable error payload. */
export class CallError extends Error {
  readonly payload: AppErrorPayload;
  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.name = 'CallError';
    this.payload = payload;
  }
}

/**
 * Asked when a call is refused with SUPERVISOR_REQUIRED: resolves true once a
 * supervisor has unlocked (the call is then sent again) or false when the user
 * gives up (the refusal is thrown as usual). Main refuses before changing
 * anything, so sending again is safe. Set by the supervisor layer in the shell.
 */
export type SupervisorPrompt = (refusal: AppErrorPayload) => Promise<boolean>;
let supervisorPrompt: SupervisorPrompt | undefined;

/** Installs the prompt; returns the uninstall. */
export function setSupervisorPrompt(prompt: SupervisorPrompt): () => void {
  supervisorPrompt = prompt;
  return () => {
    if (supervisorPrompt === prompt) supervisorPrompt = undefined;
  };
}

/** Invokes a contract channel and unwraps the envelope; transport failures become CallErrors too. */
export async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  let envelope;
  try {
    envelope = await window.api.invoke(channel, request);
  } catch (error) {
    throw new CallError(appErrors.TRANSPORT_ERROR({ reason: error instanceof Error ? error.message : String(error) }).toPayload());
  }
  if (!envelope.ok) {
    if (envelope.error.code === SUPERVISOR_REQUIRED && supervisorPrompt && (await supervisorPrompt(envelope.error))) {
      return call(channel, request);
    }
    throw new CallError(envelope.error);
  }
  return envelope.data;
}
