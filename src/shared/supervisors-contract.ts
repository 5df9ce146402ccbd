/** Schemas of the supervisor channels and event (part of the one contract in contract.ts). */
import { z } from 'zod';
import { checkEnteredPin, checkPin, checkSupervisorName, type PinProblem, type SupervisorNameProblem } from './validation/pin-rules';

/** How long an unlock lasts unless the `supervisorUnlockMinutes` setting says otherwise. */
export const DEFAULT_UNLOCK_MINUTES = 10;
export const MIN_UNLOCK_MINUTES = 1;
export const MAX_UNLOCK_MINUTES = 240;

export const unlockMinutesSchema = z.number().int().min(MIN_UNLOCK_MINUTES).max(MAX_UNLOCK_MINUTES);

/** A zod string checked by one of the shared rules; the issue message is the rule's problem code, never the value. */
function ruled(check: (value: string) => PinProblem | SupervisorNameProblem | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const supervisorNameSchema = ruled(checkSupervisorName);
/** A PIN typed to unlock or as the old PIN of a change (4–8 digits: older short PINs still unlock). */
export const pinSchema = ruled(checkEnteredPin);
/** A PIN being chosen (6–8 digits). */
export const newPinSchema = ruled(checkPin);

export const supervisorStatusSchema = z
  .object({
    /** No supervisor exists yet (first run): supervisor-only actions are refused until one is set up. */
    setupNeeded: z.boolean(),
    /** Who is unlocked on this station, and until when (ISO-8601); null when locked. */
    unlocked: z
      .object({
        name: z.string(),
        until: z.string(),
        /**
         * The PIN used to unlock is shorter than new PINs must be: until it is changed, every
         * supervisor action but changing that PIN is refused (SUPERVISOR_PIN_CHANGE_REQUIRED).
         */
        pinChangeRequired: z.boolean(),
      })
      .strict()
      .nullable(),
    supervisors: z.array(z.object({ name: z.string(), disabled: z.boolean() }).strict()),
  })
  .strict();
export type SupervisorStatus = z.infer<typeof supervisorStatusSchema>;

/** `supervisor.unlock`. */
export const supervisorCredentialsSchema = z.object({ name: supervisorNameSchema, pin: pinSchema }).strict();
export type SupervisorCredentials = z.infer<typeof supervisorCredentialsSchema>;

/** `supervisor.setup`, `supervisor.add`: a new supervisor and their new PIN. */
export const newSupervisorSchema = z.object({ name: supervisorNameSchema, pin: newPinSchema }).strict();

export const supervisorNameRequestSchema = z.object({ name: supervisorNameSchema }).strict();

export const changePinRequestSchema = z.object({ name: supervisorNameSchema, oldPin: pinSchema, newPin: newPinSchema }).strict();
export type ChangePinRequest = z.infer<typeof changePinRequestSchema>;
