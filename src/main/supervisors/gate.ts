/**
 * Who may do what. Applying for codes, exporting, activating and editing
 * products need an unlocked supervisor; everything else is recorded as the
 * station's operator. Services ask the gate; they never look at PINs.
 */
export interface SupervisorGate {
  /** The actor to record for a supervisor-only action (e.g. 'supervisor:王工'), or throws SUPERVISOR_REQUIRED. */
  requireSupervisor(action: string): string;
  /** The actor to record for anything else ('supervisor:…' while unlocked, else 'operator' or 'cli'). */
  currentActor(): string;
}
