export type { SupervisorGate } from './gate';
export type { Actor } from './actor';
export {
  createSupervisorService,
  LOCKOUT_MINUTES,
  LOCKOUT_SECONDS,
  MAX_FAILED_UNLOCKS,
  type LockReason,
  type PinCheckVia,
  type SupervisorService,
  type SupervisorServiceOptions,
  type SupervisorTimers,
} from './supervisor-service';
export { decideAttempt, lockoutSeconds, lockoutSecondsLeft } from './pin-attempts';
export { createEnvironmentGate, NEW_PIN_VARIABLE, PIN_VARIABLE, SUPERVISOR_VARIABLE } from './environment-gate';
export { actionWords } from './action-words';
export { setupNeededError, supervisorRequiredError } from './refusals';
export { DEFAULT_SCRYPT_COST, hashPin, hashPinSync, verifyPin, verifyPinSync, type ScryptCost } from './pin-hash';
